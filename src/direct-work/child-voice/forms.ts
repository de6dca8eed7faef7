// The forms of the child's own link: the worker's (making a link, recording a
// response) and the child's, read with the one form reader.
import { z } from 'zod';
import type { ChildVoiceFeeling, ChildVoiceScenario } from '../../db/schema.ts';
import { choice, dateInput, dateKey, field, problem, readForm, sentText, text, wholeNumber, yesNo, type Body, type FormRead } from '../../platform/http/forms.ts';
import { FEELINGS, SCENARIOS, USES_MAX } from './rules.ts';
import type { ChildFormStrings } from './strings.ts';
import { TRANSLATIONS } from './strings.ts';

export const WORDS_MAX = 4000;
export const RESPONSE_MAX = 2000;
const EMAIL_MAX = 254;

export interface LinkInput {
  scenario: ChildVoiceScenario;
  easyRead: boolean;
  language: string;
  usesAllowed: number;
  email: string | null;
}

export const LINK_FIELDS = ['scenario', 'easyRead', 'language', 'usesAllowed', 'email'];

const email = field<string | null>((sent) => {
  const value = sentText(sent).trim();
  if (!value) return null;
  if (value.length > EMAIL_MAX || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return problem('Enter an email address in the correct format, like name@example.com, or leave it empty');
  return value;
});

const linkForm = z.object({
  scenario: choice(SCENARIOS, { label: 'What the link is about', choose: 'Select what the link is about' }),
  easyRead: yesNo('Select whether the child should have the easier version with pictures'),
  language: choice(Object.keys(TRANSLATIONS), { label: 'Language', choose: 'Select the language of the form' }),
  usesAllowed: wholeNumber({ label: 'How many times it can be used', min: 1, max: USES_MAX, required: 'Enter how many times the link can be used' }),
  email,
});

export function readLink(body: Body): FormRead<LinkInput> {
  return readForm(linkForm, body) as FormRead<LinkInput>;
}

export interface ResponseInput {
  response: string;
  respondedOn: string;
}

export const RESPONSE_FIELDS = ['response', dateKey('respondedOn')];

const responseForm = z.object({
  response: text({ label: 'What was done', max: RESPONSE_MAX, required: 'Enter what was done in response', keepLayout: true }),
  respondedOn: dateInput({ label: 'Date of the response', required: true, requiredMessage: 'Enter the date of the response' }),
});

export function readResponse(body: Body): FormRead<ResponseInput> {
  return readForm(responseForm, body);
}

export interface ChildInput {
  feeling: ChildVoiceFeeling;
  words: string;
  worried: boolean;
}

export const CHILD_FIELDS = ['feeling', 'words', 'worried'];

/** The child's form, its messages in the child's language. */
export function readChildForm(body: Body, strings: ChildFormStrings): FormRead<ChildInput> {
  const schema = z.object({
    feeling: choice(FEELINGS, { label: 'How you feel', choose: strings.chooseFeeling, invalid: strings.chooseFeeling }),
    words: text({ label: 'Your words', max: WORDS_MAX, required: strings.enterWords, tooLong: strings.wordsTooLong, keepLayout: true }),
    worried: yesNo(strings.chooseWorried),
  });
  return readForm(schema, body);
}
