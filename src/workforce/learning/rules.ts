// Required training: whether each person's attendance is current, and how a
// team stands. Pure: the caller passes today and the stored attendance.
import type { Role } from '../../db/schema.ts';
import { addMonths } from '../../platform/calendar/dates.ts';

export type TrainingStatus = 'current' | 'expiring' | 'expired' | 'missing';

export const STATUS_TAGS: Record<TrainingStatus, { text: string; classes: string }> = {
  current: { text: 'Up to date', classes: 'govuk-tag--green' },
  expiring: { text: 'Renew soon', classes: 'govuk-tag--yellow' },
  expired: { text: 'Expired', classes: 'govuk-tag--red' },
  missing: { text: 'Not done', classes: 'govuk-tag--grey' },
};

export const CATEGORY_LABELS: Record<string, string> = {
  direct_work_toolkit: 'Direct-work toolkit',
  safeguarding: 'Safeguarding',
  practice: 'Practice',
  management: 'Management and supervision',
  other: 'Other',
};

/** Renewal falling within this many days shows as "renew soon". */
export const RENEW_SOON_DAYS = 60;

/**
 * A required course's status for one person: never attended is missing;
 * with no renewal period, attendance is current for good; otherwise it
 * expires `renewalMonths` after the latest attendance.
 */
export function trainingStatus(lastAttended: string | null, renewalMonths: number | null, today: string): { status: TrainingStatus; expiresOn: string | null } {
  if (!lastAttended) return { status: 'missing', expiresOn: null };
  if (renewalMonths === null) return { status: 'current', expiresOn: null };
  const expiresOn = addMonths(lastAttended, renewalMonths);
  if (expiresOn <= today) return { status: 'expired', expiresOn };
  const soon = new Date(`${today}T00:00:00Z`);
  soon.setUTCDate(soon.getUTCDate() + RENEW_SOON_DAYS);
  return { status: expiresOn <= soon.toISOString().slice(0, 10) ? 'expiring' : 'current', expiresOn };
}

export interface Requirement {
  courseId: string;
  role: Role;
  renewalMonths: number | null;
}

/**
 * A team's compliance: for each person, each course their role requires;
 * compliant when current or expiring (not yet expired). Whole per cent of
 * required courses held, or null when nothing is required.
 */
export function compliance(
  people: readonly { id: string; role: Role }[],
  requirements: readonly Requirement[],
  lastAttended: (userId: string, courseId: string) => string | null,
  today: string,
): { required: number; compliant: number; percent: number | null; byCourse: Map<string, { required: number; compliant: number }> } {
  let required = 0;
  let compliant = 0;
  const byCourse = new Map<string, { required: number; compliant: number }>();
  for (const person of people) {
    for (const req of requirements.filter((r) => r.role === person.role)) {
      const { status } = trainingStatus(lastAttended(person.id, req.courseId), req.renewalMonths, today);
      const ok = status === 'current' || status === 'expiring';
      required += 1;
      if (ok) compliant += 1;
      const course = byCourse.get(req.courseId) ?? { required: 0, compliant: 0 };
      course.required += 1;
      if (ok) course.compliant += 1;
      byCourse.set(req.courseId, course);
    }
  }
  return { required, compliant, percent: required ? Math.round((compliant / required) * 100) : null, byCourse };
}
