// The observation form and the worker's reflection, read with the one form reader.
import { z } from 'zod';
import type { ObservationSetting, OfstedGrade } from '../../db/schema.ts';
import { choice, dateInput, readForm, text, uuidChoice, type Body, type FormRead } from '../../platform/http/forms.ts';
import { GRADES, SETTINGS } from './rules.ts';

export const DETAIL_MAX = 200;
export const NOTES_MAX = 4000;

export interface ObservationInput {
  workerId: string;
  observedOn: string;
  setting: ObservationSetting;
  settingDetail: string | null;
  childId: string | null;
  wentWell: string;
  toDevelop: string;
  courseId: string | null;
  grade: OfstedGrade | null;
}

export const OBSERVATION_FIELDS = ['workerId', 'observedOn-day', 'setting', 'settingDetail', 'childId', 'wentWell', 'toDevelop', 'courseId', 'grade'];

const NO_GRADE = { none: 'Not graded', ...GRADES } as const;

const observationForm = z.object({
  workerId: uuidChoice({ label: 'Worker observed', choose: 'Select the worker you observed' }),
  observedOn: dateInput({ label: 'Date of the observation', required: true }),
  setting: choice(SETTINGS, { label: 'Where you observed their practice', choose: 'Select where you observed their practice' }),
  settingDetail: text({ label: 'About the setting', max: DETAIL_MAX }),
  childId: uuidChoice({ label: 'Child' }),
  wentWell: text({ label: 'What went well', max: NOTES_MAX, required: 'Enter what went well', keepLayout: true }),
  toDevelop: text({ label: 'What to develop', max: NOTES_MAX, required: 'Enter what the worker could develop', keepLayout: true }),
  courseId: uuidChoice({ label: 'A course that would help' }),
  grade: choice(NO_GRADE, { label: 'Grade', choose: 'Select a grade, or Not graded' }),
});

export function readObservation(body: Body): FormRead<ObservationInput> {
  const read = readForm(observationForm, body);
  const { grade, ...rest } = read.values;
  return { values: { ...rest, ...(grade !== undefined ? { grade: grade === 'none' ? null : grade } : {}) }, errors: read.errors };
}

const reflectionForm = z.object({
  reflection: text({ label: 'Your reflection', max: NOTES_MAX, required: 'Enter your reflection on the observation', keepLayout: true }),
});

export function readReflection(body: Body): FormRead<{ reflection: string }> {
  return readForm(reflectionForm, body);
}
