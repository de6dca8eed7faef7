// The audit forms, read with the one form reader.
import { z } from 'zod';
import type { AuditAnswers, AuditGrade, AuditQuestion, AuditSample } from '../../db/schema.ts';
import { choice, dateInput, field, problem, readForm, sentText, text, uuidChoice, wholeNumber, yesNo, type Body, type FormRead } from '../../platform/http/forms.ts';
import { AREAS, GRADES, PER_TEAM_MAX, SAMPLES } from './rules.ts';

export const COMMENT_MAX = 2000;
export const REASONS_MAX = 4000;
export const WHY_MAX = 2000;
export const ACTION_MAX = 1000;
export const QUESTIONS_MAX = 4000;

const optionalGrade = (label: string) =>
  field<AuditGrade | null>((sent) => {
    const value = sentText(sent).trim();
    if (!value) return null;
    return Object.hasOwn(GRADES, value) ? (value as AuditGrade) : problem(`${label} must be one of the grades listed`);
  });

export interface GradesInput {
  answers: AuditAnswers;
  overall: AuditGrade | null;
  reasons: string | null;
}

/** The grades of an audit (or of its moderation): each question's grade and comment, the overall grade and its reasons. */
export function readGrades(questions: readonly AuditQuestion[], body: Body, submitting: boolean): FormRead<GradesInput> & { order: string[] } {
  const shape: Record<string, z.ZodType> = {};
  questions.forEach((q, i) => {
    const label = `Question ${i + 1}`;
    shape[`grade-${q.key}`] = submitting ? choice(GRADES, { label: `The grade for question ${i + 1}`, choose: `Select a grade for question ${i + 1} (${AREAS[q.area] ?? q.area})` }) : optionalGrade(label);
    shape[`comment-${q.key}`] = text({ label: `The comment on question ${i + 1}`, max: COMMENT_MAX, keepLayout: true });
  });
  shape.overall = submitting ? choice(GRADES, { label: 'The overall grade', choose: 'Select the overall grade' }) : optionalGrade('The overall grade');
  shape.reasons = submitting
    ? text({ label: 'The reasons for the overall grade', max: REASONS_MAX, required: 'Enter the reasons for the overall grade', keepLayout: true })
    : text({ label: 'The reasons for the overall grade', max: REASONS_MAX, keepLayout: true });
  const read = readForm(z.object(shape), body);
  const v = read.values as Record<string, unknown>;
  const answers: AuditAnswers = {};
  for (const q of questions) {
    const grade = (v[`grade-${q.key}`] as AuditGrade | null | undefined) ?? null;
    const comment = (v[`comment-${q.key}`] as string | null | undefined) ?? '';
    if (grade || comment) answers[q.key] = { grade, comment };
  }
  return {
    values: { answers, overall: (v.overall as AuditGrade | null | undefined) ?? null, reasons: (v.reasons as string | null | undefined) ?? null },
    errors: read.errors,
    order: Object.keys(shape),
  };
}

export interface ProgrammeInput {
  month: string;
  sample: AuditSample;
  perTeam: number;
}

const programmeForm = z.object({
  month: field<string>((sent) => (/^\d{4}-(0[1-9]|1[0-2])$/.test(sentText(sent).trim()) ? sentText(sent).trim() : problem('Enter the month to audit as a year and month, like 2026-12'))),
  sample: choice(SAMPLES, { label: 'The sample', choose: 'Select the sample' }),
  perTeam: wholeNumber({ label: 'Children from each team', min: 1, max: PER_TEAM_MAX, required: 'Enter how many children to audit from each team' }),
});

export function readProgramme(body: Body): FormRead<ProgrammeInput> {
  return readForm(programmeForm, body);
}

export const dueDateForm = z.object({ dueDate: dateInput({ label: 'The date the audits are due', required: true, requiredMessage: 'Enter the date the audits are due' }) });

export const toolForm = z.object({
  ...Object.fromEntries(Object.entries(AREAS).map(([area, label]) => [area, text({ label, max: QUESTIONS_MAX, keepLayout: true })])),
  note: text({ label: 'What changed', max: 1000, required: 'Enter what changed and why' }),
});

export const reflectionForm = z.object({
  agrees: yesNo('Select yes if you agree with the audit'),
  why: text({ label: 'Why', max: WHY_MAX, required: 'Enter why you agree or disagree', keepLayout: true }),
});

export const actionForm = z.object({
  description: text({ label: 'The action', max: ACTION_MAX, required: 'Enter the learning action', keepLayout: true }),
  ownerId: uuidChoice({ label: 'Who owns it', choose: 'Select who owns the action' }),
  dueDate: dateInput({ label: 'The date it is due', required: true, requiredMessage: 'Enter the date the action is due' }),
  courseId: uuidChoice({ label: 'Training' }),
});

export const doneForm = z.object({
  doneOn: dateInput({ label: 'The date it was done', required: true, requiredMessage: 'Enter the date the action was done' }),
  doneNote: text({ label: 'What was done', max: 2000, required: 'Enter what was done', keepLayout: true }),
});

export const moderatorForm = z.object({ moderatorId: uuidChoice({ label: 'The moderator', choose: 'Select the second auditor' }) });

export const settleForm = z.object({
  grade: choice(GRADES, { label: 'The final grade', choose: 'Select the final grade' }),
  reason: text({ label: 'The reason', max: 2000, required: 'Enter the reason for the final grade', keepLayout: true }),
});
