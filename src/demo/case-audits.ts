// The demo council's case audits: a year of monthly audits (two children a
// team each month) with the starting audit tool, mostly good, some
// outstanding, a few requiring improvement and one inadequate; reflections
// by workers and managers; learning actions, most done on time, some late
// and a few still open; and the moderated share, one disagreement settled.
// This month's audits are assigned and under way. Restricted children are
// never sampled, as in the service.
import type { AuditAnswers, AuditGrade, AuditQuestion } from '../db/schema.ts';
import { addDays, addMonths } from '../platform/calendar/dates.ts';
import type { DemoContext } from './context.ts';
import { demoRand, type Rand } from './rand.ts';
import { insertInBatches } from './insert.ts';

const GRADE_ORDER: readonly AuditGrade[] = ['outstanding', 'good', 'requires_improvement', 'inadequate'];
const MODERATION_PERCENT = 10;
const PER_TEAM = 2;
/** The overall grades are dealt from shuffled packs of ten, so every run's year is mostly good or better whatever the seed and the day. */
const GRADE_PACK: readonly AuditGrade[] = ['outstanding', 'outstanding', 'good', 'good', 'good', 'good', 'good', 'good', 'requires_improvement', 'requires_improvement'];

const COMMENTS: Record<AuditGrade, readonly string[]> = {
  outstanding: ['Exceptional: the record shows it clearly and consistently.', 'The child’s experience runs through every part of the record.'],
  good: ['Clear on the record, with a few small gaps.', 'Done well; the reasons are recorded.', 'Consistent over the last six months.'],
  requires_improvement: ['Present but not consistent; some gaps of weeks.', 'Recorded, but the analysis is thin.', 'Not always in time; the reasons are not recorded.'],
  inadequate: ['Not evident on the record.', 'Long gaps with no explanation and no management grip.'],
};

const REASONS: Record<AuditGrade, string> = {
  outstanding: 'The child’s voice shapes the plan, visits are purposeful and in time, and the impact on the child is plain to see.',
  good: 'Sound practice with the child at its centre; small gaps in recording do not change the child’s experience.',
  requires_improvement: 'The child is safe, but drift in planning and gaps in visits and oversight slow the progress the child needs.',
  inadequate: 'Visits lapsed for two months, the plan has not been reviewed and managers did not notice; the child’s situation has not improved.',
};

const ACTIONS = [
  'Bring the plan up to date with the family and share it with the child in words they follow.',
  'Record the child’s own words at every visit, apart from the analysis.',
  'Team manager to add a recorded decision at each key point; discuss in the next supervision.',
  'Book the statutory visits for the next three months and record any that move, with the reason.',
];

const REFLECTIONS = {
  agree: ['I agree: the gaps are there and I can see how to close them.', 'A fair audit; it matches what we discussed in supervision.', 'Agreed. The record did not show the work that was done.'],
  disagree: ['I disagree in part: some of the work was recorded in the case notes the auditor did not see.', 'I think the grade is harsh given the changes of worker this year.'],
};

function nearby(rand: Rand, grade: AuditGrade): AuditGrade {
  const i = GRADE_ORDER.indexOf(grade);
  const step = rand.weighted([[0, 0.75], [-1, 0.12], [1, 0.13]] as const);
  return GRADE_ORDER[Math.min(3, Math.max(0, i + step))]!;
}

function answersFor(rand: Rand, questions: readonly AuditQuestion[], overall: AuditGrade): AuditAnswers {
  const answers: AuditAnswers = {};
  for (const q of questions) {
    const grade = overall === 'inadequate' ? rand.pick(['inadequate', 'requires_improvement'] as const) : nearby(rand, overall);
    answers[q.key] = { grade, comment: rand.pick(COMMENTS[grade]) };
  }
  return answers;
}

export interface CaseAuditDemoSummary {
  audits: number;
  actions: number;
}

export async function generateCaseAudits(ctx: DemoContext): Promise<CaseAuditDemoSummary> {
  const { db, today, faker } = ctx;
  const rand = demoRand(ctx);
  const tool = await db.selectFrom('audit_tools').select(['id', 'questions']).orderBy('version').limit(1).executeTakeFirstOrThrow();
  const head = await db.selectFrom('users').select('id').where('role', '=', 'head_of_service').orderBy('email').limit(1).executeTakeFirst();
  if (!head) return { audits: 0, actions: 0 };
  const managers = await db
    .selectFrom('users')
    .select(['id', 'team_id', 'role'])
    .where('role', 'in', ['team_manager', 'practice_supervisor'])
    .where('team_id', 'is not', null)
    .where('disabled_at', 'is', null)
    .orderBy('email')
    .execute();
  const leads = await db
    .selectFrom('allocations')
    .innerJoin('people', 'people.id', 'allocations.child_id')
    .innerJoin('users as worker', 'worker.id', 'allocations.worker_id')
    .select(['allocations.child_id', 'allocations.team_id', 'allocations.worker_id', 'allocations.start_date', 'worker.line_manager_id'])
    .where('allocations.role', '=', 'lead')
    .where('allocations.end_date', 'is', null)
    .where('people.restricted', '=', false)
    .where('people.is_child', '=', true)
    .where('people.date_of_death', 'is', null)
    .orderBy('allocations.team_id')
    .orderBy('people.la_child_id')
    .orderBy('people.id')
    .execute();
  const byTeam = new Map<string, typeof leads>();
  for (const lead of leads) byTeam.set(lead.team_id, [...(byTeam.get(lead.team_id) ?? []), lead]);
  const teamManager = new Map(managers.filter((m) => m.role === 'team_manager').map((m) => [m.team_id!, m.id]));

  const thisMonth = `${today.slice(0, 7)}-01`;
  const audits = [];
  const grants = [];
  const reflections = [];
  const actions = [];
  const used = new Set<string>();
  let inadequateGiven = false;
  let pack: AuditGrade[] = [];
  const dealGrade = () => {
    if (pack.length === 0) pack = rand.shuffle(GRADE_PACK);
    return pack.pop()!;
  };
  let disagreementGiven = false;
  for (let back = 11; back >= 0; back--) {
    const month = addMonths(thisMonth, -back);
    const due = addDays(month, 20);
    const assignedAt = new Date(`${month}T09:00:00Z`);
    for (const [teamId, children] of byTeam) {
      const auditors = managers.filter((m) => m.team_id !== teamId);
      if (auditors.length < 2) continue;
      const eligible = children.filter((c) => c.start_date <= month && !used.has(`${month}:${c.child_id}`));
      for (const child of rand.shuffle(eligible).slice(0, PER_TEAM)) {
        used.add(`${month}:${child.child_id}`);
        const id = faker.string.uuid();
        const auditor = rand.pick(auditors);
        const grantId = faker.string.uuid();
        const current = month === thisMonth;
        const submittedOn = current ? null : [addDays(due, rand.int(-12, 3)), today].sort()[0]!;
        const submittedAt = submittedOn ? new Date(`${submittedOn}T15:00:00Z`) : null;
        const ongoing = current && rand.chance(0.5);
        let overall: AuditGrade | null = null;
        if (submittedAt) {
          overall = !inadequateGiven && back === 6 ? 'inadequate' : dealGrade();
          if (overall === 'inadequate') inadequateGiven = true;
        } else if (ongoing) {
          overall = null;
        }
        const answers = submittedAt ? answersFor(rand, tool.questions, overall!) : ongoing ? { [tool.questions[0]!.key]: { grade: 'good' as AuditGrade, comment: rand.pick(COMMENTS.good) } } : {};
        grants.push({ id: grantId, user_id: auditor.id, child_id: child.child_id, reason: `Case audit ${new Date(`${month}T12:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })}`, granted_at: assignedAt, expires_at: submittedAt ?? new Date(`${addDays(due, 8)}T00:00:00Z`), reviewer_id: head.id, reviewed_by: head.id, reviewed_at: assignedAt, review_outcome: 'appropriate' as const, review_note: 'Assigned for a case audit' });
        const moderated = submittedAt !== null && back >= 2 && (overall === 'inadequate' ? false : faker.number.int({ min: 0, max: 99 }) < MODERATION_PERCENT);
        const moderator = moderated ? auditors.find((m) => m.id !== auditor.id)! : null;
        let moderationAnswers: AuditAnswers = {};
        let moderationOverall: AuditGrade | null = null;
        let settled: { grade: AuditGrade; reason: string } | null = null;
        const moderatedAt = moderated ? new Date(`${addDays(submittedOn!, 10)}T15:00:00Z`) : null;
        if (moderated) {
          moderationAnswers = JSON.parse(JSON.stringify(answers)) as AuditAnswers;
          moderationOverall = overall;
          if (!disagreementGiven && overall === 'good') {
            disagreementGiven = true;
            moderationOverall = 'requires_improvement';
            const key = tool.questions[2]!.key;
            moderationAnswers[key] = { grade: 'requires_improvement', comment: 'The assessment does not weigh the history.' };
            settled = { grade: 'good', reason: 'The history is weighed in the earlier assessment on file; the overall grade of good stands, with a learning action on recording it.' };
          }
          grants.push({ id: faker.string.uuid(), user_id: moderator!.id, child_id: child.child_id, reason: 'Case audit (moderation)', granted_at: submittedAt!, expires_at: moderatedAt!, reviewer_id: head.id, reviewed_by: head.id, reviewed_at: submittedAt!, review_outcome: 'appropriate' as const, review_note: 'Assigned for a case audit' });
        }
        audits.push({
          id,
          month,
          sample: 'random' as const,
          child_id: child.child_id,
          team_id: teamId,
          worker_id: child.worker_id,
          auditor_id: auditor.id,
          due_date: due,
          tool_id: tool.id,
          grant_id: grantId,
          assigned_by: head.id,
          assigned_at: assignedAt,
          answers: JSON.stringify(answers),
          overall_grade: overall,
          overall_reasons: overall ? REASONS[overall] : null,
          submitted_at: submittedAt,
          moderation_chosen: moderated,
          moderator_id: moderator?.id ?? null,
          moderator_grant_id: null,
          moderation_answers: JSON.stringify(moderationAnswers),
          moderation_overall: moderationOverall,
          moderation_reasons: moderated ? REASONS[moderationOverall!] : null,
          moderated_at: moderatedAt,
          settled_grade: settled?.grade ?? null,
          settled_reason: settled?.reason ?? null,
          settled_by: settled ? head.id : null,
          settled_at: settled ? new Date(`${addDays(submittedOn!, 14)}T11:00:00Z`) : null,
        });
        if (!submittedAt) continue;
        const manager = child.line_manager_id ?? teamManager.get(teamId) ?? null;
        const reflectedOn = [addDays(submittedOn!, rand.int(2, 10)), today].sort()[0]!;
        const agrees = overall === 'outstanding' || overall === 'good' ? rand.chance(0.9) : rand.chance(0.6);
        if (rand.chance(0.85)) reflections.push({ audit_id: id, role: 'worker' as const, user_id: child.worker_id!, agrees, why: rand.pick(agrees ? REFLECTIONS.agree : REFLECTIONS.disagree), recorded_at: new Date(`${reflectedOn}T16:00:00Z`) });
        if (manager && rand.chance(0.9)) reflections.push({ audit_id: id, role: 'manager' as const, user_id: manager, agrees: true, why: rand.pick(REFLECTIONS.agree), recorded_at: new Date(`${reflectedOn}T17:00:00Z`) });
        const needsActions = overall === 'requires_improvement' || overall === 'inadequate' || settled !== null;
        if (!needsActions) continue;
        const count = overall === 'inadequate' ? 3 : rand.int(1, 2);
        for (let i = 0; i < count; i++) {
          const setOn = addDays(submittedOn!, rand.int(1, 5));
          const dueOn = addDays(setOn, rand.int(21, 45));
          const fate = dueOn >= today ? rand.weighted([['open', 0.6], ['on_time', 0.4]] as const) : rand.weighted([['on_time', 0.75], ['late', 0.17], ['open', 0.08]] as const);
          const doneOn = fate === 'on_time' ? [addDays(dueOn, -rand.int(0, 14)), today].sort()[0]! : fate === 'late' ? [addDays(dueOn, rand.int(3, 20)), today].sort()[0]! : null;
          actions.push({
            id: faker.string.uuid(),
            audit_id: id,
            description: ACTIONS[(i + audits.length) % ACTIONS.length]!,
            owner_id: i === 2 && manager ? manager : child.worker_id!,
            due_date: dueOn,
            course_id: null,
            done_on: doneOn && doneOn >= setOn ? doneOn : doneOn ? setOn : null,
            done_note: doneOn ? 'Done and checked in supervision.' : null,
            set_by: manager ?? head.id,
            set_at: new Date(`${setOn}T10:00:00Z`),
          });
        }
      }
    }
  }
  await insertInBatches(db, 'access_grants', grants);
  await insertInBatches(db, 'case_audits', audits);
  await insertInBatches(db, 'case_audit_reflections', reflections);
  await insertInBatches(db, 'learning_actions', actions);
  return { audits: audits.length, actions: actions.length };
}
