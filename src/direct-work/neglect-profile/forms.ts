// The forms of the neglect profile, read with the one form reader: a
// completion on a child's record (its grades follow the domains of the
// council's current version), and the council's profile itself.
import { z } from 'zod';
import { choice, dateInput, dateKey, readForm, text, yesNo, type Body, type FormRead } from '../../platform/http/forms.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { GRADES, MAX_DOMAINS } from './rules.ts';

export const TOOK_PART_MAX = 500;
export const EVIDENCE_MAX = 2000;
export const SUMMARY_MAX = 4000;
export const NEXT_STEPS_MAX = 2000;
export const DOMAIN_NAME_MAX = 100;
export const DESCRIPTOR_MAX = 500;
export const CHANGE_NOTE_MAX = 1000;

export const gradeField = (key: string) => `grade-${key}`;
export const evidenceField = (key: string) => `evidence-${key}`;

export interface CompletionInput {
  completedOn: string;
  withFamily: boolean;
  tookPart: string;
  summary: string;
  nextSteps: string;
  grades: { key: string; grade: number; evidence: string | null }[];
}

/** The order of the completion form, as the page shows it. */
export function completionFields(domains: readonly { key: string }[]): string[] {
  return [dateKey('completedOn'), 'withFamily', 'tookPart', ...domains.flatMap((d) => [gradeField(d.key), evidenceField(d.key)]), 'summary', 'nextSteps'];
}

const GRADE_CHOICES = GRADES.map(String) as readonly string[];

/** Reads a completion against the domains of the version it grades: a grade for every domain, evidence optional. */
export function readCompletion(body: Body, domains: readonly { key: string; name: string }[]): FormRead<CompletionInput> {
  const shape: Record<string, z.ZodType> = {
    completedOn: dateInput({ label: 'Date completed', required: true, requiredMessage: 'Enter the date the profile was completed' }),
    withFamily: yesNo('Select yes if the profile was completed with the family'),
    tookPart: text({ label: 'Who took part', max: TOOK_PART_MAX, required: 'Enter who took part' }),
  };
  for (const d of domains) {
    shape[gradeField(d.key)] = choice(GRADE_CHOICES as string[], { label: `The grade for ${d.name}`, choose: `Select a grade for ${d.name}` });
    shape[evidenceField(d.key)] = text({ label: `The evidence for ${d.name}`, max: EVIDENCE_MAX, keepLayout: true });
  }
  shape.summary = text({ label: 'Overall summary', max: SUMMARY_MAX, required: 'Enter an overall summary', keepLayout: true });
  shape.nextSteps = text({ label: 'What happens next', max: NEXT_STEPS_MAX, required: 'Enter what happens next', keepLayout: true });
  const read = readForm(z.object(shape), body);
  const v = read.values as Record<string, unknown>;
  const values: Partial<CompletionInput> = {
    completedOn: v.completedOn as string | undefined,
    withFamily: v.withFamily as boolean | undefined,
    tookPart: v.tookPart as string | undefined,
    summary: v.summary as string | undefined,
    nextSteps: v.nextSteps as string | undefined,
  };
  if (domains.every((d) => typeof v[gradeField(d.key)] === 'string')) {
    values.grades = domains.map((d) => ({ key: d.key, grade: Number(v[gradeField(d.key)]), evidence: (v[evidenceField(d.key)] as string | null | undefined) ?? null }));
  }
  return { values, errors: read.errors };
}

// --- The council's profile ----------------------------------------------------------------------------

export const slotField = (n: number, part: 'Key' | 'Name' | `Grade${number}`) => `domain${n}${part}`;

export interface TemplateInput {
  changeNote: string;
  domains: { sentKey: string; name: string; grades: [string, string, string, string, string] }[];
}

/** The order of the profile's form. */
export function templateFields(): string[] {
  const fields = ['changeNote'];
  for (let n = 1; n <= MAX_DOMAINS; n++) fields.push(slotField(n, 'Name'), ...GRADES.map((g) => slotField(n, `Grade${g}`)));
  return fields;
}

/**
 * Reads the profile's form: a note of what changed, and the domains in the
 * order given. A slot left wholly empty is no domain (that is how a domain is
 * removed); a named domain needs a descriptor for every grade.
 */
export function readTemplate(body: Body): FormRead<TemplateInput> {
  const shape: Record<string, z.ZodType> = { changeNote: text({ label: 'What changed', max: CHANGE_NOTE_MAX, required: 'Enter what changed in this version, and why', keepLayout: true }) };
  for (let n = 1; n <= MAX_DOMAINS; n++) {
    shape[slotField(n, 'Key')] = text({ label: 'Key', max: 60 });
    shape[slotField(n, 'Name')] = text({ label: `The name of domain ${n}`, max: DOMAIN_NAME_MAX });
    for (const g of GRADES) shape[slotField(n, `Grade${g}`)] = text({ label: `Domain ${n}’s descriptor for grade ${g}`, max: DESCRIPTOR_MAX, keepLayout: true });
  }
  const read = readForm(z.object(shape), body);
  const v = read.values as Record<string, string | null | undefined>;
  const errors: FieldErrors = { ...read.errors };
  const domains: TemplateInput['domains'] = [];
  const names = new Set<string>();
  for (let n = 1; n <= MAX_DOMAINS; n++) {
    const name = v[slotField(n, 'Name')];
    const grades = GRADES.map((g) => v[slotField(n, `Grade${g}`)]);
    if (!name && grades.every((g) => !g)) continue;
    if (!name) {
      if (!errors[slotField(n, 'Name')]) errors[slotField(n, 'Name')] = `Enter the name of domain ${n}, or clear its descriptors to remove it`;
      continue;
    }
    if (names.has(name.toLowerCase())) errors[slotField(n, 'Name')] = `There is already a domain called ${name}`;
    names.add(name.toLowerCase());
    GRADES.forEach((g, i) => {
      if (!grades[i] && !errors[slotField(n, `Grade${g}`)]) errors[slotField(n, `Grade${g}`)] = `Enter ${name}’s descriptor for grade ${g}`;
    });
    if (grades.every(Boolean)) domains.push({ sentKey: v[slotField(n, 'Key')] ?? '', name, grades: grades as TemplateInput['domains'][number]['grades'] });
  }
  if (domains.length === 0 && Object.keys(errors).length === 0) errors[slotField(1, 'Name')] = 'Enter at least one domain';
  return { values: { changeNote: v.changeNote ?? undefined, domains }, errors };
}
