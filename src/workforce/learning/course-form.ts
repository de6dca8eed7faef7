// Reading the form that adds or changes a course in the training catalogue:
// its name, kind, description, renewal period and the roles that must hold it.
import { z } from 'zod';
import { ROLES, type Role, type TrainingCategory } from '../../db/schema.ts';
import { ROLE_LABELS } from '../../platform/access/roles.ts';
import { formComplete, readForm, type Body } from '../../platform/http/forms.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { CATEGORY_LABELS } from './rules.ts';

export const CATEGORIES = ['direct_work_toolkit', 'safeguarding', 'practice', 'management', 'other'] as const satisfies readonly TrainingCategory[];

/** The longest renewal period a course may have: ten years. */
export const MAX_RENEWAL_MONTHS = 120;

/** Checkboxes arrive as nothing, one string, or a list. */
const list = (value: unknown): unknown[] => (value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value]);

export const courseSchema = z.object({
  name: z.string({ error: 'Enter the course name' }).trim().min(1, 'Enter the course name').max(120, 'Course name must be 120 characters or fewer'),
  category: z.enum(CATEGORIES, { error: 'Select what kind of course it is' }),
  description: z
    .string()
    .trim()
    .max(500, 'Description must be 500 characters or fewer')
    .optional()
    .transform((text) => text || null),
  renewalMonths: z
    .string()
    .trim()
    .optional()
    .transform((text, ctx) => {
      if (!text) return null;
      const months = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
      if (!(months >= 1 && months <= MAX_RENEWAL_MONTHS)) {
        ctx.addIssue({ code: 'custom', message: `Renewal period must be a whole number of months from 1 to ${MAX_RENEWAL_MONTHS}, or left blank if it never expires` });
        return z.NEVER;
      }
      return months;
    }),
  roles: z.preprocess(list, z.array(z.enum(ROLES, { error: 'Select roles from the list' }))).transform((roles) => ROLES.filter((r) => roles.includes(r))),
});

export type CourseInput = z.infer<typeof courseSchema>;

export function readCourse(body: Body): { ok: true; course: CourseInput } | { ok: false; errors: FieldErrors } {
  const result = readForm(courseSchema, body);
  return formComplete(result) ? { ok: true, course: result.values } : { ok: false, errors: result.errors };
}

export interface CourseShape {
  name: string;
  category: string;
  description: string | null;
  renewal_months: number | null;
  required_for: readonly Role[];
}

const renewal = (months: number | null) => (months === null ? 'does not expire' : `renew every ${months} months`);
/** Roles in the order the system lists them, so that the same roles always read the same. */
const roleList = (roles: readonly Role[]) => (roles.length ? ROLES.filter((r) => roles.includes(r)).map((r) => ROLE_LABELS[r]).join(', ') : 'none');

/** A course in words, for the audit log. */
export function describeCourse(course: CourseShape): string {
  return `${course.name} (${CATEGORY_LABELS[course.category] ?? course.category}); ${renewal(course.renewal_months)}; required for ${roleList(course.required_for)}`;
}

/** What changed, old to new, for the audit log. */
export function describeCourseChanges(before: CourseShape, after: CourseShape): string[] {
  const changes: string[] = [];
  if (before.name !== after.name) changes.push(`name ${before.name} -> ${after.name}`);
  if (before.category !== after.category) changes.push(`kind ${CATEGORY_LABELS[before.category]} -> ${CATEGORY_LABELS[after.category]}`);
  if (before.description !== after.description) changes.push('description changed');
  if (before.renewal_months !== after.renewal_months) changes.push(`${renewal(before.renewal_months)} -> ${renewal(after.renewal_months)}`);
  if (roleList(before.required_for) !== roleList(after.required_for)) changes.push(`required for ${roleList(before.required_for)} -> ${roleList(after.required_for)}`);
  return changes;
}

/** The form's values for a stored course. */
export function courseFormValues(course: CourseShape): Body {
  return {
    name: course.name,
    category: course.category,
    description: course.description ?? '',
    renewalMonths: course.renewal_months === null ? '' : String(course.renewal_months),
    roles: [...course.required_for],
  };
}
