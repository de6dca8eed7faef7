import type { Agency, ChildParticipation, FamilyParticipation, InviteeAgency, InviteeAttendance } from '../db/schema.ts';
import { addDays, ageOn } from '../platform/calendar/dates.ts';
import { groupByChild } from '../platform/collections/by-child.ts';
import type { DemoContext } from './context.ts';
import { insertRows, type RowOf } from './insert.ts';
import { demoRand } from './rand.ts';

/**
 * The substance of the demo council's strategy discussions and initial
 * conferences, from the case events the visits generator made. Each
 * discussion has the child's social worker, the police and (nine times in
 * ten) health, often the school; what was shared comes from a short list. A
 * discussion that started an enquiry has its enquiry from that date. Where an
 * initial conference followed (every one of the demo's conferences starts a
 * plan that day), the enquiry ended a few days before it, concerns
 * substantiated and the child at continuing risk, and the conference is
 * written up: chaired by an IRO, 4 to 7 invitees by agency and attendance,
 * the child's and the family's participation, and the plan's own category.
 * Of the recent enquiries with no conference, some more than 10 days old
 * ended without one (a case event 's47_no_conference' on the day they ended);
 * the rest are left under way. Every
 * choice comes from the seed.
 */
export interface EnquiriesDemoSummary {
  discussions: number;
  enquiries: number;
  conferences: number;
}

const SHARED = [
  'School reported bruising to the upper arm; the child said a parent grabbed them. Police hold two previous call-outs to the address for domestic abuse.',
  'Health visitor found the home without heating and the baby underweight; missed appointments over three months.',
  'The child disclosed to a teacher that an adult in the home hits them with a belt. No marks seen today.',
  'Neighbour reported the children left alone overnight. Police attended and found them alone; mother returned at 2am.',
  'A&E saw the child with a burn the hospital thinks is not consistent with the account given.',
  'Police report an arrest for drug supply at the home; the children were present. School reports poor attendance and hunger.',
];

const ACTIONS = ['Joint visit with the police today', 'Child protection medical arranged', 'Safety plan agreed with the non-abusing parent', 'School to share attendance and any concerns daily', 'Police to check the partner’s history'];

const POLICE_ROLES = ['Child abuse investigation team', 'Public protection unit', 'Detective constable'];
const HEALTH_ROLES = ['Named nurse for safeguarding', 'Health visitor', 'School nurse', 'Paediatrician'];

const CHILD: readonly (readonly [ChildParticipation, number])[] = [
  ['attended', 0.15],
  ['attended_part', 0.1],
  ['advocate', 0.2],
  ['in_writing', 0.15],
  ['through_worker', 0.3],
  ['did_not_take_part', 0.1],
];

const FAMILY: readonly (readonly [FamilyParticipation, number])[] = [
  ['attended', 0.6],
  ['attended_part', 0.1],
  ['advocate', 0.1],
  ['in_writing', 0.05],
  ['did_not_attend', 0.13],
  ['excluded', 0.02],
];

const ATTENDANCE: readonly (readonly [InviteeAttendance, number])[] = [
  ['attended', 0.45],
  ['attended_and_report', 0.3],
  ['sent_report', 0.15],
  ['did_not_attend', 0.1],
];

const OUTLINES: Record<string, string> = {
  NEG: 'Parents to keep the home warm, clean and stocked with food; health visitor weekly; nursery place taken up; visits every two weeks.',
  PHY: 'The adult who hurt the child not to stay at the home; no physical chastisement; school to report any marks; visits every two weeks.',
  SAB: 'No contact with the alleged abuser; therapeutic support through the sexual assault referral centre; safety work with the child.',
  EMO: 'Parents to take up domestic abuse support; the children’s wishes heard at each visit; family support worker twice a week.',
  MUL: 'A safety plan agreed with the family; referrals for parenting and substance misuse support; visits every two weeks.',
};

export async function generateEnquiries(ctx: DemoContext): Promise<EnquiriesDemoSummary> {
  const { db, today, faker } = ctx;
  const rand = demoRand(ctx);
  const events = await db
    .selectFrom('case_events as ev')
    .innerJoin('people', 'people.id', 'ev.child_id')
    .select(['ev.id', 'ev.child_id', 'ev.kind', 'ev.event_date', 'ev.s47_started', 'ev.recorded_by', 'people.date_of_birth'])
    .where('ev.kind', 'in', ['strategy_discussion', 'icpc'])
    .where('ev.event_date', '<=', today)
    .orderBy('people.la_child_id')
    .orderBy('ev.child_id')
    .orderBy('ev.event_date')
    .orderBy('ev.id')
    .execute();
  const plans = await db.selectFrom('cp_plans').select(['id', 'child_id', 'start_date', 'initial_category']).orderBy('child_id').orderBy('start_date').orderBy('id').execute();
  const names = new Map((await db.selectFrom('users').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  const iros = (await db.selectFrom('users').select('id').where('role', '=', 'iro').where('disabled_at', 'is', null).orderBy('email').execute()).map((u) => u.id);
  if (events.length === 0 || iros.length === 0) return { discussions: 0, enquiries: 0, conferences: 0 };

  const person = () => `${faker.person.firstName()} ${faker.person.lastName()}`;
  const discussions: RowOf<'strategy_discussions'>[] = [];
  const attendees: RowOf<'strategy_discussion_attendees'>[] = [];
  const enquiries: (RowOf<'s47_enquiries'> & { id: string })[] = [];
  const conferences: RowOf<'child_protection_conferences'>[] = [];
  const invitees: RowOf<'conference_invitees'>[] = [];
  const recordedAt = (date: string) => new Date(`${addDays(date, 1) > today ? today : addDays(date, 1)}T${addDays(date, 1) > today ? '08' : '16'}:00:00Z`);

  const recorder = new Map(events.map((e) => [e.id, e.recorded_by]));
  for (const ev of events.filter((e) => e.kind === 'strategy_discussion')) {
    const worker = names.get(ev.recorded_by) ?? person();
    const people: [string, Agency, string | null][] = [[worker, 'social_care', 'Social worker'], [person(), 'police', rand.pick(POLICE_ROLES)]];
    if (rand.chance(0.9)) people.push([person(), 'health', rand.pick(HEALTH_ROLES)]);
    if (rand.chance(0.6)) people.push([person(), 'education', 'Designated safeguarding lead']);
    if (rand.chance(0.5)) people.push([names.get(ev.recorded_by) === worker ? person() : worker, 'social_care', 'Team manager']);
    discussions.push({
      case_event_id: ev.id,
      child_id: ev.child_id,
      information_shared: rand.pick(SHARED),
      other_actions: rand.chance(0.8) ? rand.shuffle(ACTIONS).slice(0, rand.int(1, 3)).join('; ') : null,
      recorded_by: ev.recorded_by,
      recorded_at: recordedAt(ev.event_date),
    });
    people.forEach(([name, agency, role], i) => attendees.push({ case_event_id: ev.id, position: i + 1, name, agency, role }));
    if (ev.s47_started) {
      enquiries.push({ id: faker.string.uuid(), child_id: ev.child_id, strategy_discussion_id: ev.id, start_date: ev.event_date, outcome: null, ended_on: null, icpc_required: null, no_conference_event_id: null, outcome_recorded_by: null, outcome_recorded_at: null });
    }
  }

  // Each child's own plans and enquiries (the same objects, so an enquiry ended here is ended in the list too).
  const plansOf = groupByChild(plans, (p) => p);
  const enquiriesOf = groupByChild(enquiries, (e) => e);
  for (const ev of events.filter((e) => e.kind === 'icpc')) {
    const plan = plansOf.get(ev.child_id)?.find((p) => p.start_date === ev.event_date);
    const enquiry = (enquiriesOf.get(ev.child_id) ?? []).filter((e) => e.start_date <= ev.event_date && e.outcome === null).at(-1);
    if (!plan || !enquiry) continue;
    const ended = addDays(ev.event_date, -rand.int(1, 5));
    enquiry.outcome = 'substantiated_continuing_risk';
    enquiry.ended_on = ended < enquiry.start_date ? enquiry.start_date : ended;
    enquiry.icpc_required = true;
    enquiry.outcome_recorded_by = ev.recorded_by;
    enquiry.outcome_recorded_at = recordedAt(enquiry.ended_on);
    const young = ev.date_of_birth !== null && ageOn(ev.date_of_birth, ev.event_date) < 5;
    const family = rand.weighted(FAMILY);
    const familyCame = family === 'attended' || family === 'attended_part';
    conferences.push({
      case_event_id: ev.id,
      child_id: ev.child_id,
      enquiry_id: enquiry.id,
      chair_id: rand.pick(iros),
      child_participation: young ? 'too_young' : rand.weighted(CHILD),
      family_participation: family,
      plan_decided: true,
      category: plan.initial_category,
      plan_outline: OUTLINES[plan.initial_category] ?? OUTLINES.MUL!,
      cp_plan_id: plan.id,
      recorded_by: ev.recorded_by,
      recorded_at: recordedAt(ev.event_date),
    });
    const people: [string, InviteeAgency][] = [[names.get(ev.recorded_by) ?? person(), 'social_care'], [person(), 'family'], [person(), 'health'], [person(), 'police']];
    if (rand.chance(0.8)) people.push([person(), 'education']);
    if (rand.chance(0.4)) people.push([person(), 'family']);
    if (rand.chance(0.3)) people.push([person(), 'other']);
    people.forEach(([name, agency], i) =>
      invitees.push({ case_event_id: ev.id, position: i + 1, name, agency, attendance: i === 0 ? 'attended_and_report' : agency === 'family' ? (familyCame ? 'attended' : 'did_not_attend') : rand.weighted(ATTENDANCE) }),
    );
  }

  // Some of the enquiries with no conference ended without one: concerns not substantiated, or no continuing risk.
  const noConference: RowOf<'case_events'>[] = [];
  for (const enquiry of enquiries) {
    if (enquiry.outcome !== null || enquiry.start_date > addDays(today, -10) || !rand.chance(0.4)) continue;
    const ended = addDays(enquiry.start_date, rand.int(5, 10));
    const event = { id: faker.string.uuid(), child_id: enquiry.child_id, kind: 's47_no_conference' as const, event_date: ended, s47_started: null, note: null, recorded_by: recorder.get(enquiry.strategy_discussion_id)!, recorded_at: recordedAt(ended) };
    noConference.push(event);
    Object.assign(enquiry, {
      outcome: rand.chance(0.6) ? 'not_substantiated' : 'substantiated_not_continuing_risk',
      ended_on: ended,
      icpc_required: false,
      no_conference_event_id: event.id,
      outcome_recorded_by: event.recorded_by,
      outcome_recorded_at: event.recorded_at,
    });
  }
  await insertRows(db, 'case_events', noConference);
  await insertRows(db, 'strategy_discussions', discussions);
  await insertRows(db, 'strategy_discussion_attendees', attendees);
  await insertRows(db, 's47_enquiries', enquiries);
  await insertRows(db, 'child_protection_conferences', conferences);
  await insertRows(db, 'conference_invitees', invitees);
  return { discussions: discussions.length, enquiries: enquiries.length, conferences: conferences.length };
}
