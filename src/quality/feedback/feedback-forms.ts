// The feedback link form (staff) and the public feedback form, read with the one form reader.
import { z } from 'zod';
import type { AgencyType, FeedbackRespondent, ThingsBetter } from '../../db/schema.ts';
import { choice, field, problem, readForm, sentText, text, uuidChoice, type Body, type FormRead } from '../../platform/http/forms.ts';
import { AGENCIES, LISTENED, RESPONDENTS, THINGS_BETTER } from './rules.ts';

export const ANSWER_MAX = 2000;

export interface InvitationInput {
  teamId: string;
  childId: string | null;
  email: string | null;
}

export const INVITATION_FIELDS = ['teamId', 'childId', 'email'];

const invitationForm = z.object({
  teamId: uuidChoice({ label: 'Team', choose: 'Select the team the feedback is about' }),
  childId: uuidChoice({ label: 'Child' }),
  email: field<string | null>((sent) => {
    const value = sentText(sent).trim();
    if (!value) return null;
    if (value.length > 254) return problem('Email address must be 254 characters or fewer');
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? value : problem('Enter an email address in the correct format, like name@example.org');
  }),
});

export function readInvitation(body: Body): FormRead<InvitationInput> {
  return readForm(invitationForm, body);
}

export interface FeedbackInput {
  respondent: FeedbackRespondent;
  agencyType: AgencyType | null;
  listened: number;
  thingsBetter: ThingsBetter;
  wentWell: string | null;
  couldBeBetter: string | null;
}

export const FEEDBACK_FIELDS = ['respondent', 'agencyType', 'listened', 'thingsBetter', 'wentWell', 'couldBeBetter'];

const feedbackForm = z.object({
  respondent: choice(RESPONDENTS, { label: 'Who you are', choose: 'Select who you are' }),
  listened: choice(LISTENED, { label: 'How well we listened', choose: 'Select how well we listened to you' }),
  thingsBetter: choice(THINGS_BETTER, { label: 'Whether things got better', choose: 'Select whether things got better' }),
  wentWell: text({ label: 'What went well', max: ANSWER_MAX, keepLayout: true }),
  couldBeBetter: text({ label: 'What could be better', max: ANSWER_MAX, keepLayout: true }),
});

/** The public form: an agency's type is asked of someone from an agency, and only of them. */
export function readFeedback(body: Body): FormRead<FeedbackInput> {
  const read = readForm(feedbackForm, body);
  const agency = sentText(body.agencyType).trim();
  const errors = { ...read.errors };
  let agencyType: AgencyType | null = null;
  if (read.values.respondent === 'partner_agency') {
    if (!agency) errors.agencyType = 'Select the kind of agency you work for';
    else if (!Object.hasOwn(AGENCIES, agency)) errors.agencyType = 'Your agency must be one of the options listed';
    else agencyType = agency as AgencyType;
  }
  const { listened, ...rest } = read.values;
  return { values: { ...rest, agencyType, ...(listened !== undefined ? { listened: Number(listened) } : {}) }, errors };
}
