// The missing episode, return and return interview forms, read with the one
// form reader so one submission shows every problem. Pure: the checks that
// need the child's other episodes are the service's (see rules.ts).
import { z } from 'zod';
import type { MissingKind } from '../../db/schema.ts';
import { choice, code, dateInput, dateKey, readForm, text, timeOfDay, yesNo, type Body, type FormRead } from '../../platform/http/forms.ts';

export const WHERE_FOUND_MAX = 500;
export const OFFERED_BY_MAX = 200;
export const LEARNED_MAX = 10_000;

// --- A new episode ----------------------------------------------------------------------

export interface EpisodeInput {
  kind: MissingKind;
  startDate: string;
  startTime: string | null;
  reportedToPolice: boolean;
  endDate: string | null;
  endTime: string | null;
  whereFound: string | null;
}
export const EPISODE_FIELDS = ['kind', dateKey('startDate'), 'startTime', 'reportedToPolice', dateKey('endDate'), 'endTime', 'whereFound'];

const episodeForm = z.object({
  kind: code('missingEpisode', { label: 'What happened', choose: 'Select whether the child was missing or away without authorisation' }),
  startDate: dateInput({ label: 'Date they went missing', required: true }),
  startTime: timeOfDay({ label: 'Time they went missing' }),
  reportedToPolice: yesNo('Select whether the police were told'),
  endDate: dateInput({ label: 'Date they returned' }),
  endTime: timeOfDay({ label: 'Time they returned' }),
  whereFound: text({ label: 'Where they were found or how they returned', max: WHERE_FOUND_MAX }),
});

/** A new episode; the return may be recorded with it when the child is already back. */
export function readEpisode(body: Body): FormRead<EpisodeInput> {
  const { values, errors } = readForm(episodeForm, body);
  if (values.endDate === null) {
    if (values.endTime) errors.endTime = 'Leave the time they returned empty, or enter the date they returned';
    if (values.whereFound) errors.whereFound = 'Leave where they were found empty, or enter the date they returned';
  }
  return { values: { ...values, kind: values.kind as MissingKind }, errors };
}

// --- The return ------------------------------------------------------------------------

export interface ReturnInput {
  endDate: string;
  endTime: string | null;
  whereFound: string | null;
}
export const RETURN_FIELDS = [dateKey('endDate'), 'endTime', 'whereFound'];

const returnForm = z.object({
  endDate: dateInput({ label: 'Date they returned', required: true }),
  endTime: timeOfDay({ label: 'Time they returned' }),
  whereFound: text({ label: 'Where they were found or how they returned', max: WHERE_FOUND_MAX }),
});

export function readReturn(body: Body): FormRead<ReturnInput> {
  return readForm(returnForm, body);
}

// --- The return interview ------------------------------------------------------------------

export const OUTCOME_LABELS = {
  held: 'It took place',
  declined: 'The child declined it',
  awaiting: 'Offered, not held yet',
} as const;

export interface InterviewInput {
  offeredOn: string;
  offeredBy: string;
  independent: boolean;
  outcome: keyof typeof OUTCOME_LABELS;
  heldOn: string | null;
  learned: string | null;
}
export const INTERVIEW_FIELDS = [dateKey('offeredOn'), 'offeredBy', 'independent', 'outcome', dateKey('heldOn'), 'learned'];

const interviewForm = z.object({
  offeredOn: dateInput({ label: 'Date the interview was offered', required: true }),
  offeredBy: text({ label: 'Who offered it', max: OFFERED_BY_MAX, required: 'Enter who offered the interview' }),
  independent: yesNo('Select whether the person is independent of the child’s care'),
  outcome: choice(OUTCOME_LABELS, { label: 'What happened', choose: 'Select whether the interview took place, was declined or is still to happen' }),
  heldOn: dateInput({ label: 'Date the interview took place' }),
  learned: text({ label: 'What was learned', max: LEARNED_MAX }),
});

/** A held interview has its date and what was learned; the others have neither date. */
export function readInterview(body: Body): FormRead<InterviewInput> {
  const { values, errors } = readForm(interviewForm, body);
  if (values.outcome === 'held') {
    if (!values.heldOn && !errors[dateKey('heldOn')]) errors[dateKey('heldOn')] = 'Enter the date the interview took place';
    if (!values.learned && !errors.learned) errors.learned = 'Enter what was learned from the interview';
  } else if (values.outcome && values.heldOn) {
    errors[dateKey('heldOn')] = 'Leave the date it took place empty: you said the interview did not take place';
  }
  return { values, errors };
}
