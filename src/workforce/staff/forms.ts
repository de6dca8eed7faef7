// Reading the staff record and absence forms: every field on its own, so one
// submission shows every problem at once. Pure: the caller passes today.
import type { EmploymentType } from '../../db/schema.ts';
import { readDateField } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import type { StaffRecordValues } from './queries.ts';
import { ABSENCE_REASON_LABELS, DESTINATION_LABELS, EMPLOYMENT_LABELS, LEAVING_REASON_LABELS, normaliseSweNumber, START_ORIGIN_LABELS } from './rules.ts';
import { textField as text, type Body } from '../../platform/http/forms.ts';

export const STAFF_FIELDS = [
  'grade',
  'employmentType',
  'contractedHours',
  'startInRole-day',
  'startOrigin',
  'sweNumber',
  'qualificationInstitution',
  'leftOn-day',
  'leavingReason',
  'leavingDestination',
];

export function readStaffRecord(body: Body, today: string): { values: StaffRecordValues | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const grade = text(body, 'grade');
  if (grade.length > 100) errors.grade = 'Grade must be 100 characters or fewer';
  const employment = text(body, 'employmentType');
  if (!Object.hasOwn(EMPLOYMENT_LABELS, employment)) errors.employmentType = 'Select how the person is employed';
  const hoursText = text(body, 'contractedHours');
  const hours = hoursText ? Number(hoursText) : null;
  if (hoursText && (!/^\d{1,2}(\.\d)?$/.test(hoursText) || hours! <= 0 || hours! > 48)) {
    errors.contractedHours = 'Contracted hours must be a number of hours a week from 0.5 to 48, for example 37 or 22.5';
  }
  const start = readDateField(body, 'startInRole', { label: 'Start date in the role', notAfter: today });
  if (start.error) errors['startInRole-day'] = start.error;
  const origin = text(body, 'startOrigin');
  if (origin && !Object.hasOwn(START_ORIGIN_LABELS, origin)) errors.startOrigin = 'Where they came from must be one of the choices listed';
  const sweText = text(body, 'sweNumber');
  const swe = sweText ? normaliseSweNumber(sweText) : null;
  if (sweText && !swe) errors.sweNumber = 'Social Work England registration number must be SW followed by up to 10 digits, for example SW123456';
  const institution = text(body, 'qualificationInstitution');
  if (institution.length > 200) errors.qualificationInstitution = 'Where they qualified must be 200 characters or fewer';
  const left = readDateField(body, 'leftOn', {
    label: 'Leaving date',
    notBefore: start.value ?? undefined,
    notBeforeMessage: 'Leaving date must be on or after the start date in the role',
  });
  if (left.error) errors['leftOn-day'] = left.error;
  const reason = text(body, 'leavingReason');
  const destination = text(body, 'leavingDestination');
  if (left.value) {
    if (!Object.hasOwn(LEAVING_REASON_LABELS, reason)) errors.leavingReason = 'Select the reason for leaving';
    if (!Object.hasOwn(DESTINATION_LABELS, destination)) errors.leavingDestination = 'Select where they went';
  } else if (reason || destination) {
    if (reason) errors.leavingReason = 'Enter a leaving date to record a reason for leaving';
    if (destination) errors.leavingDestination = 'Enter a leaving date to record where they went';
  }
  if (Object.keys(errors).length) return { values: null, errors };
  return {
    values: {
      grade: grade || null,
      employment_type: employment as EmploymentType,
      contracted_hours: hours,
      start_in_role: start.value ?? null,
      start_origin: origin || null,
      swe_number: swe,
      qualification_institution: institution || null,
      left_on: left.value ?? null,
      leaving_reason: left.value ? reason : null,
      leaving_destination: left.value ? destination : null,
    },
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

export function readAbsence(body: Body, today: string): { values: AbsenceInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const reason = text(body, 'reason');
  if (!reason) errors.reason = 'Select the reason for the absence';
  else if (!Object.hasOwn(ABSENCE_REASON_LABELS, reason)) errors.reason = 'Reason must be one of the reasons listed';
  const start = readDateField(body, 'absenceStart', { label: 'First day of the absence', required: true, notAfter: today });
  if (start.error) errors['absenceStart-day'] = start.error;
  const end = readDateField(body, 'absenceEnd', {
    label: 'Last day of the absence',
    notBefore: start.value ?? undefined,
    notBeforeMessage: 'Last day of the absence must be on or after its first day',
  });
  if (end.error) errors['absenceEnd-day'] = end.error;
  const daysText = text(body, 'workingDaysLost');
  const days = daysText ? Number(daysText) : null;
  if (daysText && (!/^\d{1,3}(\.\d{1,2})?$/.test(daysText) || days! > 366)) errors.workingDaysLost = 'Working days lost must be a number of days, for example 3 or 2.5';
  if (Object.keys(errors).length || !start.value) return { values: null, errors };
  return { values: { reason, startDate: start.value, endDate: end.value ?? null, workingDaysLost: days }, errors };
}
