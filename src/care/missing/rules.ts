// Missing from care or home: the order of an episode's dates and times, the
// return interview against the return, and repeated episodes. Pure: the
// service passes the child's episodes and today.
import { addDays, formatDate } from '../../platform/calendar/dates.ts';
import type { MissingKind } from '../../db/schema.ts';

export const KIND_LABELS: Record<MissingKind, string> = {
  M: 'Missing: whereabouts unknown',
  A: 'Away from placement without authorisation: whereabouts known',
};

/**
 * When a child counts as going missing repeatedly: this many episodes
 * starting within this many days. A local threshold (the guidance leaves it
 * to councils' protocols), kept as data with this default.
 */
export interface RepeatThreshold {
  episodes: number;
  withinDays: number;
}
export const DEFAULT_REPEAT_THRESHOLD: RepeatThreshold = { episodes: 3, withinDays: 90 };

export interface Episode {
  id: string;
  kind: MissingKind;
  startDate: string;
  startTime: string | null;
  endDate: string | null;
  endTime: string | null;
}

/** When an episode began and ended, comparable as text; an unknown time is the start or end of its day. */
const startOf = (e: Pick<Episode, 'startDate' | 'startTime'>) => `${e.startDate}T${e.startTime ?? '00:00'}`;
const endOf = (e: Pick<Episode, 'endDate' | 'endTime'>) => (e.endDate === null ? '9999-12-31T24:00' : `${e.endDate}T${e.endTime ?? '24:00'}`);

export const describeWhen = (date: string, time: string | null) => `${formatDate(date)}${time ? ` at ${time}` : ''}`;

/**
 * Why an episode's dates cannot be stored alongside the child's others, by
 * field ('start' or 'end'), or an empty object. `others` excludes the episode
 * itself when its return is being recorded.
 */
export function episodeProblems(episode: Omit<Episode, 'id' | 'kind'>, others: readonly Episode[], child: { dateOfBirth: string | null; dateOfDeath: string | null }, today: string): { start?: string; end?: string } {
  const problems: { start?: string; end?: string } = {};
  if (episode.startDate > today) problems.start = 'The date they went missing must be today or in the past';
  else if (child.dateOfBirth && episode.startDate < child.dateOfBirth) problems.start = `The date they went missing must be on or after their date of birth, ${formatDate(child.dateOfBirth)}`;
  else if (child.dateOfDeath && episode.startDate > child.dateOfDeath) problems.start = `The date they went missing must be on or before their date of death, ${formatDate(child.dateOfDeath)}`;
  if (episode.endDate !== null) {
    if (episode.endDate > today) problems.end = 'The date they returned must be today or in the past';
    else if (endOf(episode) < startOf(episode)) problems.end = `The return must be after they went missing, ${describeWhen(episode.startDate, episode.startTime)}`;
  }
  if (problems.start || problems.end) return problems;
  const open = others.find((o) => o.endDate === null);
  if (open && episode.endDate === null) {
    problems.start = `An episode is already open, from ${describeWhen(open.startDate, open.startTime)}: record that return before a new episode`;
    return problems;
  }
  const overlapping = others.find((o) => startOf(o) < endOf(episode) && startOf(episode) < endOf(o));
  if (overlapping) {
    const to = overlapping.endDate === null ? 'still open' : `to ${describeWhen(overlapping.endDate, overlapping.endTime)}`;
    problems.start = `This overlaps the episode from ${describeWhen(overlapping.startDate, overlapping.startTime)}, ${to}: if both were on one day, enter the times`;
  }
  return problems;
}

export interface InterviewFacts {
  offeredOn: string;
  outcome: 'held' | 'declined' | null;
  heldOn: string | null;
}

/** Why a return interview's dates cannot be stored for an episode, by field ('offeredOn' or 'heldOn'). */
export function interviewProblems(interview: InterviewFacts, episode: Pick<Episode, 'endDate' | 'endTime'>, today: string): { offeredOn?: string; heldOn?: string } {
  if (episode.endDate === null) return { offeredOn: 'Record the child’s return first: the interview is offered on their return' };
  const problems: { offeredOn?: string; heldOn?: string } = {};
  if (interview.offeredOn > today) problems.offeredOn = 'The date the interview was offered must be today or in the past';
  else if (interview.offeredOn < episode.endDate) problems.offeredOn = `The interview must be offered on or after the child’s return, ${describeWhen(episode.endDate, episode.endTime)}`;
  if (interview.heldOn !== null) {
    if (interview.heldOn > today) problems.heldOn = 'The date the interview took place must be today or in the past';
    else if (interview.heldOn < episode.endDate) problems.heldOn = `The interview cannot take place before the child’s return, ${formatDate(episode.endDate)}`;
    else if (interview.heldOn < interview.offeredOn) problems.heldOn = `The interview cannot take place before it was offered, ${formatDate(interview.offeredOn)}`;
  }
  return problems;
}

/**
 * Whether the child is going missing repeatedly as of `today`: at least
 * `threshold.episodes` episodes (missing or away) started in the last
 * `threshold.withinDays` days, today included. Null when not.
 */
export function repeatedEpisodes(episodes: readonly Pick<Episode, 'startDate'>[], today: string, threshold: RepeatThreshold = DEFAULT_REPEAT_THRESHOLD): { count: number; since: string } | null {
  const since = addDays(today, -(threshold.withinDays - 1));
  const count = episodes.filter((e) => e.startDate >= since && e.startDate <= today).length;
  return count >= threshold.episodes ? { count, since } : null;
}

export type InterviewState = 'not_due' | 'awaiting' | 'held' | 'declined';

/** Where an episode's return interview stands, in words a page shows. */
export function interviewState(e: { kind: MissingKind; endDate: string | null; interviewOutcome: 'held' | 'declined' | null; interviewOfferedOn: string | null }): { state: InterviewState; text: string } {
  if (e.interviewOutcome === 'held') return { state: 'held', text: 'Held' };
  if (e.interviewOutcome === 'declined') return { state: 'declined', text: 'Offered and declined' };
  if (e.endDate === null) return { state: 'not_due', text: 'Not yet returned' };
  if (e.interviewOfferedOn) return { state: 'awaiting', text: `Offered ${formatDate(e.interviewOfferedOn)}, not yet held` };
  return { state: 'awaiting', text: e.kind === 'M' ? 'Not yet offered' : 'Not recorded' };
}
