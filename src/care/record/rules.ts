// What the care page says to a young person and their worker: who their
// adviser is, where their pathway plan stands, what comes next and until when
// they are supported. Pure: the caller passes the timeline and the due items.
import type { CareLeaverCategory } from '../../db/schema.ts';
import { birthday, formatDate } from '../../platform/calendar/dates.ts';
import type { ChildTimeline, DueKind } from '../../timescales/index.ts';

/** What the leaving care duties ask for, in the order the page shows them. */
export const LEAVING_CARE_KINDS: readonly DueKind[] = ['needs_assessment', 'pathway_plan_review', 'pa_contact'];

/** What a looked-after child's plan asks for. */
export const LOOKED_AFTER_KINDS: readonly DueKind[] = ['cla_visit', 'cla_review', 'health_assessment', 'pep_review'];

const OWED_DUTIES: readonly CareLeaverCategory[] = ['eligible', 'relevant', 'former_relevant'];

/** Eligible, relevant and former relevant young people are owed the leaving care duties; qualifying ones advice and assistance only (s24). */
export function categoryOwesDuties(category: CareLeaverCategory | null): boolean {
  return category !== null && OWED_DUTIES.includes(category);
}

/** The latest day something of `kind` was recorded, or null. */
export function lastRecorded(timeline: ChildTimeline, kind: 'needs_assessment' | 'pathway_plan_review'): string | null {
  return timeline.events.filter((e) => e.kind === kind).reduce<string | null>((latest, e) => (latest === null || e.date > latest ? e.date : latest), null);
}

/** The latest in-person visit by the personal adviser at which the young person was seen, or null. */
export function lastAdviserVisit(timeline: ChildTimeline): string | null {
  return timeline.visits
    .filter((v) => v.kind === 'personal_adviser' && v.childSeen && v.statutory)
    .reduce<string | null>((latest, v) => (latest === null || v.date > latest ? v.date : latest), null);
}

/**
 * Until when the council supports a care leaver. A former relevant young
 * person is supported to 21 (Children Act 1989 s23C), and to 25 when they ask
 * for the personal adviser's support (s23CA): the council records that date.
 * Eligible and relevant young people become former relevant at 18.
 */
export function supportedUntil(dateOfBirth: string | null, careLeaver: { category: CareLeaverCategory; supportUntil: string | null } | null): string | null {
  if (!careLeaver || !categoryOwesDuties(careLeaver.category)) return null;
  if (careLeaver.supportUntil) return careLeaver.supportUntil;
  return dateOfBirth ? birthday(dateOfBirth, 21) : null;
}

export function describeSupport(dateOfBirth: string | null, careLeaver: { category: CareLeaverCategory; supportUntil: string | null } | null): string | null {
  const until = supportedUntil(dateOfBirth, careLeaver);
  if (!until) return null;
  const extended = Boolean(careLeaver?.supportUntil);
  return extended
    ? `Supported by a personal adviser until ${formatDate(until)}, as asked for after 21.`
    : `Supported until ${formatDate(until)} (their 21st birthday), and to 25 if they ask for a personal adviser's support then.`;
}
