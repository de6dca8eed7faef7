// The form recording a direct-work session, read with the one form reader.
import { z } from 'zod';
import { dateInput, dateKey, readForm, text, uuidChoice, type Body, type FormRead } from '../../platform/http/forms.ts';

export const TOOK_PART_MAX = 500;
export const WORDS_MAX = 4000;
export const ANALYSIS_MAX = 4000;
export const CHANGED_MAX = 2000;

export interface SessionInput {
  sessionDate: string;
  toolId: string;
  tookPart: string;
  childsWords: string;
  analysis: string;
  whatChanged: string;
}

/** The order of the form, as the page shows it. */
export const SESSION_FIELDS = [dateKey('sessionDate'), 'toolId', 'tookPart', 'childsWords', 'analysis', 'whatChanged'];

const sessionForm = z.object({
  sessionDate: dateInput({ label: 'Date of the session', required: true, requiredMessage: 'Enter the date of the session' }),
  toolId: uuidChoice({ label: 'Tool used', choose: 'Select the tool used' }),
  tookPart: text({ label: 'Who took part', max: TOOK_PART_MAX, required: 'Enter who took part' }),
  childsWords: text({ label: 'The child’s words', max: WORDS_MAX, required: 'Enter the child’s words as they said them', keepLayout: true }),
  analysis: text({ label: 'Your analysis', max: ANALYSIS_MAX, required: 'Enter your analysis of what the child said and showed', keepLayout: true }),
  whatChanged: text({ label: 'What changed as a result', max: CHANGED_MAX, required: 'Enter what changed as a result, or that nothing has changed yet', keepLayout: true }),
});

export function readSession(body: Body): FormRead<SessionInput> {
  return readForm(sessionForm, body);
}
