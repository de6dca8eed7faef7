// The review outcome, recommendation and completion forms, read with the one
// form reader so one submission shows every problem. The checks that need the
// review, the child or the chair are the service's (see rules.ts).
import { z } from 'zod';
import type { ReviewParticipation } from '../../db/schema.ts';
import { code, dateInput, dateKey, readForm, text, uuidChoice, yesNo, type Body, type FormRead } from '../../platform/http/forms.ts';

export const SUMMARY_MAX = 2000;
export const ACTION_MAX = 1000;
export const OWNER_OTHER_MAX = 200;
export const WHAT_DONE_MAX = 2000;
/** The owner choice for someone outside the system, named in words. */
export const OTHER_OWNER = 'other';

export interface OutcomeInput {
  chairId: string;
  participation: ReviewParticipation;
  planEndorsed: boolean;
  summary: string | null;
}
export const OUTCOME_FIELDS = ['chairId', 'participation', 'planEndorsed', 'summary'];

const outcomeForm = z.object({
  chairId: uuidChoice({ label: 'Who chaired the review', choose: 'Select who chaired the review', invalid: 'The chair must be an independent reviewing officer' }),
  participation: code('reviewParticipation', { label: 'How the child took part', choose: 'Select how the child took part in the review' }),
  planEndorsed: yesNo('Select whether the review endorsed the care plan'),
  summary: text({ label: 'Summary', max: SUMMARY_MAX }),
});

export function readOutcome(body: Body): FormRead<OutcomeInput> {
  const { values, errors } = readForm(outcomeForm, body);
  return { values: { ...values, participation: values.participation as ReviewParticipation }, errors };
}

export interface RecommendationInput {
  action: string;
  owner: string;
  ownerOther: string | null;
  dueDate: string;
}
export const RECOMMENDATION_FIELDS = ['action', 'owner', 'ownerOther', dateKey('dueDate')];

const recommendationForm = z.object({
  action: text({ label: 'The recommendation', max: ACTION_MAX, required: 'Enter what the review recommended' }),
  owner: text({ label: 'Who will do it', max: 40, required: 'Select who will carry out the recommendation' }),
  ownerOther: text({ label: 'Name or role', max: OWNER_OTHER_MAX }),
  dueDate: dateInput({ label: 'Due by', required: true, requiredMessage: 'Enter the date it is due by' }),
});

/** Someone else is named in words (a foster carer, the virtual school); a worker here is chosen from the list. */
export function readRecommendation(body: Body): FormRead<RecommendationInput> {
  const { values, errors } = readForm(recommendationForm, body);
  if (values.owner === OTHER_OWNER && !values.ownerOther && !errors.ownerOther) errors.ownerOther = 'Enter who will carry it out, for example “Foster carer” or “Virtual school”';
  if (values.owner && values.owner !== OTHER_OWNER && values.ownerOther) errors.ownerOther = 'Leave the name empty, or choose “Someone else”';
  return { values, errors };
}

export interface CompletionInput {
  completedOn: string;
  whatDone: string;
}
export const COMPLETION_FIELDS = [dateKey('completedOn'), 'whatDone'];

const completionForm = z.object({
  completedOn: dateInput({ label: 'Date done', required: true, requiredMessage: 'Enter the date it was done' }),
  whatDone: text({ label: 'What was done', max: WHAT_DONE_MAX, required: 'Enter what was done' }),
});

export function readCompletion(body: Body): FormRead<CompletionInput> {
  return readForm(completionForm, body);
}
