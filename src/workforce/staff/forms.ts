// Reading the staff record and absence forms with the one form reader, so one
// submission shows every problem at once. Pure: the caller passes today.
import { z } from 'zod';
import type { Role } from '../../db/schema.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import type { StaffRecordValues } from './queries.ts';
import { ABSENCE_REASON_LABELS, DESTINATION_LABELS, EMPLOYMENT_LABELS, LEAVING_REASON_LABELS, normaliseSweNumber, START_ORIGIN_LABELS } from './rules.ts';
import { choice, dateInput, decimal, field, formComplete, problem, readForm, sentText, text, type Body } from '../../platform/http/forms.ts';

export const STAFF_FIELDS = [
  'grade',
  'employmentType',
  'contractedHours',
  'startInRole-day',
  'asyeStartedOn-day',
  'startOrigin',
  'sweNumber',
  'qualificationInstitution',
  'leftOn-day',
  'leavingReason',
  'leavingDestination',
];

/** An optional choice from `labels`: null when none is chosen. */
const optionalChoice = (labels: Readonly<Record<string, string>>, invalid: string) =>
  field((sent) => {
    const value = sentText(sent).trim();
    if (!value) return null;
    return Object.hasOwn(labels, value) ? value : problem(invalid);
  });

/** A reason or destination for leaving, as sent: checked against the leaving date below. */
const leavingAnswer = field((sent) => sentText(sent).trim());

function staffForm(today: string) {
  return z.object({
    grade: text({ label: 'Grade', max: 100 }),
    employmentType: choice(EMPLOYMENT_LABELS, { label: 'Employment', choose: 'Select how the person is employed', invalid: 'Select how the person is employed' }),
    contractedHours: decimal({
      label: 'Contracted hours',
      min: 0.1,
      max: 48,
      places: 1,
      invalid: 'Contracted hours must be a number of hours a week from 0.5 to 48, for example 37 or 22.5',
    }),
    startInRole: dateInput({ label: 'Start date in the role', notAfter: today }),
    asyeStartedOn: dateInput({ label: 'ASYE start date', notAfter: today }),
    startOrigin: optionalChoice(START_ORIGIN_LABELS, 'Where they came from must be one of the choices listed'),
    sweNumber: field((sent) => {
      const value = sentText(sent).trim();
      if (!value) return null;
      return normaliseSweNumber(value) ?? problem('Social Work England registration number must be SW followed by up to 10 digits, for example SW123456');
    }),
    qualificationInstitution: text({ label: 'Where they qualified', max: 200 }),
    leftOn: dateInput({ label: 'Leaving date' }),
    leavingReason: leavingAnswer,
    leavingDestination: leavingAnswer,
  });
}

/**
 * Reads the staff record form. The ASYE start date is the person's own (it
 * times their year of protection and ASYE supervision): only a social worker
 * has one, and it cannot come before they qualified.
 */
export function readStaffRecord(
  body: Body,
  today: string,
  person: { role: Role; qualifiedOn: string | null },
): { values: StaffRecordValues | null; asyeStartedOn: string | null; errors: FieldErrors } {
  const read = readForm(staffForm(today), body);
  const { values: v, errors } = read;
  if (v.asyeStartedOn && person.role !== 'social_worker') errors['asyeStartedOn-day'] = 'Only a social worker has an ASYE: leave the ASYE start date empty';
  else if (v.asyeStartedOn && person.qualifiedOn && v.asyeStartedOn < person.qualifiedOn) {
    errors['asyeStartedOn-day'] = `ASYE start date must be on or after the day they qualified, ${formatDate(person.qualifiedOn)}`;
  }
  if (v.leftOn && v.startInRole && v.leftOn < v.startInRole) errors['leftOn-day'] = 'Leaving date must be on or after the start date in the role';
  const reason = v.leavingReason ?? '';
  const destination = v.leavingDestination ?? '';
  if (v.leftOn) {
    if (!Object.hasOwn(LEAVING_REASON_LABELS, reason)) errors.leavingReason = 'Select the reason for leaving';
    if (!Object.hasOwn(DESTINATION_LABELS, destination)) errors.leavingDestination = 'Select where they went';
  } else if (reason || destination) {
    if (reason) errors.leavingReason = 'Enter a leaving date to record a reason for leaving';
    if (destination) errors.leavingDestination = 'Enter a leaving date to record where they went';
  }
  if (!formComplete(read) || Object.keys(errors).length) return { values: null, asyeStartedOn: null, errors };
  const r = read.values;
  return {
    values: {
      grade: r.grade,
      employment_type: r.employmentType,
      contracted_hours: r.contractedHours,
      start_in_role: r.startInRole,
      start_origin: r.startOrigin,
      swe_number: r.sweNumber,
      qualification_institution: r.qualificationInstitution,
      left_on: r.leftOn,
      leaving_reason: r.leftOn ? reason : null,
      leaving_destination: r.leftOn ? destination : null,
    },
    asyeStartedOn: r.asyeStartedOn,
    errors,
  };
}

export const ABSENCE_FIELDS = ['reason', 'absenceStart-day', 'absenceEnd-day', 'workingDaysLost'];

export interface AbsenceInput {
  reason: string;
  startDate: string;
  endDate: string | null;
  workingDaysLost: number | null;
}

function absenceForm(today: string) {
  return z.object({
    reason: choice(ABSENCE_REASON_LABELS, { label: 'Reason', choose: 'Select the reason for the absence', invalid: 'Reason must be one of the reasons listed' }),
    absenceStart: dateInput({ label: 'First day of the absence', required: true, notAfter: today }),
    absenceEnd: dateInput({ label: 'Last day of the absence' }),
    workingDaysLost: decimal({ label: 'Working days lost', min: 0, max: 366, places: 2, invalid: 'Working days lost must be a number of days, for example 3 or 2.5' }),
  });
}

export function readAbsence(body: Body, today: string): { values: AbsenceInput | null; errors: FieldErrors } {
  const read = readForm(absenceForm(today), body);
  const { values: v, errors } = read;
  if (v.absenceStart && v.absenceEnd && v.absenceEnd < v.absenceStart) errors['absenceEnd-day'] = 'Last day of the absence must be on or after its first day';
  if (!formComplete(read) || Object.keys(errors).length) return { values: null, errors };
  const r = read.values;
  return { values: { reason: r.reason, startDate: r.absenceStart, endDate: r.absenceEnd, workingDaysLost: r.workingDaysLost }, errors };
}

/** The establishment form: funded posts are kept as typed, for the audit log. */
const establishmentForm = z.object({
  fundedFte: field((sent) => {
    const value = sentText(sent).trim();
    return /^\d{1,3}(\.\d{1,2})?$/.test(value) ? value : problem('Funded posts must be a number of full-time equivalents, for example 8 or 7.5');
  }),
  effectiveFrom: dateInput({ label: 'Date the figure applies from', required: true, notBefore: '2000-01-01' }),
});

export function readEstablishment(body: Body) {
  return readForm(establishmentForm, body);
}
