import type { Db } from '../../db/database.ts';
import { listTeamsWithServices } from '../../db/teams.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { addDays, addMonths } from '../../platform/calendar/dates.ts';
import { dateKey, orderErrors, type FormRead } from '../../platform/http/forms.ts';
import { childDates, eventDateProblem, lockChild } from '../../platform/record-access/child-dates.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { changeChildRecord, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor, Reader } from '../../platform/record-access/viewer.ts';
import { assertRecordsCareWork, CARE_RECORDERS } from '../recorders.ts';
import { findChildrenWithEpisodes, findEpisodes, inScope } from '../stability/queries.ts';
import { carePeriods, latestYearEnd, type CarePeriod } from '../stability/rules.ts';
import { scopeNameOf, stabilityScope, teamGroups } from '../stability/service.ts';
import { CEASED_FIELDS, PREVIOUS_FIELDS, STEP_FIELDS, type CeasedInput, type PreviousPermanenceInput, type StepInput } from './forms.ts';
import { decisionsOf, insertDecision, listDecisions, listPreviousPermanence, savePreviousPermanence, updateDecision, type StoredAdoptionDecision } from './queries.ts';
import {
  a1Timing,
  a2Timing,
  ADOPTER_LEGAL_STATUS,
  ADOPTER_SEX,
  averageDays,
  ceasedProblem,
  CEASED_REASONS,
  isOpen,
  matchDueBy,
  periodOn,
  PREVIOUS_PERMANENCE,
  previousPermanenceProblems,
  SCORECARD_THRESHOLDS,
  STEPS,
  stepProblem,
  type CeasedReason,
  type DecisionSoFar,
  type PreviousPermanence,
  type Timing,
} from './rules.ts';

const ADOPTION = 'Adoption steps';
const mayRecord = (a: Actor) => assertRecordsCareWork(a.viewer, ADOPTION);

const soFar = (d: StoredAdoptionDecision): DecisionSoFar => ({
  decidedOn: d.decided_on,
  authority: d.authority,
  authorityOn: d.authority_on,
  matchedOn: d.matched_on,
  placedOn: d.placed_on,
  adoptedOn: d.adopted_on,
  ceasedOn: d.ceased_on,
});

function timingText(t: Timing): string {
  const against = `against the scorecard’s threshold of ${t.threshold} days`;
  if (t.running) return `${t.days} days so far, ${against}${t.over ? ': over it' : `: ${t.threshold - t.days} days left`}`;
  return `${t.days} days, ${against}${t.over ? ': over it' : ': within it'}`;
}

function adoptersText(d: StoredAdoptionDecision): string | null {
  if (d.adopters_count === null) return null;
  const who = `${ADOPTER_SEX[d.adopters_sex as keyof typeof ADOPTER_SEX]} (${d.adopters_sex}); ${ADOPTER_LEGAL_STATUS[d.adopters_legal_status as keyof typeof ADOPTER_LEGAL_STATUS].toLowerCase()} (${d.adopters_legal_status})`;
  return `${who}${d.foster_carers ? '; the child’s foster carers' : ''}`;
}

function presentDecision(d: StoredAdoptionDecision, periods: readonly CarePeriod[], today: string) {
  const careStart = periodOn(periods, d.placed_on ?? d.decided_on)?.start ?? null;
  const steps = [
    { label: STEPS.decision, date: d.decided_on, detail: null as string | null },
    ...(d.authority && d.authority_on ? [{ label: STEPS[d.authority], date: d.authority_on, detail: null }] : []),
    ...(d.matched_on ? [{ label: STEPS.matched, date: d.matched_on, detail: adoptersText(d) }] : []),
    ...(d.placed_on ? [{ label: STEPS.placed, date: d.placed_on, detail: null }] : []),
    ...(d.adopted_on ? [{ label: STEPS.adopted, date: d.adopted_on, detail: null }] : []),
    ...(d.ceased_on ? [{ label: 'Decision that the child should no longer be placed for adoption', date: d.ceased_on, detail: CEASED_REASONS[d.ceased_reason as CeasedReason] }] : []),
  ];
  const open = isOpen(soFar(d));
  const a1 = careStart && (d.placed_on || open) ? a1Timing(careStart, d.placed_on, today) : null;
  const a2 = d.ceased_on && !d.matched_on ? null : a2Timing(soFar(d), today);
  const dueBy = matchDueBy(soFar(d));
  return {
    id: d.id,
    open,
    careStart,
    steps,
    status: d.ceased_on ? 'No longer to be placed for adoption' : d.adopted_on ? 'Adopted' : d.placed_on ? 'Placed for adoption' : d.matched_on ? 'Matched' : d.authority_on ? 'Waiting for a match' : 'Waiting for a placement order or consent',
    a1: a1 ? { ...a1, text: timingText(a1) } : null,
    a2: a2 ? { ...a2, text: timingText(a2) } : null,
    matchDue: dueBy ? { date: dueBy, overdue: dueBy < today } : null,
  };
}

async function adoptionData(trx: Db, a: Actor) {
  const [child, decisions, episodes, previous] = await Promise.all([
    childHeaderView(trx, a.childId, a.today),
    listDecisions(trx, a.childId),
    findEpisodes(trx, a.childId),
    listPreviousPermanence(trx, a.childId),
  ]);
  const periods = carePeriods(episodes);
  const open = decisions.find((d) => isOpen(soFar(d))) ?? null;
  return {
    child,
    decisions: decisions.map((d) => presentDecision(d, periods, a.today)).reverse(),
    open: open ? soFar(open) : null,
    openId: open?.id ?? null,
    periods,
    careStarts: periods.map((p) => {
      const answer = previous.find((x) => x.care_started_on === p.start) ?? null;
      return {
        start: p.start,
        end: p.end,
        answer: answer
          ? {
              text: `${answer.option}: ${PREVIOUS_PERMANENCE[answer.option as PreviousPermanence]}`,
              la: answer.la_code,
              orderOn: answer.order_on,
            }
          : null,
      };
    }),
    previous,
    thresholds: SCORECARD_THRESHOLDS,
    mayRecord: CARE_RECORDERS.includes(a.viewer.role),
  };
}

export type AdoptionData = Awaited<ReturnType<typeof adoptionData>>;

/** The child's adoption: each decision and its steps, the scorecard's timescales, and previous permanence at each start of care. */
export async function adoptionView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.adoption', (trx) => adoptionData(trx, a));
}

export async function adoptionFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.adoption-form', async (trx) => {
    mayRecord(a);
    return adoptionData(trx, a);
  });
}

/**
 * Records a step of the child's adoption, in the order the law sets them
 * (see rules.ts stepProblem); each refused, with nothing stored, when out of
 * order, in the future, before birth, or (the decision) outside a period of
 * care.
 */
export async function recordStep(a: Actor, read: FormRead<StepInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.adoption.step', async (trx, _access, name) => {
    mayRecord(a);
    const person = await lockChild(trx, a.childId);
    const data = await adoptionData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('on');
    if (v.on && v.step && !errors[key]) {
      const problem = eventDateProblem(v.on, 'Date', childDates(person), a.today) ?? stepProblem(v.step, v.on, data.open, data.periods);
      if (problem) errors[key] = problem;
    }
    if (Object.keys(errors).length || !v.step || !v.on) return refuse(orderErrors(errors, STEP_FIELDS), data);
    const stamp = { updated_by: a.viewer.id, updated_at: a.context.at };
    let id: string;
    if (v.step === 'decision') {
      id = (await insertDecision(trx, { child_id: a.childId, decided_on: v.on, recorded_by: a.viewer.id, recorded_at: a.context.at })).id;
    } else {
      id = data.openId!;
      if (v.step === 'placement_order' || v.step === 'consent') await updateDecision(trx, id, { authority: v.step, authority_on: v.on, ...stamp });
      else if (v.step === 'matched') {
        await updateDecision(trx, id, {
          matched_on: v.on,
          adopters_count: v.adoptersCount,
          adopters_sex: v.adoptersSex,
          adopters_legal_status: v.adoptersLegalStatus,
          foster_carers: v.fosterCarers,
          ...stamp,
        });
      } else if (v.step === 'placed') await updateDecision(trx, id, { placed_on: v.on, ...stamp });
      else await updateDecision(trx, id, { adopted_on: v.on, ...stamp });
    }
    name(`adoption: ${v.step.replace('_', ' ')} recorded,`, id);
    return { id };
  });
}

/** Records the decision that the child should no longer be placed for adoption, with the SSDA903 reason: on or after the decision it reverses. */
export async function recordCeased(a: Actor, read: FormRead<CeasedInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.adoption.ceased', async (trx, _access, name) => {
    mayRecord(a);
    const person = await lockChild(trx, a.childId);
    const data = await adoptionData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('on');
    if (!data.open) errors[key] = 'There is no open decision that the child should be placed for adoption';
    else if (v.on && !errors[key]) {
      const problem = eventDateProblem(v.on, 'Date of the decision', childDates(person), a.today) ?? ceasedProblem(v.on, data.open);
      if (problem) errors[key] = problem;
    }
    if (Object.keys(errors).length || !v.on || !v.reason) return refuse(orderErrors(errors, CEASED_FIELDS), data);
    await updateDecision(trx, data.openId!, { ceased_on: v.on, ceased_reason: v.reason, updated_by: a.viewer.id, updated_at: a.context.at });
    name(`adoption: decision reversed (${v.reason}),`, data.openId!);
    return { id: data.openId! };
  });
}

/** Records what the child had before they started to be looked after (SSDA903 PrevPerm), once for each start of care; saving again corrects it. */
export async function recordPreviousPermanence(a: Actor, read: FormRead<PreviousPermanenceInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.adoption.previous-permanence', async (trx, _access, name) => {
    mayRecord(a);
    const person = await lockChild(trx, a.childId);
    const data = await adoptionData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    if (v.careStartedOn && !data.periods.some((p) => p.start === v.careStartedOn)) errors.careStartedOn = 'Select a time the child started to be looked after, from the list';
    if (v.careStartedOn && !errors.careStartedOn) {
      for (const [f, message] of Object.entries(previousPermanenceProblems(v, v.careStartedOn, person.date_of_birth))) errors[f] ??= message;
    }
    if (Object.keys(errors).length || !v.careStartedOn || !v.option) return refuse(orderErrors(errors, PREVIOUS_FIELDS), data);
    const saved = await savePreviousPermanence(trx, {
      child_id: a.childId,
      care_started_on: v.careStartedOn,
      option: v.option,
      la_code: v.laCode ?? null,
      order_on: v.orderOn ?? null,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name(saved.changed ? 'previous permanence changed,' : 'previous permanence recorded,', saved.id);
    return saved;
  });
}

/** What the chronology shows of the child's adoption: each step, and a decision reversed. */
export async function adoptionChronology(db: Db, childId: string) {
  const entries: { date: string; what: string; detail: string | null }[] = [];
  for (const d of await listDecisions(db, childId)) {
    entries.push({ date: d.decided_on, what: STEPS.decision, detail: null });
    if (d.authority && d.authority_on) entries.push({ date: d.authority_on, what: STEPS[d.authority], detail: null });
    if (d.matched_on) entries.push({ date: d.matched_on, what: STEPS.matched, detail: adoptersText(d) });
    if (d.placed_on) entries.push({ date: d.placed_on, what: STEPS.placed, detail: null });
    if (d.adopted_on) entries.push({ date: d.adopted_on, what: STEPS.adopted, detail: null });
    if (d.ceased_on) entries.push({ date: d.ceased_on, what: 'Decision that the child should no longer be placed for adoption', detail: CEASED_REASONS[d.ceased_reason as CeasedReason] });
  }
  return entries;
}

// --- The council's measures ------------------------------------------------------------

interface Counted {
  adopted: number;
  a1: number | null;
  a1Over: number;
  a2: number | null;
  a2Counted: number;
  waiting: number;
}

/**
 * The adoption scorecard's measures over the three years to the latest 31
 * March, as the DfE publishes them (children adopted in those years; A1 from
 * entering care to moving in with the adopters; A2 from the placement order
 * to the match, for those with one, 0 when matched first), and the children
 * waiting today with a placement order and no match. By the team that leads
 * each case now; a restricted child counts only for those named on the record.
 */
export async function adoptionMeasuresPage(r: Reader) {
  const scope = stabilityScope(r.viewer);
  return r.db.transaction().execute(async (trx) => {
    const [inCouncil, teams] = await Promise.all([
      findChildrenWithEpisodes(trx, r.viewer, r.now, scope),
      listTeamsWithServices(trx, scope.kind === 'service' ? scope.serviceId : null),
    ]);
    const decisions = await decisionsOf(
      trx,
      inCouncil.map((c) => c.id),
    );
    const yearEnd = latestYearEnd(r.today);
    const from = addDays(addMonths(yearEnd, -36), 1);
    const withJourney = inCouncil
      .filter((c) => decisions.has(c.id))
      .map((c) => ({ child: c, periods: carePeriods(c.episodes), decisions: decisions.get(c.id)! }));

    const figures = (of: typeof withJourney): Counted => {
      const a1: number[] = [];
      const a2: number[] = [];
      let waiting = 0;
      for (const x of of) {
        for (const d of x.decisions) {
          if (d.adopted_on && d.adopted_on >= from && d.adopted_on <= yearEnd && d.placed_on) {
            const start = periodOn(x.periods, d.placed_on)?.start;
            if (start) a1.push(a1Timing(start, d.placed_on, r.today).days);
            const t = a2Timing(soFar(d), r.today);
            if (t) a2.push(t.days);
          }
          if (matchDueBy(soFar(d)) !== null) waiting += 1;
        }
      }
      return { adopted: a1.length, a1: averageDays(a1), a1Over: a1.filter((d) => d > SCORECARD_THRESHOLDS.A1).length, a2: averageDays(a2), a2Counted: a2.length, waiting };
    };

    const inScopeJourneys = withJourney.filter((x) => inScope(x.child, scope));
    const teamRows = teamGroups(scope, teams, inScopeJourneys, (x) => x.child.teamId).map((g) => ({ name: g.name, caption: g.caption, ...figures(g.children) }));
    const scopeName = scopeNameOf(scope, teams);

    const waiting = inScopeJourneys
      .filter((x) => x.child.listed)
      .flatMap((x) =>
        x.decisions
          .filter((d) => matchDueBy(soFar(d)) !== null)
          .map((d) => {
            const a2 = a2Timing(soFar(d), r.today)!;
            return {
              id: x.child.id,
              name: `${x.child.forename} ${x.child.surname}`,
              laChildId: x.child.laChildId,
              workerName: x.child.workerName ?? 'Not allocated',
              orderOn: d.authority_on!,
              days: a2.days,
              over: a2.over,
              dueBy: matchDueBy(soFar(d))!,
              href: `/children/${x.child.id}/care/adoption`,
            };
          }),
      )
      .sort((a, b) => b.days - a.days || a.name.localeCompare(b.name));

    const all = figures(inScopeJourneys);
    await recordAudit(trx, r.context, {
      action: 'care.adoption.view',
      outcome: 'allowed',
      subjectType: scope.kind === 'team' ? 'team' : scope.kind === 'service' ? 'service' : scope.kind === 'worker' ? 'user' : undefined,
      subjectId: scope.kind === 'team' ? scope.teamId : scope.kind === 'service' ? scope.serviceId : scope.kind === 'worker' ? scope.workerId : undefined,
      reason: `counts, and ${waiting.length} children listed`,
    });
    return {
      scopeName,
      period: { from, to: yearEnd },
      figures: all,
      council: scope.kind === 'council' ? null : figures(withJourney),
      teamRows,
      waiting,
      waitingUnnamed: all.waiting - waiting.length,
      thresholds: SCORECARD_THRESHOLDS,
    };
  });
}
