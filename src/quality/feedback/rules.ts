import type { AgencyType, ComplaintOutcome, FeedbackRespondent, FeedbackSource, ThingsBetter } from '../../db/schema.ts';
import { addWorkingDays } from '../../platform/calendar/working-days.ts';

/**
 * Complaints about children's social care follow the Children Act 1989
 * Representations Procedure (England) Regulations 2006 (SI 2006/1738):
 *
 * - Stage 1, local resolution (regulation 14): a response within 10 working
 *   days of receiving the complaint, extendable by a further 10 (20 in all).
 * - Stage 2, investigation (regulation 17): a response within 25 working days,
 *   extendable to 65 at most.
 * - Stage 3, review panel (regulation 19(4)): the panel meets within 30
 *   working days of the request for a review.
 *
 * Working days (regulation 2) leave out weekends, Christmas Day, Boxing Day,
 * Good Friday and bank holidays: the calendar's English working days.
 */
export const STAGES = {
  1: { name: 'Stage 1: local resolution', days: 10, extendedDays: 20, due: 'Response due' },
  2: { name: 'Stage 2: investigation', days: 25, extendedDays: 65, due: 'Response due' },
  3: { name: 'Stage 3: review panel', days: 30, extendedDays: null, due: 'Panel to meet by' },
} as const;

export type Stage = keyof typeof STAGES;

export function isStage(value: number | null): value is Stage {
  return value === 1 || value === 2 || value === 3;
}

/** The day a stage's response is due: its working days counted from the day after it was received. */
export function responseDue(stage: Stage, receivedOn: string, extended: boolean): string {
  const rule = STAGES[stage];
  return addWorkingDays(receivedOn, extended && rule.extendedDays !== null ? rule.extendedDays : rule.days);
}

export function mayExtend(stage: Stage): boolean {
  return STAGES[stage].extendedDays !== null;
}

/** Where a complaint stands on `today`: answered (in time or late), overdue, or open with its due date. */
export function complaintState(c: { response_due: string; responded_on: string | null }, today: string): 'answered' | 'answered_late' | 'overdue' | 'open' {
  if (c.responded_on) return c.responded_on > c.response_due ? 'answered_late' : 'answered';
  return today > c.response_due ? 'overdue' : 'open';
}

export const STATE_TAGS = {
  answered: { text: 'Responded', classes: 'govuk-tag--green' },
  answered_late: { text: 'Responded late', classes: 'govuk-tag--orange' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  open: { text: 'Open', classes: 'govuk-tag--blue' },
} as const;

export const OUTCOMES: Readonly<Record<ComplaintOutcome, string>> = {
  upheld: 'Upheld',
  partly_upheld: 'Partly upheld',
  not_upheld: 'Not upheld',
};

/** Who a compliment or complaint came from. */
export const SOURCES: Readonly<Record<FeedbackSource, string>> = {
  child: 'A child or young person',
  parent_carer: 'A parent or carer',
  family: 'Another family member',
  partner_agency: 'A partner agency',
  other: 'Someone else',
};

/** Who answers the feedback form. */
export const RESPONDENTS: Readonly<Record<FeedbackRespondent, string>> = {
  child: 'A child or young person',
  parent_carer: 'A parent or carer',
  family: 'Another member of the family',
  partner_agency: 'Someone from another agency',
};

export const AGENCIES: Readonly<Record<AgencyType, string>> = {
  health: 'Health',
  education: 'A school or college',
  police: 'Police',
  probation: 'Probation or youth justice',
  housing: 'Housing',
  voluntary: 'A charity or community group',
  other: 'Another agency',
};

/** How well we listened: 1 to 5, words a child can read. */
export const LISTENED: Readonly<Record<string, string>> = {
  '5': 'Very well',
  '4': 'Well',
  '3': 'Some of the time',
  '2': 'Not very well',
  '1': 'Not at all',
};

export const THINGS_BETTER: Readonly<Record<ThingsBetter, string>> = {
  yes: 'Yes',
  a_little: 'A little',
  no: 'No',
  too_early: 'It is too early to say',
};

/** A response counts as positive when we listened well or very well and things got at least a little better. */
export function isPositive(r: { listened: number; things_better: ThingsBetter }): boolean {
  return r.listened >= 4 && (r.things_better === 'yes' || r.things_better === 'a_little' || r.things_better === 'too_early');
}

/** The average listening score to one decimal place; null with no responses. */
export function averageListened(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  return Math.round((10 * scores.reduce((a, b) => a + b, 0)) / scores.length) / 10;
}
