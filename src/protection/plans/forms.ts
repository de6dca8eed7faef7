// The forms of a child's plans, read with the one form reader so one
// submission shows every problem. The checks that need the plan, the child or
// today are the service's (see rules.ts).
import { z } from 'zod';
import { choice, code, dateInput, dateKey, field, problem, readForm, sentText, text, uuidChoice, wholeNumber, yesNo, type Body, type FormRead } from '../../platform/http/forms.ts';
import { CHILD_PARTICIPATION, CIN_DECISIONS, EARLY_HELP_END_REASONS, END_REASONS, PRE_PROCEEDINGS_OUTCOMES } from './rules.ts';

export const ACTION_MAX = 1000;
export const OWNER_OTHER_MAX = 200;
export const WHAT_DONE_MAX = 2000;
export const ATTENDEES_MAX = 1000;
export const PROGRESS_MAX = 4000;
export const NOTE_MAX = 2000;
export const LEAD_MAX = 200;
/** The owner choice for someone outside the system, named in words. */
export const OTHER_OWNER = 'other';

type Values<S extends z.ZodObject> = FormRead<z.output<S>>;

/** One of a fixed set of options that may be left unchosen (null). */
function optionalChoice<K extends string>(choices: Readonly<Record<K, unknown>>, label: string) {
  return field<K | null>((sent) => {
    const value = sentText(sent).trim();
    if (!value) return null;
    return Object.hasOwn(choices, value) ? (value as K) : problem(`${label} must be one of the options listed`);
  });
}

// --- An action -------------------------------------------------------------------------------

const actionForm = z.object({
  action: text({ label: 'The action', max: ACTION_MAX, required: 'Enter what is to be done' }),
  owner: text({ label: 'Who will do it', max: 40, required: 'Select who will do it' }),
  ownerOther: text({ label: 'Name or role', max: OWNER_OTHER_MAX }),
  ownerAgency: text({ label: 'Agency', max: OWNER_OTHER_MAX }),
  dueDate: dateInput({ label: 'Due by', required: true, requiredMessage: 'Enter the date it is due by' }),
});
export const ACTION_FIELDS = ['action', 'owner', 'ownerOther', 'ownerAgency', dateKey('dueDate')];
export type ActionInput = z.output<typeof actionForm>;

/** A worker here is chosen from the list; anyone else is named in words, with their agency. */
export function readAction(body: Body): Values<typeof actionForm> {
  const { values, errors } = readForm(actionForm, body);
  if (values.owner === OTHER_OWNER) {
    if (!values.ownerOther && !errors.ownerOther) errors.ownerOther = 'Enter who will do it, for example “Mother” or “School nurse”';
    if (!values.ownerAgency && !errors.ownerAgency) errors.ownerAgency = 'Enter their agency, for example “Family” or “Health visiting”';
  } else if (values.owner && (values.ownerOther || values.ownerAgency)) {
    errors.ownerOther = 'Leave the name and agency empty, or choose “Someone else”';
  }
  return { values, errors };
}

const completionForm = z.object({
  completedOn: dateInput({ label: 'Date done', required: true, requiredMessage: 'Enter the date it was done' }),
  whatDone: text({ label: 'What was done', max: WHAT_DONE_MAX, required: 'Enter what was done' }),
});
export const COMPLETION_FIELDS = [dateKey('completedOn'), 'whatDone'];

export function readCompletion(body: Body) {
  return readForm(completionForm, body);
}

// --- A core group ----------------------------------------------------------------------------

const coreGroupForm = z.object({
  eventDate: dateInput({ label: 'Date of the core group', required: true, requiredMessage: 'Enter the date of the core group' }),
  attendees: text({ label: 'Who attended', max: ATTENDEES_MAX, required: 'Enter who attended and from which agency' }),
  progress: text({ label: 'Progress against the plan', max: PROGRESS_MAX, required: 'Enter the progress made against the plan', keepLayout: true }),
  nextMeeting: dateInput({ label: 'Date of the next meeting' }),
});
export const CORE_GROUP_FIELDS = [dateKey('eventDate'), 'attendees', 'progress', dateKey('nextMeeting')];

export function readCoreGroup(body: Body) {
  const read = readForm(coreGroupForm, body);
  const v = read.values;
  if (v.eventDate && v.nextMeeting && !read.errors[dateKey('nextMeeting')] && v.nextMeeting <= v.eventDate) {
    read.errors[dateKey('nextMeeting')] = 'Date of the next meeting must be after this core group';
  }
  return read;
}

// --- A review conference ----------------------------------------------------------------------

const reviewForm = z.object({
  eventDate: dateInput({ label: 'Date of the review conference', required: true, requiredMessage: 'Enter the date of the review conference' }),
  chairId: uuidChoice({ label: 'Who chaired the conference', choose: 'Select who chaired the conference' }),
  attendees: text({ label: 'Who attended', max: ATTENDEES_MAX, required: 'Enter who attended and from which agency' }),
  childParticipation: choice(CHILD_PARTICIPATION, { label: 'How the child took part', choose: 'Select how the child took part' }),
  familyParticipation: text({ label: 'How the family took part', max: ATTENDEES_MAX, required: 'Enter how the family took part' }),
  decision: choice(['continue', 'end'] as const, { label: 'The decision', choose: 'Select whether the plan continues or ends' }),
  category: code('cpCategory', { label: 'Category' }),
  endReason: optionalChoice(END_REASONS, 'Why the plan ends'),
});
export const REVIEW_FIELDS = [dateKey('eventDate'), 'chairId', 'attendees', 'childParticipation', 'familyParticipation', 'decision', 'category', 'endReason'];

/** The plan continues (its category may change) or ends (with its reason). */
export function readReview(body: Body) {
  const read = readForm(reviewForm, body);
  const v = read.values;
  if (v.decision === 'end' && !v.endReason && !read.errors.endReason) read.errors.endReason = 'Select why the plan ends';
  if (v.decision === 'continue' && v.endReason) read.errors.endReason = 'Leave why the plan ends unchosen: the plan continues';
  if (v.decision === 'end' && v.category) read.errors.category = 'Leave the category unchanged: the plan ends';
  return read;
}

const endForm = z.object({
  endDate: dateInput({ label: 'Date the plan ended', required: true, requiredMessage: 'Enter the date the plan ended' }),
  endReason: choice(END_REASONS, { label: 'Why the plan ended', choose: 'Select why the plan ended' }),
});
export const END_FIELDS = [dateKey('endDate'), 'endReason'];

export function readEnd(body: Body) {
  return readForm(endForm, body);
}

// --- Child in need plans -----------------------------------------------------------------------

const cinStartForm = z.object({
  startDate: dateInput({ label: 'Date the plan started', required: true, requiredMessage: 'Enter the date the plan started' }),
});
export const CIN_START_FIELDS = [dateKey('startDate')];

export function readCinStart(body: Body) {
  return readForm(cinStartForm, body);
}

const cinReviewForm = z.object({
  reviewDate: dateInput({ label: 'Date of the review', required: true, requiredMessage: 'Enter the date of the review' }),
  decision: choice(CIN_DECISIONS, { label: 'The decision', choose: 'Select what the review decided' }),
  note: text({ label: 'Notes', max: NOTE_MAX }),
});
export const CIN_REVIEW_FIELDS = [dateKey('reviewDate'), 'decision', 'note'];

export function readCinReview(body: Body) {
  return readForm(cinReviewForm, body);
}

// --- Pre-proceedings -----------------------------------------------------------------------------

const preProceedingsForm = z.object({
  decisionDate: dateInput({ label: 'Date of the decision to enter pre-proceedings', required: true, requiredMessage: 'Enter the date of the decision to enter pre-proceedings' }),
  letterDate: dateInput({ label: 'Date the letter before proceedings was sent' }),
  initialMeetingDate: dateInput({ label: 'Date of the pre-proceedings meeting' }),
  reviewMeetings: wholeNumber({ label: 'Review meetings held', min: 0, max: 50 }),
  fgdmOfferedOn: dateInput({ label: 'Date a family group conference was offered' }),
  fgdmHeldOn: dateInput({ label: 'Date the family group conference was held' }),
  outcome: optionalChoice(PRE_PROCEEDINGS_OUTCOMES, 'The outcome'),
  outcomeDate: dateInput({ label: 'Date of the decision to issue or step down' }),
});
export const PRE_PROCEEDINGS_FIELDS = [
  dateKey('decisionDate'),
  dateKey('letterDate'),
  dateKey('initialMeetingDate'),
  'reviewMeetings',
  dateKey('fgdmOfferedOn'),
  dateKey('fgdmHeldOn'),
  'outcome',
  dateKey('outcomeDate'),
];

export function readPreProceedings(body: Body) {
  const read = readForm(preProceedingsForm, body);
  const v = read.values;
  if (v.outcome && !v.outcomeDate && !read.errors[dateKey('outcomeDate')]) read.errors[dateKey('outcomeDate')] = 'Enter the date of the decision to issue or step down';
  if (!v.outcome && v.outcomeDate && !read.errors.outcome) read.errors.outcome = 'Select the outcome decided on that date';
  return read;
}

// --- Early help ---------------------------------------------------------------------------------

const earlyHelpStartForm = z.object({
  startDate: dateInput({ label: 'Date early help started', required: true, requiredMessage: 'Enter the date early help started' }),
  lead: text({ label: 'Lead practitioner or team', max: LEAD_MAX, required: 'Enter the lead practitioner or team' }),
  reason: text({ label: 'Why early help is given', max: NOTE_MAX, required: 'Enter why early help is given' }),
  steppedDown: yesNo('Select whether this is a step down from children’s social care'),
});
export const EARLY_HELP_START_FIELDS = [dateKey('startDate'), 'lead', 'reason', 'steppedDown'];

export function readEarlyHelpStart(body: Body) {
  return readForm(earlyHelpStartForm, body);
}

const earlyHelpEndForm = z.object({
  endDate: dateInput({ label: 'Date early help ended', required: true, requiredMessage: 'Enter the date early help ended' }),
  endReason: choice(EARLY_HELP_END_REASONS, { label: 'Why early help ended', choose: 'Select why early help ended' }),
});
export const EARLY_HELP_END_FIELDS = [dateKey('endDate'), 'endReason'];

export function readEarlyHelpEnd(body: Body) {
  return readForm(earlyHelpEndForm, body);
}
