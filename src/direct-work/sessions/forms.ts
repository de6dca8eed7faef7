// The form recording a direct-work session, read with the one form reader.
// The files sent with it are read by the route (multipart parts) and checked by the service.
import { z } from 'zod';
import { dateInput, dateKey, field, problem, readForm, sentText, text, uuidChoice, type Body, type FormRead } from '../../platform/http/forms.ts';
import { ATTACHMENT_KINDS, type AttachmentKind } from './rules.ts';

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
  /** What the files sent with it are; asked only when there are files. */
  attachmentKind: AttachmentKind | null;
}

/** The order of the form, as the page shows it. */
export const SESSION_FIELDS = [dateKey('sessionDate'), 'toolId', 'tookPart', 'childsWords', 'analysis', 'whatChanged', 'files', 'attachmentKind'];

/** What the files are: the child's own work or a photograph; left unanswered, null. */
const attachmentKind = field<AttachmentKind | null>((sent) => {
  const value = sentText(sent).trim();
  if (!value) return null;
  return (ATTACHMENT_KINDS as readonly string[]).includes(value) ? (value as AttachmentKind) : problem('What the files show must be one of the options listed');
});

const sessionForm = z.object({
  sessionDate: dateInput({ label: 'Date of the session', required: true, requiredMessage: 'Enter the date of the session' }),
  toolId: uuidChoice({ label: 'Tool used', choose: 'Select the tool used' }),
  tookPart: text({ label: 'Who took part', max: TOOK_PART_MAX, required: 'Enter who took part' }),
  childsWords: text({ label: 'The child’s words', max: WORDS_MAX, required: 'Enter the child’s words as they said them', keepLayout: true }),
  analysis: text({ label: 'Your analysis', max: ANALYSIS_MAX, required: 'Enter your analysis of what the child said and showed', keepLayout: true }),
  whatChanged: text({ label: 'What changed as a result', max: CHANGED_MAX, required: 'Enter what changed as a result, or that nothing has changed yet', keepLayout: true }),
  attachmentKind,
});

export function readSession(body: Body): FormRead<SessionInput> {
  return readForm(sessionForm, body);
}

export interface AttachInput {
  attachmentKind: AttachmentKind | null;
}

/** The order of the form adding drawings or photos to a session. */
export const ATTACH_FIELDS = ['files', 'attachmentKind'];

const attachForm = z.object({ attachmentKind });

export function readAttach(body: Body): FormRead<AttachInput> {
  return readForm(attachForm, body);
}
