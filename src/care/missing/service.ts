import { assertRecordsCareWork, CARE_RECORDERS } from '../recorders.ts';
import { findServiceName, findTeamName } from '../../db/teams.ts';
import type { CaseScope } from '../../platform/access/case-scope.ts';
import type { Reader } from '../../platform/record-access/viewer.ts';
import type { Db } from '../../db/database.ts';
import { addDays, formatDate } from '../../platform/calendar/dates.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { caseloadLanding } from '../../platform/access/staff.ts';
import { dateKey, orderErrors, type FormRead } from '../../platform/http/forms.ts';
import { lockChild } from '../../platform/record-access/child-dates.ts';
import { RecordNotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { changeChildRecord, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { dueForChildren, dueItems, presentItem, timelineOf, timescaleSettings } from '../../timescales/index.ts';
import { EPISODE_FIELDS, INTERVIEW_FIELDS, OUTCOME_LABELS, RETURN_FIELDS, type EpisodeInput, type InterviewInput, type ReturnInput } from './forms.ts';
import {
  findEpisodesInScope,
  insertEpisode,
  listEpisodes,
  updateEpisode,
  type EpisodeRow,
} from './queries.ts';
import { DEFAULT_REPEAT_THRESHOLD, describeWhen, episodeProblems, interviewProblems, interviewState, KIND_LABELS, repeatedEpisodes, type Episode } from './rules.ts';

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;

const asEpisode = (e: EpisodeRow): Episode => ({ id: e.id, kind: e.kind, startDate: e.start_date, startTime: e.start_time, endDate: e.end_date, endTime: e.end_time });

const mayRecord = (viewer: Viewer) => assertRecordsCareWork(viewer, 'Missing episodes and return interviews');

function presentEpisode(e: EpisodeRow, childId: string) {
  const interview = interviewState({ kind: e.kind, endDate: e.end_date, interviewOutcome: e.interview_outcome, interviewOfferedOn: e.interview_offered_on });
  return {
    ...e,
    kindLabel: KIND_LABELS[e.kind],
    startText: describeWhen(e.start_date, e.start_time),
    endText: e.end_date ? describeWhen(e.end_date, e.end_time) : null,
    policeText: e.reported_to_police ? 'Yes' : 'No',
    interview,
    offeredByText: e.interview_offered_by ? `${e.interview_offered_by}${e.interview_independent === false ? ' (not independent of the child’s care)' : e.interview_independent ? ' (independent)' : ''}` : null,
    returnHref: e.end_date === null ? `/children/${childId}/care/missing/${e.id}/return` : null,
    interviewHref: e.end_date !== null && e.interview_outcome === null ? `/children/${childId}/care/missing/${e.id}/interview` : null,
  };
}

async function episodesData(trx: Db, a: Actor) {
  const [child, episodes] = await Promise.all([childHeaderView(trx, a.childId, a.today), listEpisodes(trx, a.childId)]);
  return { child, episodes };
}

/** The child's missing episodes with their return interviews, what is due, and whether they are going missing repeatedly. */
export async function missingView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.missing', async (trx) => {
    const [{ child, episodes }, timeline, settings] = await Promise.all([episodesData(trx, a), timelineOf(trx, a.childId), timescaleSettings(trx)]);
    const due = timeline ? dueItems(timeline, a.today, settings) : [];
    const repeated = repeatedEpisodes(episodes.map((e) => ({ startDate: e.start_date })), a.today);
    return {
      child,
      episodes: episodes.map((e) => presentEpisode(e, a.childId)),
      open: episodes.find((e) => e.end_date === null) ?? null,
      repeated: repeated ? { ...repeated, sinceText: formatDate(repeated.since), threshold: DEFAULT_REPEAT_THRESHOLD } : null,
      interviewsDue: due.filter((i) => i.kind === 'return_interview').map((i) => presentItem(a.childId, i)),
      mayRecord: CARE_RECORDERS.includes(a.viewer.role),
    };
  });
}

// --- A new episode ------------------------------------------------------------------------------

const kindItems = () => Object.entries(KIND_LABELS).map(([value, text]) => ({ value, text }));

export async function episodeFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.missing-form', async (trx) => {
    mayRecord(a.viewer);
    return { child: await childHeaderView(trx, a.childId, a.today), kindItems: kindItems() };
  });
}

/** Records an episode (with the return when the child is already back), refusing dates out of order or overlapping another episode. */
export async function recordEpisode(a: Actor, read: FormRead<EpisodeInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.missing.create', async (trx, _access, name) => {
    mayRecord(a.viewer);
    const person = await lockChild(trx, a.childId);
    const { child, episodes } = await episodesData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    if (v.startDate && !errors[dateKey('endDate')]) {
      const problems = episodeProblems(
        { startDate: v.startDate, startTime: v.startTime ?? null, endDate: v.endDate ?? null, endTime: v.endTime ?? null },
        episodes.map(asEpisode),
        { dateOfBirth: person.date_of_birth, dateOfDeath: person.date_of_death },
        a.today,
      );
      if (problems.start) errors[dateKey('startDate')] = problems.start;
      if (problems.end) errors[dateKey('endDate')] = problems.end;
    }
    if (hasErrors(errors) || !v.kind || !v.startDate || v.reportedToPolice === undefined) return refuse(orderErrors(errors, EPISODE_FIELDS), { child, kindItems: kindItems() });
    const created = await insertEpisode(trx, {
      child_id: a.childId,
      kind: v.kind,
      start_date: v.startDate,
      start_time: v.startTime ?? null,
      end_date: v.endDate ?? null,
      end_time: v.endDate ? (v.endTime ?? null) : null,
      where_found: v.endDate ? (v.whereFound ?? null) : null,
      reported_to_police: v.reportedToPolice,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name('missing episode', created.id);
    return created;
  });
}

// --- The return and the interview -----------------------------------------------------------------

async function episodeData(trx: Db, a: Actor, episodeId: string) {
  const { child, episodes } = await episodesData(trx, a);
  const episode = episodes.find((e) => e.id === episodeId);
  if (!episode) throw new RecordNotFound('missing episode', episodeId);
  return { child, episodes, episode: presentEpisode(episode, a.childId), outcomeItems: Object.entries(OUTCOME_LABELS).map(([value, text]) => ({ value, text })) };
}

export async function returnFormView(a: Actor, episodeId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.missing-return-form', async (trx, _access, name) => {
    name('missing episode', episodeId);
    const data = await episodeData(trx, a, episodeId);
    mayRecord(a.viewer);
    return data;
  });
}

/** Records when and how the child returned: once, after the start, not in the future, and not over a later episode. */
export async function recordReturn(a: Actor, episodeId: string, read: FormRead<ReturnInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.missing.return', async (trx, _access, name) => {
    mayRecord(a.viewer);
    name('missing episode', episodeId);
    const person = await lockChild(trx, a.childId);
    const data = await episodeData(trx, a, episodeId);
    const { episode } = data;
    const errors = { ...read.errors };
    const v = read.values;
    if (episode.end_date !== null) errors[dateKey('endDate')] = `The return was already recorded: ${episode.endText}`;
    else if (v.endDate) {
      const problems = episodeProblems(
        { startDate: episode.start_date, startTime: episode.start_time, endDate: v.endDate, endTime: v.endTime ?? null },
        data.episodes.filter((e) => e.id !== episodeId).map(asEpisode),
        { dateOfBirth: person.date_of_birth, dateOfDeath: person.date_of_death },
        a.today,
      );
      if (problems.end) errors[dateKey('endDate')] = problems.end;
      else if (problems.start) errors[dateKey('endDate')] = problems.start;
    }
    if (hasErrors(errors) || !v.endDate) return refuse(orderErrors(errors, RETURN_FIELDS), data);
    await updateEpisode(trx, a.childId, episodeId, { end_date: v.endDate, end_time: v.endTime ?? null, where_found: v.whereFound ?? null, updated_by: a.viewer.id, updated_at: a.context.at });
    return { id: episodeId };
  });
}

export async function interviewFormView(a: Actor, episodeId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.missing-interview-form', async (trx, _access, name) => {
    name('missing episode', episodeId);
    const data = await episodeData(trx, a, episodeId);
    mayRecord(a.viewer);
    return data;
  });
}

/** Records the return interview: offered on or after the return, held on or after the offer, never in the future. */
export async function recordInterview(a: Actor, episodeId: string, read: FormRead<InterviewInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.missing.interview', async (trx, _access, name) => {
    mayRecord(a.viewer);
    name('missing episode', episodeId);
    await lockChild(trx, a.childId);
    const data = await episodeData(trx, a, episodeId);
    const { episode } = data;
    const errors = { ...read.errors };
    const v = read.values;
    if (episode.interview_outcome !== null) errors[dateKey('offeredOn')] = `The interview was already recorded: ${episode.interview.text.toLowerCase()}`;
    else if (v.offeredOn) {
      const outcome = v.outcome === 'held' || v.outcome === 'declined' ? v.outcome : null;
      const problems = interviewProblems({ offeredOn: v.offeredOn, outcome, heldOn: v.heldOn ?? null }, { endDate: episode.end_date, endTime: episode.end_time }, a.today);
      if (problems.offeredOn) errors[dateKey('offeredOn')] = problems.offeredOn;
      if (problems.heldOn && !errors[dateKey('heldOn')]) errors[dateKey('heldOn')] = problems.heldOn;
    }
    if (hasErrors(errors) || !v.offeredOn || !v.offeredBy || v.independent === undefined || !v.outcome) return refuse(orderErrors(errors, INTERVIEW_FIELDS), data);
    await updateEpisode(trx, a.childId, episodeId, {
      interview_offered_on: v.offeredOn,
      interview_offered_by: v.offeredBy,
      interview_independent: v.independent,
      interview_outcome: v.outcome === 'awaiting' ? null : v.outcome,
      interview_held_on: v.outcome === 'held' ? (v.heldOn ?? null) : null,
      interview_learned: v.learned ?? null,
      updated_by: a.viewer.id,
      updated_at: a.context.at,
    });
    return { id: episodeId };
  });
}

// --- For the chronology -------------------------------------------------------------------------------

/** Each episode as chronology entries: going missing, the return, and the interview. */
export async function missingChronologyEntries(trx: Db, childId: string) {
  const episodes = await listEpisodes(trx, childId);
  return episodes.flatMap((e) => {
    const entries = [
      {
        date: e.start_date,
        source: 'Missing' as const,
        what: e.kind === 'M' ? 'Went missing' : 'Away from placement without authorisation',
        detail: `From ${describeWhen(e.start_date, e.start_time)}${e.reported_to_police ? '; reported to the police' : ''}`,
      },
    ];
    if (e.end_date) entries.push({ date: e.end_date, source: 'Missing', what: e.kind === 'M' ? 'Returned after being missing' : 'Returned after being away without authorisation', detail: [describeWhen(e.end_date, e.end_time), e.where_found].filter(Boolean).join('; ') });
    if (e.interview_outcome === 'held' && e.interview_held_on) {
      entries.push({ date: e.interview_held_on, source: 'Missing', what: `Return interview with ${e.interview_offered_by}`, detail: e.interview_learned ?? '' });
    } else if (e.interview_outcome === 'declined' && e.interview_offered_on) {
      entries.push({ date: e.interview_offered_on, source: 'Missing', what: 'Return interview offered and declined', detail: `Offered by ${e.interview_offered_by}` });
    }
    return entries;
  });
}

// --- Children missing, across the viewer's scope ---------------------------------------------------------


/** Whose children the page covers: as the caseload pages decide, the council, a service, a team or the viewer's own. */
async function scopeOf(r: Reader): Promise<{ scope: CaseScope; heading: string }> {
  const landing = caseloadLanding(r.viewer);
  if (landing === 'council') return { scope: {}, heading: 'Across the council' };
  if (landing && 'service' in landing) return { scope: { serviceId: landing.service }, heading: (await findServiceName(r.db, landing.service)) ?? 'Your service' };
  if (landing && 'team' in landing) return { scope: { teamId: landing.team }, heading: (await findTeamName(r.db, landing.team)) ?? 'Your team' };
  return { scope: { workerId: r.viewer.id }, heading: 'Your children' };
}

/**
 * Children currently missing, going missing repeatedly, and with a return
 * interview overdue, among the children the viewer's scope covers. Children
 * whose records the viewer may not open are counted but not named; a
 * restricted child they may not open is neither.
 */
export async function missingOverview(r: Reader) {
  return r.db.transaction().execute(async (trx) => {
    const { scope, heading } = await scopeOf({ ...r, db: trx });
    const threshold = DEFAULT_REPEAT_THRESHOLD;
    const rows = await findEpisodesInScope(trx, r.viewer, r.now, scope, addDays(r.today, -(threshold.withinDays - 1)));
    const byChild = new Map<string, typeof rows>();
    for (const row of rows) byChild.set(row.child_id, [...(byChild.get(row.child_id) ?? []), row]);
    const due = await dueForChildren(trx, [...byChild.keys()], r.today);
    const children = [...byChild.values()].map((episodes) => {
      const first = episodes[0]!;
      const open = episodes.find((e) => e.end_date === null);
      const overdue = (due.get(first.child_id) ?? []).filter((i) => i.kind === 'return_interview' && i.status === 'overdue').map((i) => presentItem(first.child_id, i));
      return {
        id: first.child_id,
        visible: Boolean(first.visible),
        name: `${first.forename} ${first.surname}`,
        laChildId: first.la_child_id,
        workerName: first.worker_name ?? 'Not allocated',
        teamName: first.team_name,
        href: `/children/${first.child_id}/care/missing`,
        open: open ? { kindLabel: KIND_LABELS[open.kind], since: describeWhen(open.start_date, open.start_time), startDate: open.start_date } : null,
        repeated: repeatedEpisodes(episodes.map((e) => ({ startDate: e.start_date })), r.today, threshold),
        overdue,
      };
    });
    const group = (matches: (c: (typeof children)[number]) => boolean) => {
      const all = children.filter(matches);
      const listed = all.filter((c) => c.visible);
      return { count: all.length, children: listed, notListed: all.length - listed.length };
    };
    const view = {
      heading,
      threshold,
      missingNow: group((c) => c.open !== null),
      repeated: group((c) => c.repeated !== null),
      overdue: group((c) => c.overdue.length > 0),
    };
    await recordAudit(trx, r.context, {
      action: 'care.missing.view',
      outcome: 'allowed',
      subjectType: 'user',
      subjectId: r.viewer.id,
      reason: `${view.missingNow.children.length + view.repeated.children.length + view.overdue.children.length} children listed`,
    });
    return view;
  });
}
