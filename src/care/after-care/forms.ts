// The birthday check form, read with the one form reader so one submission
// shows every problem at once. The checks that need the record (the date of
// birth, the birthdays already checked) are the service's, with rules.ts.
import { z } from 'zod';
import { CODE_SETS } from '../../reference/codes.ts';
import { choice, code, dateInput, dateKey, field, optionalYesNo, problem, readForm, sentText, ticked, type Body, type FormRead } from '../../platform/http/forms.ts';
import { FIRST_AGE, LAST_SUPPORTED_AGE, NOT_KNOWN, type OutcomeInput } from './rules.ts';

export const AGES = Array.from({ length: LAST_SUPPORTED_AGE - FIRST_AGE + 1 }, (_, i) => String(FIRST_AGE + i));

/** The kinds of accommodation (the letter of the SSDA903 code), in the DfE's order, with 0 for not known. */
export const ACCOMMODATION_KINDS: Record<string, string> = Object.fromEntries([
  ...CODE_SETS.careLeaverAccommodation.filter((e) => e.code.endsWith('1')).map((e) => [e.code.slice(0, 1), e.description.replace(/: suitable$/, '')]),
  [NOT_KNOWN, 'Not known: not in touch, died, or returned home for 6 months or more'],
]);

export const OUTCOME_FIELDS = ['birthdayAge', dateKey('gatheredOn'), 'inTouch', 'activity', 'accommodationKind', 'accommodationSuitable', 'stayingClose', 'bursaryPaid'];

const outcomeForm = z.object({
  birthdayAge: choice(AGES, { label: 'Birthday', choose: 'Select which birthday the information is about' }),
  gatheredOn: dateInput({ label: 'Date the information was gathered', required: true }),
  inTouch: code('careLeaverInTouch', { label: 'In touch', choose: 'Select whether the council is in touch with the young person' }),
  activity: code('careLeaverActivity', { label: 'Main activity', choose: 'Select the young person’s main activity' }),
  accommodationKind: choice(ACCOMMODATION_KINDS, { label: 'Kind of accommodation', choose: 'Select the kind of accommodation' }),
  accommodationSuitable: field((sent) => {
    const value = sentText(sent).trim();
    if (value === 'yes') return true;
    if (value === 'no') return false;
    return value === '' ? null : problem('Select whether the accommodation is suitable');
  }),
  stayingClose: ticked(),
  bursaryPaid: optionalYesNo('Select whether the bursary was paid'),
});

/** The form as a check: the accommodation code is the kind's letter and 1 (suitable) or 2 (not suitable), or 0 when not known. */
export function readOutcome(body: Body): FormRead<OutcomeInput> {
  const { values, errors } = readForm(outcomeForm, body);
  const { accommodationKind: kind, accommodationSuitable: fit, birthdayAge, ...rest } = values;
  let accommodation: string | undefined;
  if (kind === NOT_KNOWN) {
    if (fit !== null && fit !== undefined) errors.accommodationSuitable = 'Leave whether the accommodation is suitable unanswered: the accommodation is not known';
    else accommodation = NOT_KNOWN;
  } else if (kind) {
    if (fit === null) errors.accommodationSuitable = 'Select whether the accommodation is suitable';
    else if (fit !== undefined) accommodation = `${kind}${fit ? '1' : '2'}`;
  }
  return {
    values: { ...rest, birthdayAge: birthdayAge === undefined ? undefined : Number(birthdayAge), accommodation, bursaryPaid: values.bursaryPaid ?? null },
    errors,
  };
}
