// The library's add and change form, read with the one form reader.
import { z } from 'zod';
import type { DirectWorkKind } from '../../db/schema.ts';
import { choice, readForm, text, uuidChoice, wholeNumber, type Body, type FormRead } from '../../platform/http/forms.ts';
import { AGE_MAX, TOOL_KINDS } from './rules.ts';

export const NAME_MAX = 120;
export const PURPOSE_MAX = 1000;
export const NEEDS_MAX = 1000;
export const GUIDANCE_MAX = 4000;

export interface ToolInput {
  name: string;
  kind: DirectWorkKind;
  purpose: string;
  ageFrom: number;
  ageTo: number;
  suitsNeeds: string;
  guidance: string;
  courseId: string | null;
}

export const TOOL_FIELDS = ['name', 'kind', 'purpose', 'ageFrom', 'ageTo', 'suitsNeeds', 'guidance', 'courseId'];

const toolForm = z.object({
  name: text({ label: 'Name', max: NAME_MAX, required: 'Enter the name of the tool' }),
  kind: choice(TOOL_KINDS, { label: 'Kind of tool', choose: 'Select the kind of tool' }),
  purpose: text({ label: 'Purpose', max: PURPOSE_MAX, required: 'Enter what the tool is for', keepLayout: true }),
  ageFrom: wholeNumber({ label: 'Youngest age', min: 0, max: AGE_MAX, required: 'Enter the youngest age the tool suits' }),
  ageTo: wholeNumber({ label: 'Oldest age', min: 0, max: AGE_MAX, required: 'Enter the oldest age the tool suits' }),
  suitsNeeds: text({ label: 'Needs it suits', max: NEEDS_MAX, required: 'Enter the needs the tool suits', keepLayout: true }),
  guidance: text({ label: 'Guidance for the worker', max: GUIDANCE_MAX, required: 'Enter guidance for the worker', keepLayout: true }),
  courseId: uuidChoice({ label: 'Training it needs' }),
});

export function readTool(body: Body): FormRead<ToolInput> {
  const read = readForm(toolForm, body);
  const { ageFrom, ageTo } = read.values;
  if (typeof ageFrom === 'number' && typeof ageTo === 'number' && ageTo < ageFrom && !read.errors.ageTo) {
    read.errors.ageTo = 'The oldest age must be the same as or more than the youngest age';
  }
  return read;
}
