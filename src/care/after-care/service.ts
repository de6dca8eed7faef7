import type { Db } from '../../db/database.ts';
import type { CareLeaverCategory } from '../../db/schema.ts';
import { birthday, formatDate } from '../../platform/calendar/dates.ts';
import { changeChildRecord, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { assertRecordsCareWork, CARE_RECORDERS } from '../recorders.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import type { FormRead } from '../../platform/http/forms.ts';
import { describeCode } from '../../reference/codes.ts';
import { leftCareOn, timelineOf } from '../../timescales/index.ts';
import { ACCOMMODATION_KINDS, OUTCOME_FIELDS } from './forms.ts';
import { insertCheck, listChecks, lockYoungPerson, findYoungPerson } from './queries.ts';
import { accommodationKind, birthdayChecks, ordinal, HIGHER_EDUCATION, outcomeProblems, stayingPut, suitable, type OutcomeInput } from './rules.ts';

/** The categories owed the leaving care duties, whose birthdays are checked (a qualifying care leaver is owed advice and assistance only). */
const OWED: readonly CareLeaverCategory[] = ['eligible', 'relevant', 'former_relevant'];

type YoungPerson = Awaited<ReturnType<typeof findYoungPerson>>;
type CheckRow = Awaited<ReturnType<typeof listChecks>>[number];

function presentCheck(c: CheckRow) {
  const kind = accommodationKind(c.accommodation);
  const fit = suitable(c.accommodation);
  const shown = {
    ...c,
    birthdayText: `${ordinal(c.birthday_age)} birthday (${formatDate(c.birthday_on)})`,
    inTouchText: describeCode('careLeaverInTouch', c.in_touch),
    activityText: `${c.activity}: ${describeCode('careLeaverActivity', c.activity)}`,
    accommodationText: kind ? `${c.accommodation}: ${ACCOMMODATION_KINDS[kind] ?? kind}` : `0: ${ACCOMMODATION_KINDS['0']}`,
    suitableText: fit === null ? 'Not known' : fit ? 'Suitable' : 'Not suitable',
    stayingPutText: stayingPut(c.accommodation) ? 'Yes: with former foster carers (Z)' : 'No',
    stayingCloseText: c.staying_close ? 'Yes' : 'No',
    bursaryText: HIGHER_EDUCATION.includes(c.activity) ? (c.bursary_paid === null ? 'Not recorded' : c.bursary_paid ? 'Paid' : 'Not paid') : null,
  };
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
  const rows = [
    row('Information gathered', formatDate(c.gathered_on)),
    row('In touch', shown.inTouchText),
    row('Main activity', shown.activityText),
    row('Accommodation', shown.accommodationText),
    row('Suitable', shown.suitableText),
    row('Staying put', shown.stayingPutText),
    row('Staying close', shown.stayingCloseText),
    ...(shown.bursaryText ? [row('Higher education bursary', shown.bursaryText)] : []),
    row('Recorded by', c.recorded_by_name),
  ];
  return { ...shown, rows };
}

const STATE_TEXT = { recorded: 'Recorded', open: 'Due', missed: 'Missed', later: 'Not yet due', looked_after: 'Not asked: in care on the birthday' } as const;
const STATE_TAG = { recorded: 'govuk-tag--green', open: 'govuk-tag--yellow', missed: 'govuk-tag--red', later: 'govuk-tag--grey', looked_after: 'govuk-tag--grey' } as const;

async function afterCareData(trx: Db, a: Actor) {
  const [child, person, checks, timeline] = await Promise.all([childHeaderView(trx, a.childId, a.today), findYoungPerson(trx, a.childId), listChecks(trx, a.childId), timelineOf(trx, a.childId)]);
  const owed = person.category !== null && OWED.includes(person.category);
  const birthdays =
    owed && person.date_of_birth
      ? birthdayChecks(person.date_of_birth, person.support_until, checks.map((c) => c.birthday_age), a.today, timeline ? leftCareOn(timeline, a.today) : null).map((b) => ({
          ...b,
          birthdayText: `${ordinal(b.age)} birthday, ${formatDate(b.birthday)}`,
          windowText: `${formatDate(b.opens)} to ${formatDate(b.closes)}`,
          stateText: STATE_TEXT[b.state],
          stateTag: STATE_TAG[b.state],
        }))
      : [];
  return { child, person, owed, checks: checks.map(presentCheck), birthdays, mayRecord: CARE_RECORDERS.includes(a.viewer.role) };
}

/** The young person's birthday checks and which are due; looking is audited. */
export async function afterCareView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.after-care', (trx) => afterCareData(trx, a));
}

const CHECKS = 'Birthday checks';

export async function outcomeFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.after-care-form', (trx) => {
    assertRecordsCareWork(a.viewer, CHECKS);
    return afterCareData(trx, a);
  });
}

function notOwedProblem(person: YoungPerson): string | null {
  if (person.category === null) return 'The young person is not recorded as a care leaver: record their category on the legal-status timeline first';
  if (!OWED.includes(person.category)) return 'A qualifying care leaver is owed advice and assistance, not these birthday checks';
  return null;
}

/**
 * Records one birthday check. Everything the DfE SSDA903 guide and the record
 * rule out is refused with the field named, and nothing is stored.
 */
export async function recordOutcome(a: Actor, read: FormRead<OutcomeInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.after-care.create', async (trx, _access, name) => {
    assertRecordsCareWork(a.viewer, CHECKS);
    const person = await lockYoungPerson(trx, a.childId);
    const data = await afterCareData(trx, a);
    const v = read.values;
    const notOwed = notOwedProblem(person);
    const found = outcomeProblems(v, { dateOfBirth: person.date_of_birth, supportUntil: person.support_until, agesRecorded: data.checks.map((c) => c.birthday_age), today: a.today });
    if (notOwed) found.birthdayAge = notOwed;
    const all = { ...found, ...read.errors };
    const errors = Object.fromEntries(OUTCOME_FIELDS.filter((f) => all[f]).map((f) => [f, all[f]!]));
    if (Object.keys(errors).length || !person.date_of_birth || v.birthdayAge === undefined || !v.gatheredOn || !v.inTouch || !v.activity || !v.accommodation) {
      return refuse(errors, data);
    }
    const created = await insertCheck(trx, {
      child_id: a.childId,
      birthday_age: v.birthdayAge,
      birthday_on: birthday(person.date_of_birth, v.birthdayAge),
      gathered_on: v.gatheredOn,
      in_touch: v.inTouch,
      activity: v.activity,
      accommodation: v.accommodation,
      staying_close: v.stayingClose ?? false,
      bursary_paid: v.bursaryPaid ?? null,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name('care leaver check', created.id);
    return created;
  });
}

/** The birthday checks as chronology entries: the date the information was gathered, and what it said. */
export async function afterCareChronology(trx: Db, childId: string) {
  const checks = await listChecks(trx, childId);
  return checks.map((row) => {
    const c = presentCheck(row);
    return {
      date: c.gathered_on,
      source: 'Life after care' as const,
      what: `${ordinal(c.birthday_age)} birthday check: ${c.inTouchText.replace(/^./, (s) => s.toLowerCase())}`,
      detail: `Activity ${c.activityText}; accommodation ${c.accommodationText} (${c.suitableText.toLowerCase()})${c.staying_close ? '; staying close' : ''}`,
    };
  });
}
