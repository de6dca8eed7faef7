// The rules of a looked-after review's outcome and its recommendations. Pure:
// the service passes the review's date, the child's date of birth and today.
import type { Role } from '../../db/schema.ts';
import { ageOn, birthday, formatDate } from '../../platform/calendar/dates.ts';

export const REGS = 'Care Planning, Placement and Case Review (England) Regulations 2010';
export const IRO_HANDBOOK = 'IRO Handbook: statutory guidance for independent reviewing officers and local authorities (DCSF, 2010)';

/**
 * Who records a review's outcome and adds its recommendations: the IRO who
 * chairs reviews (reg 36: chairing the review and monitoring the plan are the
 * IRO's functions; any IRO, as one may stand in for another) and the managers
 * who answer for the child's case. Social workers, personal advisers and
 * analysts read it.
 */
export const REVIEW_RECORDERS: readonly Role[] = ['iro', 'practice_supervisor', 'team_manager', 'service_manager', 'head_of_service'];

/**
 * Who records that a recommendation was carried out: the review's recorders
 * and the child's workers, who carry most of them out and are the first to
 * know (reg 37: the authority makes the arrangements to implement them).
 */
export const COMPLETION_RECORDERS: readonly Role[] = [...REVIEW_RECORDERS, 'social_worker', 'personal_adviser'];

/** The participation code for a child under 4 on the day of the review (SSDA903 REVIEW_CODE). */
export const UNDER_FOUR = 'PN0';

/**
 * Why a participation code cannot describe a review, or null. The DfE's
 * SSDA903 validation rules 440 and 441: PN0 says the child was under 4 at the
 * time of the review, so it is given for exactly those children, and no other
 * code is.
 */
export function participationProblem(code: string, dateOfBirth: string | null, reviewDate: string): string | null {
  if (!dateOfBirth) return null;
  const underFour = ageOn(dateOfBirth, reviewDate) < 4;
  if (code === UNDER_FOUR && !underFour) return `The child was 4 or over on the day of the review (4 on ${formatDate(birthday(dateOfBirth, 4))}): choose how they took part`;
  if (code !== UNDER_FOUR && underFour) return 'The child was under 4 on the day of the review: choose “Child aged under 4 at the time of the review”';
  return null;
}

/**
 * The chair of a looked-after review is an IRO (Children Act 1989 s25B; reg
 * 36), normally the one the council appointed for the child (s25A). Another
 * IRO may chair (leave, sickness): allowed, and recorded as not the child's
 * allocated IRO so the page says so.
 */
export function chairProblem(chair: { role: Role; disabled: boolean } | null): string | null {
  if (!chair || chair.role !== 'iro') return 'The chair must be an independent reviewing officer';
  if (chair.disabled) return 'The chair must be an independent reviewing officer who works here now';
  return null;
}

/** A recommendation is carried out after the review that made it: due on or after the review's date. */
export function dueDateProblem(dueDate: string, reviewDate: string): string | null {
  return dueDate < reviewDate ? `Due by must be on or after the day of the review, ${formatDate(reviewDate)}` : null;
}

/** Done on or after the review that made the recommendation, and not in the future. */
export function completionProblem(completedOn: string, reviewDate: string, today: string): string | null {
  if (completedOn > today) return 'Date done must be today or in the past';
  if (completedOn < reviewDate) return `Date done must be on or after the day of the review, ${formatDate(reviewDate)}`;
  return null;
}

/** Where a recommendation stands today. */
export function recommendationStatus(rec: { dueDate: string; completedOn: string | null }, today: string): { key: 'done' | 'done_late' | 'overdue' | 'open'; text: string } {
  if (rec.completedOn) return rec.completedOn <= rec.dueDate ? { key: 'done', text: `Done ${formatDate(rec.completedOn)}` } : { key: 'done_late', text: `Done late, ${formatDate(rec.completedOn)}` };
  return rec.dueDate < today ? { key: 'overdue', text: `Overdue: due ${formatDate(rec.dueDate)}` } : { key: 'open', text: `Due by ${formatDate(rec.dueDate)}` };
}

/**
 * The IRO Handbook's caseload for a full-time IRO: 50 to 70 looked-after
 * children (para 7.15, as BASW's summary of the Handbook gives it).
 * Scaled by the IRO's working time.
 */
export const IRO_CASELOAD = { from: 50, to: 70, source: `${IRO_HANDBOOK}, para 7.15` } as const;

export type CaseloadBand = 'below' | 'within' | 'above';

/** Where an IRO's looked-after children stand against the Handbook's range, for their working time. */
export function caseloadBand(lookedAfter: number, fte: number, range: { from: number; to: number } = IRO_CASELOAD): { band: CaseloadBand; from: number; to: number } {
  const from = Math.round(range.from * fte);
  const to = Math.round(range.to * fte);
  return { band: lookedAfter > to ? 'above' : lookedAfter < from ? 'below' : 'within', from, to };
}
