import type { AssessmentOutcome } from '../db/schema.ts';
import { addDays, ageOn } from '../platform/calendar/dates.ts';
import { groupByChild } from '../platform/collections/by-child.ts';
import { addWorkingDays, workingDaysBetween } from '../platform/calendar/working-days.ts';
import type { DemoContext } from './context.ts';
import { insertRows, type RowOf } from './insert.ts';
import { demoRand, type Rand } from './rand.ts';

/**
 * The single assessments of the demo council's referrals. Every referral
 * whose assessment is on the record (a case event of kind 'assessment',
 * written by the visits generator on the date it was completed) gets the
 * assessment behind it, authorised on that same date by a manager of the
 * lead worker's team: started a few working days after the referral, the
 * child seen in its first weeks (alone, mostly, from school age), its
 * factors, the three domains of the Assessment Framework, the child's and the
 * parents' views and the analysis from a small bank of plainly made-up
 * words, and an outcome that fits what happened next. A few were returned
 * once for more work before they were authorised. Open referrals without an
 * assessment yet have one in progress, some submitted and waiting for their
 * manager. Every choice comes from the seed.
 */
export interface AssessmentsDemoSummary {
  authorised: number;
  inProgress: number;
  awaiting: number;
}

/** Factor codes (CIN census assessmentfactorstype) in the rough mix a county sees; the child's age bounds some. */
const FACTORS: readonly (readonly [code: string, weight: number, minAge: number])[] = [
  ['3B', 0.28, 0],
  ['4B', 0.24, 0],
  ['2B', 0.1, 0],
  ['1B', 0.1, 0],
  ['16A', 0.12, 0],
  ['17A', 0.1, 0],
  ['18C', 0.05, 0],
  ['4A', 0.08, 10],
  ['15A', 0.04, 11],
  ['10A', 0.03, 11],
  ['11A', 0.02, 11],
  ['24A', 0.03, 12],
  ['5B', 0.03, 0],
  ['6A', 0.03, 0],
  ['7A', 0.02, 9],
  ['20', 0.03, 0],
];

/** A line of words for children from `min` to `max` years old. */
type Aged = readonly [text: string, min: number, max: number];

const DEVELOPMENT: readonly Aged[] = [
  ['{name} is meeting developmental milestones and is a warm, sociable baby. Immunisations are up to date; the health visitor has seen the baby twice this month.', 0, 2],
  ['{name} is a lively toddler whose speech is a little behind; a referral to speech and language therapy has been made. Sleep is unsettled.', 1, 4],
  ['{name} is doing well at school and loves drawing and football. Attendance has dropped to 88% this term and the teacher notices {name} is tired on Mondays.', 5, 11],
  ['{name} is bright and chatty but has become withdrawn in class since the summer. School describe good friendships and a love of reading.', 5, 11],
  ['{name} has an education, health and care plan for autism and is well supported at school; changes to routine at home cause distress.', 4, 17],
  ['{name} is in year 10 and predicted to pass most GCSEs, but attendance has fallen to 70% and {name} is often out late with older friends.', 13, 17],
  ['{name} has told the school nurse about low mood and self-harm; CAMHS have accepted a referral. {name} is articulate and wants help.', 11, 17],
];

const PARENTING: readonly string[] = [
  'Mum meets {name}’s basic care needs well and the home is warm and clean. Her low mood makes mornings hard and routines slip when she is unwell.',
  'Both parents love {name} and want to do their best. Their arguments, sometimes in front of the children, leave {name} frightened; they accept this and want support.',
  'Dad is the main carer and manages well day to day, but struggles to set boundaries and to get {name} to school on time.',
  'Mum’s drinking has increased since the separation. When sober she is attentive and warm; at other times the children are left to look after themselves.',
  'The parents give good physical care but have not recognised the risk from a family friend who visits; they were open with the worker once it was explained.',
  'Grandmother provides much of the day-to-day care and is a real strength; mum’s contact is inconsistent.',
];

const FAMILY: readonly string[] = [
  'The family live in a two-bedroom flat; dad left in the summer after police call-outs and now has supervised contact. Money is tight since he left.',
  'The family were recently rehoused after rent arrears. They know few people locally and mum feels isolated; the children’s grandmother lives an hour away.',
  'A large extended family live nearby and are supportive. Dad works nights and mum works part-time; the house is overcrowded.',
  'The family moved into the county from London six months ago. The children have settled at school but the adults have no friends or family close by.',
  'Dad has a history of violence in previous relationships. Mum has started the Freedom Programme and has support from the local domestic abuse service.',
];

const CHILD_VIEWS: readonly Aged[] = [
  ['{name} is too young to give views in words. Seen at home: relaxed with mum, smiling and reaching for her when a stranger spoke.', 0, 3],
  ['“I like it when mummy takes me to the park. I don’t like the shouting.”', 4, 8],
  ['“I want daddy to come home but only if he is kind.” {name} drew the family in the three houses activity and put the dog in the house of good things.', 4, 10],
  ['“I worry about mum when I’m at school. I just want things to be normal.”', 9, 14],
  ['“Nobody listens to me at home. I don’t want to be in care, I just want someone to talk to.”', 11, 17],
  ['“I know the people I hang around with aren’t good for me but they’re the only ones who get me.”', 13, 17],
];

const PARENT_VIEWS: readonly string[] = [
  'Mum says she wants help with her mood and with {name}’s sleep, and agreed to a referral to the talking therapies service.',
  'Dad feels social care are making too much of one incident, but agreed to work with the family support worker.',
  'Both parents want things to change and said the assessment helped them see how the arguments affect {name}.',
  'Mum was worried at first that {name} would be taken away; she now says she is glad the school asked for help.',
  'The parents disagree with some of the concerns but want {name} to have support at school and with CAMHS.',
];

const ANALYSIS: Record<AssessmentOutcome, readonly string[]> = {
  no_further_action: [
    'The concern was a one-off and has been resolved; the parents acted protectively. {name}’s needs are met and no further social care involvement is needed.',
    'The information gathered does not show that {name} is a child in need. The family have been given information about local support.',
  ],
  early_help: [
    '{name}’s needs are real but can be met with family support: the parents are engaged and the risks are low. Stepping down to the early help team with a plan agreed with school.',
    'The family need practical help with routines and school attendance rather than a social work plan. Stepping down to early help, with the family’s agreement.',
  ],
  cin_plan: [
    'The domestic abuse has ended but its effects on mum and {name} continue. With a child in need plan, support for mum’s mental health and direct work with {name}, things should improve.',
    '{name}’s development is being affected by the parents’ difficulties. A child in need plan will coordinate school, health and family support and review progress in three months.',
  ],
  strategy_discussion: [
    'There is reasonable cause to suspect that {name} is suffering, or is likely to suffer, significant harm. A strategy discussion has been held and a section 47 enquiry started.',
    'What {name} said, with the injuries seen, means the threshold for a section 47 enquiry is met; the manager has convened a strategy discussion.',
  ],
};

const RETURN_REASONS: readonly string[] = [
  'Please say more about what school sees day to day, and what {name} said when seen alone.',
  'The analysis needs to weigh the history of call-outs; please add the police information and speak to dad.',
  'Please record the parents’ views in their own words and check the health visitor’s view.',
];

const words = (text: string, name: string) => text.replaceAll('{name}', name);
function aged(rand: Rand, lines: readonly Aged[], age: number): string {
  const fit = lines.filter(([, min, max]) => age >= min && age <= max);
  return rand.pick(fit.length ? fit : lines)[0];
}

const NOT_SEEN_VIEWS = '{name} was not seen during the assessment; their views were gathered through their teacher and the school nurse.';

function pickFactors(rand: Rand, age: number, outcome: AssessmentOutcome): string[] {
  if (outcome === 'no_further_action' && rand.chance(0.5)) return ['21'];
  const allowed = FACTORS.filter(([, , minAge]) => age >= minAge).map(([code, weight]) => [code, weight] as const);
  const count = rand.weighted([[1, 0.35], [2, 0.4], [3, 0.25]] as const);
  const chosen = new Set<string>();
  for (let i = 0; i < count * 3 && chosen.size < count; i += 1) chosen.add(rand.weighted(allowed));
  return [...chosen].sort();
}

export async function generateAssessments(ctx: DemoContext): Promise<AssessmentsDemoSummary> {
  const { db, today } = ctx;
  const rand = demoRand(ctx);
  const referrals = await db
    .selectFrom('referrals')
    .innerJoin('people', 'people.id', 'referrals.child_id')
    .select(['referrals.id', 'referrals.child_id', 'referrals.referral_date', 'referrals.close_date', 'people.forename', 'people.date_of_birth'])
    .where('referrals.no_further_action', '=', false)
    .where('referrals.referral_date', '<=', today)
    .orderBy('people.la_child_id')
    .orderBy('referrals.referral_date')
    .orderBy('referrals.id')
    .execute();
  if (referrals.length === 0) return { authorised: 0, inProgress: 0, awaiting: 0 };
  const events = await db.selectFrom('case_events').select(['id', 'child_id', 'event_date']).where('kind', '=', 'assessment').orderBy('child_id').orderBy('event_date').orderBy('id').execute();
  const eventsOf = new Map<string, typeof events>();
  for (const e of events) eventsOf.set(e.child_id, [...(eventsOf.get(e.child_id) ?? []), e]);
  const plansOf = groupByChild(await db.selectFrom('cp_plans').select(['child_id', 'start_date']).execute(), (p) => p);
  const leads = await db
    .selectFrom('allocations')
    .select(['child_id', 'team_id', 'worker_id', 'start_date', 'end_date'])
    .where('role', '=', 'lead')
    .orderBy('child_id')
    .orderBy('start_date')
    .orderBy('id')
    .execute();
  const leadsOf = new Map<string, typeof leads>();
  for (const l of leads) leadsOf.set(l.child_id, [...(leadsOf.get(l.child_id) ?? []), l]);
  const managers = await db
    .selectFrom('users')
    .select(['id', 'team_id', 'role'])
    .where('role', 'in', ['team_manager', 'practice_supervisor'])
    .where('disabled_at', 'is', null)
    .orderBy('email')
    .execute();
  const socialWorkers = (await db.selectFrom('users').select('id').where('role', '=', 'social_worker').where('disabled_at', 'is', null).orderBy('email').execute()).map((u) => u.id);
  if (managers.length === 0 || socialWorkers.length === 0) return { authorised: 0, inProgress: 0, awaiting: 0 };

  const leadOn = (childId: string, date: string) => (leadsOf.get(childId) ?? []).find((l) => l.start_date <= date && (l.end_date === null || l.end_date >= date)) ?? leadsOf.get(childId)?.[0];
  const managerFor = (teamId: string | null | undefined, not: string) => {
    const ofTeam = managers.filter((m) => m.team_id === teamId && m.id !== not);
    const teamManager = ofTeam.find((m) => m.role === 'team_manager');
    if (teamManager && (ofTeam.length === 1 || rand.chance(0.8))) return teamManager.id;
    if (ofTeam.length) return rand.pick(ofTeam).id;
    return rand.pick(managers.filter((m) => m.id !== not)).id;
  };

  const rows: RowOf<'assessments'>[] = [];
  const factorRows: RowOf<'assessment_factors'>[] = [];
  const summary: AssessmentsDemoSummary = { authorised: 0, inProgress: 0, awaiting: 0 };
  const used = new Set<string>();
  for (const r of referrals) {
    const end = r.close_date ?? today;
    const event = (eventsOf.get(r.child_id) ?? []).find((e) => !used.has(e.id) && e.event_date >= r.referral_date && e.event_date <= end);
    const age = r.date_of_birth ? Math.max(0, ageOn(r.date_of_birth, r.referral_date)) : 0;
    const lead = leadOn(r.child_id, r.referral_date);
    const author = lead?.worker_id ?? rand.pick(socialWorkers);
    const name = r.forename;

    if (event) {
      used.add(event.id);
      const authorised = event.event_date;
      const span = workingDaysBetween(r.referral_date, authorised);
      const start = addWorkingDays(r.referral_date, Math.min(span, rand.int(0, 3)));
      const seenOn = addDays(start, rand.int(0, Math.min(10, Math.max(0, workingDaysBetween(start, authorised)))));
      const seen = seenOn <= authorised && rand.chance(0.97);
      let submitted = addDays(authorised, -rand.int(0, 4));
      if (submitted < start) submitted = start;
      const laterPlan = (plansOf.get(r.child_id) ?? []).some((p) => p.start_date >= r.referral_date && p.start_date <= addDays(authorised, 60));
      const closedSoon = r.close_date !== null && r.close_date <= addDays(authorised, 30);
      const outcome: AssessmentOutcome = laterPlan ? 'strategy_discussion' : closedSoon ? (rand.chance(0.5) ? 'no_further_action' : 'early_help') : 'cin_plan';
      const manager = managerFor(lead?.team_id, author);
      const returned = rand.chance(0.08) && submitted > addDays(start, 3);
      const returnedOn = returned ? addDays(start, rand.int(1, Math.max(1, workingDaysBetween(start, submitted) - 1))) : null;
      const id = ctx.faker.string.uuid();
      rows.push({
        id,
        child_id: r.child_id,
        referral_id: r.id,
        start_date: start,
        child_seen: seen,
        child_seen_on: seen ? seenOn : null,
        seen_alone: seen ? age >= 5 && rand.chance(0.75) : null,
        developmental_needs: words(aged(rand, DEVELOPMENT, age), name),
        parenting_capacity: words(rand.pick(PARENTING), name),
        family_environment: words(rand.pick(FAMILY), name),
        child_views: words(seen ? aged(rand, CHILD_VIEWS, age) : NOT_SEEN_VIEWS, name),
        parents_views: words(rand.pick(PARENT_VIEWS), name),
        analysis: words(rand.pick(ANALYSIS[outcome]), name),
        outcome,
        created_by: author,
        created_at: new Date(`${start}T10:00:00Z`),
        updated_by: author,
        updated_at: new Date(`${submitted}T16:00:00Z`),
        submitted_on: submitted,
        submitted_by: author,
        returned_on: returnedOn && returnedOn < submitted ? returnedOn : null,
        returned_by: returnedOn && returnedOn < submitted ? manager : null,
        return_reason: returnedOn && returnedOn < submitted ? words(rand.pick(RETURN_REASONS), name) : null,
        authorised_on: authorised,
        authorised_by: manager,
        authorised_at: new Date(`${authorised}T17:00:00Z`),
        case_event_id: event.id,
      });
      for (const code of pickFactors(rand, age, outcome)) factorRows.push({ assessment_id: id, child_id: r.child_id, code });
      summary.authorised += 1;
      continue;
    }

    // An open referral with no assessment completed yet: one is under way.
    if (r.close_date !== null || !lead?.worker_id) continue;
    const days = workingDaysBetween(r.referral_date, today);
    const start = addWorkingDays(r.referral_date, Math.min(days, rand.int(0, 3)));
    if (start > today) continue;
    const written = workingDaysBetween(start, today);
    const seen = written >= 3 && rand.chance(0.85);
    const seenOn = seen ? addDays(start, rand.int(1, Math.min(10, written))) : null;
    const full = written >= 15;
    const submitted = full && seen && rand.chance(0.4) ? addDays(today, -rand.int(0, 3)) : null;
    const outcome: AssessmentOutcome = rand.weighted([['cin_plan', 0.6], ['early_help', 0.25], ['no_further_action', 0.15]] as const);
    const id = ctx.faker.string.uuid();
    rows.push({
      id,
      child_id: r.child_id,
      referral_id: r.id,
      start_date: start,
      child_seen: seen ? true : full ? false : null,
      child_seen_on: seen && seenOn! <= today ? seenOn : null,
      seen_alone: seen && seenOn! <= today ? age >= 5 && rand.chance(0.75) : null,
      developmental_needs: written >= 5 ? words(aged(rand, DEVELOPMENT, age), name) : null,
      parenting_capacity: written >= 8 ? words(rand.pick(PARENTING), name) : null,
      family_environment: written >= 10 ? words(rand.pick(FAMILY), name) : null,
      child_views: seen ? words(aged(rand, CHILD_VIEWS, age), name) : null,
      parents_views: written >= 8 ? words(rand.pick(PARENT_VIEWS), name) : null,
      analysis: full ? words(rand.pick(ANALYSIS[outcome]), name) : null,
      outcome: full ? outcome : null,
      created_by: lead.worker_id,
      created_at: new Date(`${start}T10:00:00Z`),
      updated_by: lead.worker_id,
      updated_at: new Date(`${submitted ?? start}T16:00:00Z`),
      submitted_on: submitted && submitted >= start ? submitted : null,
      submitted_by: submitted && submitted >= start ? lead.worker_id : null,
    });
    if (full) for (const code of pickFactors(rand, age, outcome)) factorRows.push({ assessment_id: id, child_id: r.child_id, code });
    if (submitted && submitted >= start) summary.awaiting += 1;
    else summary.inProgress += 1;
  }
  await insertRows(db, 'assessments', rows);
  await insertRows(db, 'assessment_factors', factorRows);
  return summary;
}
