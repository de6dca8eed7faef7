// The forms of the compliments and complaints log, read with the one form reader.
import { z } from 'zod';
import type { ComplaintOutcome, FeedbackSource } from '../../db/schema.ts';
import { choice, dateInput, field, problem, readForm, sentText, text, uuidChoice, type Body, type FormRead } from '../../platform/http/forms.ts';
import { OUTCOMES, SOURCES } from './rules.ts';

export const SUMMARY_MAX = 2000;

export interface EntryInput {
  kind: 'compliment' | 'complaint';
  teamId: string;
  receivedOn: string;
  fromCategory: FeedbackSource;
  summary: string;
  stage: 1 | 2 | 3 | null;
}

export const ENTRY_FIELDS = ['kind', 'teamId', 'receivedOn-day', 'fromCategory', 'summary', 'stage'];

const entryForm = z.object({
  kind: choice({ compliment: 1, complaint: 1 }, { label: 'Compliment or complaint', choose: 'Select compliment or complaint' }),
  teamId: uuidChoice({ label: 'Team', choose: 'Select the team it is about' }),
  receivedOn: dateInput({ label: 'Date received', required: true }),
  fromCategory: choice(SOURCES, { label: 'Who it is from', choose: 'Select who it is from' }),
  summary: text({ label: 'Summary', max: SUMMARY_MAX, required: 'Enter a summary', keepLayout: true }),
  /** Only a complaint has a stage: checked with the kind below. */
  stage: field<1 | 2 | 3 | null>((sent) => {
    const value = sentText(sent).trim();
    if (!value) return null;
    return value === '1' || value === '2' || value === '3' ? (Number(value) as 1 | 2 | 3) : problem('Stage must be one of the options listed');
  }),
});

export function readEntry(body: Body): FormRead<EntryInput> {
  const read = readForm(entryForm, body);
  if (read.values.kind === 'complaint' && !read.values.stage && !read.errors.stage) read.errors.stage = 'Select the stage of the complaint';
  if (read.values.kind === 'compliment') {
    read.values.stage = null;
    delete read.errors.stage;
  }
  return read;
}

export interface ResponseInput {
  respondedOn: string;
  outcome: ComplaintOutcome;
}

export const RESPONSE_FIELDS = ['respondedOn-day', 'outcome'];

const responseForm = z.object({
  respondedOn: dateInput({ label: 'Date of the response', required: true }),
  outcome: choice(OUTCOMES, { label: 'Outcome', choose: 'Select the outcome' }),
});

export function readResponse(body: Body): FormRead<ResponseInput> {
  return readForm(responseForm, body);
}

const escalateForm = z.object({
  requestedOn: dateInput({ label: 'Date the request for the next stage was received', required: true }),
});

export function readEscalation(body: Body): FormRead<{ requestedOn: string }> {
  return readForm(escalateForm, body);
}
