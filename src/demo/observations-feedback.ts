// The demo council's year of practice quality (from the first of the month
// eleven months before today to today): observations of practice by each
// team's managers, mostly good, some outstanding, a few requiring
// improvement, most reflected on by the worker; feedback from children,
// families and partner agencies, mostly positive with some critical; and a
// few compliments and complaints, the complaints through their stages.
import type { AgencyType, ComplaintOutcome, FeedbackRespondent, FeedbackSource, ObservationSetting, OfstedGrade, ThingsBetter } from '../db/schema.ts';
import { addDays, addMonths } from '../platform/calendar/dates.ts';
import { addWorkingDays } from '../platform/calendar/working-days.ts';
import { hashLinkToken } from '../platform/public-links/index.ts';
import type { DemoContext } from './context.ts';
import { demoRand } from './rand.ts';
import { insertInBatches } from './insert.ts';

const WENT_WELL: readonly string[] = [
  'Warm and clear with the family; explained why we were there and what happens next.',
  'Spent time with the child on their own and used their words in the discussion.',
  'Kept the meeting focused on the child’s plan and made sure everyone knew their actions.',
  'Noticed the home conditions and talked about them with respect and honesty.',
  'Good use of the direct-work tool: the child led and the worker followed.',
  'Challenged the professionals kindly when the plan drifted.',
];
const TO_DEVELOP: readonly string[] = [
  'Write up the analysis on the day, while the detail is fresh.',
  'Bring the father into the conversation as well as the mother.',
  'Check the child’s understanding at the end of the visit.',
  'Use the chronology to show the pattern, not only the latest incident.',
  'Plan the visit with a clear purpose agreed with the supervisor beforehand.',
  'Be more direct about what must change and by when.',
];
const REFLECTIONS: readonly string[] = [
  'Helpful to hear. I will write my analysis before leaving for the day.',
  'I agree. I had not noticed how little the father spoke; I will plan for it next time.',
  'I felt nervous being observed but the feedback was fair. I want to try the tool again.',
  'I will take this to supervision and look at the course suggested.',
];
const SETTINGS: readonly (readonly [ObservationSetting, number])[] = [
  ['home_visit', 5],
  ['meeting', 2],
  ['conference', 1],
  ['direct_work', 2],
  ['supervision', 1],
];
const GRADES: readonly (readonly [OfstedGrade | null, number])[] = [
  ['good', 62],
  ['outstanding', 22],
  ['requires_improvement', 10],
  [null, 6],
];

const PRAISE: readonly string[] = [
  'She always rang back when she said she would.',
  'He listened to my son and took his worries seriously.',
  'Clear about what was happening and why.',
  'The team helped us get support from the family hub quickly.',
  'Information was shared with school promptly and the plan was clear.',
];
const CRITICISM: readonly string[] = [
  'We had three different workers in a year.',
  'Visits were changed at short notice.',
  'I did not always understand the letters.',
  'It took a long time to hear back after the meeting.',
];
const COMPLIMENTS: readonly string[] = [
  'A parent wrote to thank the team for their support through a difficult year.',
  'A school praised the worker’s quick and careful response.',
  'A young person sent a card thanking their worker for listening.',
  'A foster carer thanked the team for keeping them informed.',
];
const COMPLAINTS: readonly string[] = [
  'Visits were cancelled without notice on two occasions.',
  'The family say they were not told about a change to the plan.',
  'A parent disagrees with what was written about them in the assessment.',
  'Delays in arranging family time.',
];

export interface QualityDemoSummary {
  observations: number;
  feedback: number;
  complaints: number;
  compliments: number;
}

export async function generateObservationsFeedback(ctx: DemoContext): Promise<QualityDemoSummary> {
  const { db, today, faker } = ctx;
  const rand = demoRand(ctx);
  const start = `${addMonths(today, -11).slice(0, 7)}-01`;
  const span = Math.round((Date.parse(today) - Date.parse(start)) / 86_400_000);
  const dayInYear = (from = start) => addDays(from, rand.int(0, Math.max(0, Math.round((Date.parse(today) - Date.parse(from)) / 86_400_000))));
  const teams = await db.selectFrom('teams').select(['id']).orderBy('name').orderBy('id').execute();
  const staff = await db
    .selectFrom('users')
    .leftJoin('staff_records', 'staff_records.user_id', 'users.id')
    .select(['users.id', 'users.role', 'users.team_id', 'staff_records.start_in_role'])
    .where('users.disabled_at', 'is', null)
    .where('users.team_id', 'is not', null)
    .orderBy('users.email')
    .execute();
  const courses = (await db.selectFrom('training_courses').select('id').where('active', '=', true).orderBy('name').execute()).map((c) => c.id);
  const heldChildren = await db
    .selectFrom('allocations')
    .innerJoin('people', 'people.id', 'allocations.child_id')
    .select(['allocations.worker_id', 'allocations.child_id'])
    .where('allocations.end_date', 'is', null)
    .where('allocations.role', '=', 'lead')
    .where('people.restricted', '=', false)
    .orderBy('allocations.child_id')
    .execute();
  const childrenOf = new Map<string, string[]>();
  for (const h of heldChildren) if (h.worker_id) childrenOf.set(h.worker_id, [...(childrenOf.get(h.worker_id) ?? []), h.child_id]);

  const observations = [];
  const invitations = [];
  const responses = [];
  const entries = [];
  for (const team of teams) {
    const members = staff.filter((s) => s.team_id === team.id);
    const observers = members.filter((m) => m.role === 'team_manager' || m.role === 'practice_supervisor');
    const workers = members.filter((m) => m.role === 'social_worker' || m.role === 'personal_adviser');
    if (observers.length === 0) continue;
    for (const worker of workers) {
      const from = worker.start_in_role && worker.start_in_role > start ? worker.start_in_role : start;
      if (from > today) continue;
      for (let i = rand.int(1, 3); i > 0; i--) {
        const observedOn = dayInYear(from);
        const grade = rand.weighted(GRADES);
        const children = childrenOf.get(worker.id) ?? [];
        const reflected = rand.chance(0.7);
        const recordedAt = new Date(`${[addDays(observedOn, rand.int(0, 3)), today].sort()[0]}T15:00:00Z`);
        observations.push({
          id: faker.string.uuid(),
          worker_id: worker.id,
          observer_id: rand.pick(observers).id,
          team_id: team.id,
          observed_on: observedOn,
          setting: rand.weighted(SETTINGS),
          setting_detail: null,
          child_id: children.length && rand.chance(0.4) ? rand.pick(children) : null,
          went_well: rand.pick(WENT_WELL),
          to_develop: rand.pick(TO_DEVELOP),
          course_id: courses.length && rand.chance(0.3) ? rand.pick(courses) : null,
          grade,
          recorded_at: recordedAt,
          reflection: reflected ? rand.pick(REFLECTIONS) : null,
          reflected_at: reflected ? new Date(recordedAt.getTime() + rand.int(1, 10) * 3_600_000) : null,
        });
      }
    }
    // Feedback links from the team's workers, most answered, mostly positive.
    const askers = workers.length ? workers : observers;
    for (let i = rand.int(4, 9); i > 0; i--) {
      const made = dayInYear();
      const createdAt = new Date(`${made}T11:00:00Z`);
      const id = faker.string.uuid();
      const answeredOn = addDays(made, rand.int(0, 10));
      const answered = answeredOn <= today && rand.chance(0.75);
      invitations.push({ id, token_hash: hashLinkToken(faker.string.uuid()), team_id: team.id, child_id: null, created_by: rand.pick(askers).id, created_at: createdAt, expires_at: new Date(createdAt.getTime() + 28 * 86_400_000), emailed_to: null, used_at: answered ? new Date(`${answeredOn}T19:00:00Z`) : null });
      if (!answered) continue;
      const respondent = rand.weighted<FeedbackRespondent>([['parent_carer', 5], ['child', 3], ['family', 1], ['partner_agency', 2]]);
      const positive = rand.chance(0.78);
      responses.push({
        id: faker.string.uuid(),
        invitation_id: id,
        team_id: team.id,
        respondent,
        agency_type: respondent === 'partner_agency' ? rand.pick<AgencyType>(['health', 'education', 'police', 'housing', 'voluntary']) : null,
        listened: positive ? rand.int(4, 5) : rand.int(1, 3),
        things_better: positive ? rand.pick<ThingsBetter>(['yes', 'yes', 'a_little', 'too_early']) : rand.pick<ThingsBetter>(['no', 'a_little', 'too_early']),
        went_well: positive || rand.chance(0.3) ? rand.pick(PRAISE) : null,
        could_be_better: !positive || rand.chance(0.3) ? rand.pick(CRITICISM) : null,
        received_at: new Date(`${answeredOn}T19:00:00Z`),
      });
    }
    // A few compliments and complaints, the complaints through their stages.
    const recorder = rand.pick(observers).id;
    for (let i = rand.int(1, 3); i > 0; i--) {
      entries.push({ id: faker.string.uuid(), kind: 'compliment' as const, team_id: team.id, received_on: dayInYear(), from_category: rand.pick<FeedbackSource>(['parent_carer', 'child', 'partner_agency', 'family']), summary: rand.pick(COMPLIMENTS), stage: null, follows_id: null, extended: false, response_due: null, responded_on: null, outcome: null, recorded_by: recorder, recorded_at: new Date(`${today}T08:00:00Z`) });
    }
    if (rand.chance(0.6)) {
      const receivedOn = addDays(start, rand.int(0, span - 30));
      const extended = rand.chance(0.25);
      const due = addWorkingDays(receivedOn, extended ? 20 : 10);
      const respondedOn = [addWorkingDays(receivedOn, rand.int(5, extended ? 22 : 12)), today].sort()[0]!;
      const outcome = rand.pick<ComplaintOutcome>(['not_upheld', 'not_upheld', 'partly_upheld', 'upheld']);
      const first = { id: faker.string.uuid(), kind: 'complaint' as const, team_id: team.id, received_on: receivedOn, from_category: rand.pick<FeedbackSource>(['parent_carer', 'family', 'child']), summary: rand.pick(COMPLAINTS), stage: 1 as 1 | 2, follows_id: null as string | null, extended, response_due: due, responded_on: respondedOn as string | null, outcome: outcome as ComplaintOutcome | null, recorded_by: recorder, recorded_at: new Date(`${receivedOn}T10:00:00Z`) };
      entries.push(first);
      const requestedOn = addWorkingDays(respondedOn, rand.int(3, 15));
      if (outcome !== 'upheld' && requestedOn <= today && rand.chance(0.35)) {
        const answered = addWorkingDays(requestedOn, rand.int(15, 30));
        const stage2Responded = answered <= today ? answered : null;
        entries.push({ ...first, id: faker.string.uuid(), received_on: requestedOn, stage: 2 as const, follows_id: first.id, extended: false, response_due: addWorkingDays(requestedOn, 25), responded_on: stage2Responded, outcome: stage2Responded ? rand.pick<ComplaintOutcome>(['not_upheld', 'partly_upheld']) : null, recorded_at: new Date(`${requestedOn}T10:00:00Z`) });
      }
    }
  }
  await insertInBatches(db, 'practice_observations', observations);
  await insertInBatches(db, 'feedback_invitations', invitations);
  await insertInBatches(db, 'feedback_responses', responses);
  await insertInBatches(db, 'compliments_complaints', entries);
  return { observations: observations.length, feedback: responses.length, complaints: entries.filter((e) => e.kind === 'complaint').length, compliments: entries.filter((e) => e.kind === 'compliment').length };
}
