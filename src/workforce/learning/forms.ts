// Reading the form that records a person's attendance on a course. Whether
// the course is in the catalogue is the service's check, against the database.
import { z } from 'zod';
import { dateInput, readForm, uuidChoice, type Body } from '../../platform/http/forms.ts';

/** The message when the course chosen is not one of the catalogue's. */
export const UNKNOWN_COURSE = 'Course must be one of the courses listed';

function attendanceForm(today: string) {
  return z.object({
    courseId: uuidChoice({ label: 'Course', choose: 'Select the course', invalid: UNKNOWN_COURSE }),
    attendedOn: dateInput({ label: 'Date attended', required: true, notAfter: today }),
  });
}

export function readAttendance(body: Body, today: string) {
  return readForm(attendanceForm(today), body);
}
