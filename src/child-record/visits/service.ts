import type { Db } from '../../db/database.ts';
import { ageOn, formatDate } from '../../platform/calendar/dates.ts';
import type { Role } from '../../db/schema.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import { eventDateProblem, lockChild } from '../../platform/record-access/child-dates.ts';
import { changeChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { journeyFromBase, presentItem } from '../../timescales/index.ts';
import { currentPlacementStart, describeInterval, dueItems, LONGEST_PLAN_INTERVAL, longerThan, VISIT_KINDS } from '../../timescales/index.ts';
import { MANAGER_ROLES, ROLE_LABELS } from '../../platform/access/roles.ts';
import { timelineOf, timescaleSettings } from '../../timescales/index.ts';
import {
  CASE_EVENT_FIELDS,
  CASE_EVENT_LABELS,
  FREQUENCY_FIELDS,
  FREQUENCY_PLANS,
  FREQUENCY_UNITS,
  PLACEMENT_TERMS_FIELDS,
  PRIVATE_FOSTERING_FIELDS,
  VISIT_FIELDS,
  type CaseEventInput,
  type FrequencyInput,
  type PlacementTermsInput,
  type PrivateFosteringInput,
  type VisitInput,
} from './forms.ts';
import { dateKey, orderErrors, type FormRead } from '../../platform/http/forms.ts';
import {
  endPrivateFostering,
  findChildPlace,
  findFosteringChecks,
  findPlacementTerms,
  insertCaseEvent,
  insertFrequency,
  insertPrivateFostering,
  insertVisit,
  listCaseEvents,
  listFrequencies,
  listPrivateFostering,
  listStaffInRoles,
  listVisitors,
  listVisits,
  upsertPlacementTerms,
} from './queries.ts';

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;

type ChildLife = { date_of_birth: string | null; date_of_death: string | null };

/** Why `date` cannot be when something happened to the child: before birth, after death or in the future. */
const childEventProblem = (person: ChildLife, date: string, label: string, today: string) =>
  eventDateProblem(date, label, { dateOfBirth: person.date_of_birth, dateOfDeath: person.date_of_death }, today);

/** Puts that problem with the form's date `field`, when the field was read. */
function checkEventDate(errors: FieldErrors, field: string, date: string | null | undefined, label: string, person: ChildLife, today: string): void {
  if (!date) return;
  const problem = childEventProblem(person, date, label, today);
  if (problem) errors[dateKey(field)] = problem;
}
const yesNo = (value: boolean | null) => (value === null ? 'Not recorded' : value ? 'Yes' : 'No');

/** What is due for the child, where they live and how far that is from the team's base. */
async function dueAndPlace(trx: Db, childId: string, today: string) {
  const [timeline, place, settings] = await Promise.all([timelineOf(trx, childId), findChildPlace(trx, childId), timescaleSettings(trx)]);
  const items = timeline ? dueItems(timeline, today, settings).map((i) => presentItem(childId, i)) : [];
  const journey = place?.placement_out_of_area ? journeyFromBase(place.base_postcode, place.placement_postcode) : null;
  return {
    items,
    nextVisit: items.find((i) => (VISIT_KINDS as readonly string[]).includes(i.kind)) ?? null,
    place: place
      ? {
          placementPostcode: place.placement_postcode,
          outOfArea: place.placement_out_of_area === true,
          teamName: place.team_name,
          basePostcode: place.base_postcode,
          journey,
        }
      : null,
    placementStart: timeline ? currentPlacementStart(timeline, today) : null,
    settings,
  };
}

/** For the child's summary page: the next few items and the next visit, with the journey when placed out of area. */
export async function dueSummary(trx: Db, childId: string, today: string) {
  const { items, nextVisit, place } = await dueAndPlace(trx, childId, today);
  return { items: items.slice(0, 4), overdue: items.filter((i) => i.status === 'overdue').length, nextVisit, place, href: `/children/${childId}/visits` };
}

/** The child's "Visits and due dates" page. */
export async function visitsView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.visits', async (trx) => {
    const [child, due, visits, events, frequencies, fostering] = await Promise.all([
      childHeaderView(trx, a.childId, a.today),
      dueAndPlace(trx, a.childId, a.today),
      listVisits(trx, a.childId),
      listCaseEvents(trx, a.childId),
      listFrequencies(trx, a.childId),
      listPrivateFostering(trx, a.childId),
    ]);
    const { settings, ...shown } = due;
    return {
      child,
      ...shown,
      visits: visits.map((v) => ({
        ...v,
        who: v.kind === 'personal_adviser' ? `${v.visitor_name} (personal adviser)` : v.visitor_name,
        seenText: v.child_seen ? 'Seen' : `Not seen: ${v.unsuccessful_reason}`,
        seenAloneText: yesNo(v.seen_alone),
        bedroomText: yesNo(v.bedroom_seen),
        modeText: v.virtual ? 'Virtual' : 'In person',
        standInText: v.on_behalf_of_name ? `for ${v.on_behalf_of_name}` : null,
        statutoryText: v.statutory
          ? null
          : v.virtual
            ? 'Does not count as a statutory visit: not in person'
            : 'Does not count as a statutory visit: not by a worker who held the child that day, nor for one',
      })),
      events: events.map((e) => ({
        ...e,
        label: CASE_EVENT_LABELS[e.kind],
        detail: e.kind === 'strategy_discussion' ? (e.s47_started ? 'Section 47 enquiry started' : 'No section 47 enquiry') : null,
      })),
      frequencies: frequencies.map((f) => ({ ...f, planLabel: FREQUENCY_PLANS[f.applies_to], every: describeInterval({ everyN: f.every_n, unit: f.unit }) })),
      privateFostering: fostering,
      fosteredNow: fostering.find((f) => f.ended_on === null) ?? null,
      defaults: { cp: describeInterval(settings.cpVisit), cin: describeInterval(settings.cinVisit), shortBreaks: describeInterval(settings.shortBreakVisit) },
    };
  });
}

// --- Visits -----------------------------------------------------------------------------

async function visitFormData(trx: Db, a: Actor) {
  const [child, visitors, place, timeline] = await Promise.all([
    childHeaderView(trx, a.childId, a.today),
    listVisitors(trx, a.childId, a.viewer.id),
    findChildPlace(trx, a.childId),
    timelineOf(trx, a.childId),
  ]);
  return {
    child,
    visitors,
    visitorItems: [{ value: '', text: 'Choose who visited' }, ...visitors.map((v) => ({ value: v.id, text: v.allocation_role === 'personal_adviser' ? `${v.name} (personal adviser)` : v.name }))],
    onBehalfOfItems: [
      { value: '', text: 'No one: the visitor holds the child' },
      ...visitors.filter((v) => v.allocation_role !== null).map((v) => ({ value: v.id, text: v.allocation_role === 'personal_adviser' ? `${v.name} (personal adviser)` : v.name })),
    ],
    defaultPostcode: place?.placement_postcode ?? place?.home_postcode ?? '',
    defaultVisitorId: a.viewer.id,
    lookedAfter: timeline ? currentPlacementStart(timeline, a.today) !== null : false,
  };
}

export async function visitFormView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.visit-form', (trx) => visitFormData(trx, a));
}

/**
 * Records a visit. The due dates move by themselves: they are worked out from
 * the visits each time they are shown, and only a visit where the child was
 * seen counts.
 */
export async function recordVisit(a: Actor, read: FormRead<VisitInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.visit.create', async (trx, _access, name) => {
    const person = await lockChild(trx, a.childId);
    const data = await visitFormData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    checkEventDate(errors, 'visitDate', v.visitDate, 'Date of visit', person, a.today);
    const visitor = data.visitors.find((u) => u.id === v.visitorId);
    if (v.visitorId && !visitor) errors.visitorId = 'Select who visited from the list: the person recording or someone who holds the child';
    const standingInFor = v.onBehalfOf ? data.visitors.find((u) => u.id === v.onBehalfOf && u.allocation_role !== null) : undefined;
    if (v.onBehalfOf && !standingInFor) errors.onBehalfOf = 'Select who the visit was for from the list: a worker who holds the child';
    else if (standingInFor && standingInFor.id === v.visitorId) errors.onBehalfOf = 'Leave who the visit was for as no one: the visitor holds the child';
    if (data.lookedAfter && v.childSeen === true && v.virtual === false && v.bedroomSeen === null && !errors.bedroomSeen) {
      errors.bedroomSeen = 'Select whether you saw the child’s bedroom: it is recorded for every in-person visit to a child in care';
    }
    if (hasErrors(errors) || !v.visitDate || !visitor || v.virtual === undefined || v.childSeen === undefined || !v.note) {
      return refuse(orderErrors(errors, VISIT_FIELDS), data);
    }
    const created = await insertVisit(trx, {
      child_id: a.childId,
      kind: visitor.allocation_role === 'personal_adviser' || visitor.role === 'personal_adviser' ? 'personal_adviser' : 'social_worker',
      visit_date: v.visitDate,
      visit_time: v.visitTime ?? null,
      visitor_id: visitor.id,
      on_behalf_of: standingInFor?.id ?? null,
      location_postcode: v.locationPostcode ?? null,
      child_seen: v.childSeen,
      seen_alone: v.seenAlone ?? null,
      bedroom_seen: v.bedroomSeen ?? null,
      virtual: v.virtual,
      unsuccessful_reason: v.childSeen ? null : (v.unsuccessfulReason ?? null),
      note: v.note,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name('visit', created.id);
    return created;
  });
}

// --- Meetings, reviews and assessments -----------------------------------------------------

export async function caseEventFormView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.case-event-form', async (trx) => ({ child: await childHeaderView(trx, a.childId, a.today) }));
}

export async function recordCaseEvent(a: Actor, read: FormRead<CaseEventInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.case-event.create', async (trx, _access, name) => {
    const person = await lockChild(trx, a.childId);
    const errors = { ...read.errors };
    const v = read.values;
    checkEventDate(errors, 'eventDate', v.eventDate, 'Date', person, a.today);
    if (hasErrors(errors) || !v.kind || !v.eventDate) {
      return refuse(orderErrors(errors, CASE_EVENT_FIELDS), { child: await childHeaderView(trx, a.childId, a.today) });
    }
    const created = await insertCaseEvent(trx, {
      child_id: a.childId,
      kind: v.kind,
      event_date: v.eventDate,
      s47_started: null,
      note: v.note ?? null,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name('case event', created.id);
    return created;
  });
}

// --- Visiting frequency set by a plan ---------------------------------------------------------

/** Who may agree a plan's visiting frequency: a manager for a local plan, the IRO for short breaks (reg 48). */
const AGREES: Record<FrequencyInput['appliesTo'], { roles: readonly Role[]; message: string }> = {
  cp: { roles: MANAGER_ROLES, message: 'Select the manager who agreed the frequency: a child protection plan’s visits are agreed by a manager' },
  cin: { roles: MANAGER_ROLES, message: 'Select the manager who agreed the frequency: a child in need plan’s visits are agreed by a manager' },
  short_breaks: { roles: ['iro'], message: 'Select the IRO who agreed the frequency: short breaks visits are agreed with the IRO (regulation 48)' },
};

async function frequencyFormData(trx: Db, a: Actor) {
  const [child, agreers] = await Promise.all([childHeaderView(trx, a.childId, a.today), listStaffInRoles(trx, [...MANAGER_ROLES, 'iro'])]);
  return {
    child,
    agreers,
    agreerItems: [{ value: '', text: 'Choose who agreed it' }, ...agreers.map((u) => ({ value: u.id, text: `${u.name} (${ROLE_LABELS[u.role]})` }))],
    longest: Object.fromEntries(Object.entries(LONGEST_PLAN_INTERVAL).map(([plan, interval]) => [plan, describeInterval(interval)])),
  };
}

export async function frequencyFormView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.visit-frequency-form', (trx) => frequencyFormData(trx, a));
}

/**
 * Records the frequency a plan sets, with who agreed it. A plan may not set
 * visits further apart than the ceiling for its kind (reg 48's 6 months for
 * short breaks; the local ceilings for child protection and child in need).
 */
export async function setFrequency(a: Actor, read: FormRead<FrequencyInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.visit-frequency.set', async (trx, _access, name) => {
    const person = await lockChild(trx, a.childId);
    const data = await frequencyFormData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    checkEventDate(errors, 'fromDate', v.fromDate, 'Date the frequency applies from', person, a.today);
    if (v.appliesTo && v.everyN && v.unit && !errors.everyN) {
      const longest = LONGEST_PLAN_INTERVAL[v.appliesTo];
      if (longerThan({ everyN: v.everyN, unit: v.unit }, longest, v.fromDate ?? a.today)) {
        errors.everyN = `${FREQUENCY_PLANS[v.appliesTo]}: visits can be at most ${describeInterval(longest)} apart`;
      }
    }
    const agreer = data.agreers.find((u) => u.id === v.agreedBy);
    if (v.agreedBy && v.appliesTo && !(agreer && AGREES[v.appliesTo].roles.includes(agreer.role))) errors.agreedBy = AGREES[v.appliesTo].message;
    if (hasErrors(errors) || !v.appliesTo || !v.everyN || !v.unit || !v.fromDate || !agreer) {
      return refuse(orderErrors(errors, FREQUENCY_FIELDS), data);
    }
    const created = await insertFrequency(trx, {
      child_id: a.childId,
      applies_to: v.appliesTo,
      every_n: v.everyN,
      unit: v.unit,
      from_date: v.fromDate,
      agreed_by: agreer.id,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name('visit frequency', created.id);
    return created;
  });
}

export const frequencyChoices = () => ({
  planItems: Object.entries(FREQUENCY_PLANS).map(([value, text]) => ({ value, text })),
  unitItems: Object.entries(FREQUENCY_UNITS).map(([value, text]) => ({ value, text })),
});

// --- What reg 28 needs to know about the placement ----------------------------------------------

const FOSTER_PLACEMENTS = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'];

async function placementTermsData(trx: Db, a: Actor) {
  const [child, timeline, iros] = await Promise.all([childHeaderView(trx, a.childId, a.today), timelineOf(trx, a.childId), listStaffInRoles(trx, ['iro'])]);
  const placementStart = timeline ? currentPlacementStart(timeline, a.today) : null;
  const terms = timeline?.placementTerms.find((t) => t.placementStart === placementStart) ?? null;
  const agreement = placementStart ? await findPlacementTerms(trx, a.childId, placementStart) : undefined;
  const placementType = timeline?.careEpisodes.find((e) => e.startDate <= a.today && (e.endDate === null || e.endDate > a.today))?.placementType ?? null;
  return {
    child,
    placementStart,
    placementType,
    terms,
    agreedWithIro: agreement?.agreed_with_iro ?? null,
    childView: agreement?.child_view ?? null,
    iros,
    iroItems: [{ value: '', text: 'Choose the IRO' }, ...iros.map((u) => ({ value: u.id, text: u.name }))],
  };
}

export async function placementTermsFormView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.placement-terms-form', (trx) => placementTermsData(trx, a));
}

export async function setPlacementTerms(a: Actor, read: FormRead<PlacementTermsInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.placement-terms.set', async (trx) => {
    await lockChild(trx, a.childId);
    const data = await placementTermsData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    if (!data.placementStart) errors.terms = 'The child is not looked after today, so there is no placement to describe';
    else if (v.sixMonthlyVisits && !FOSTER_PLACEMENTS.includes(data.placementType ?? '') && !errors.terms) {
      errors.terms = 'Six-monthly visits are only for a long-term foster placement: this placement is not foster care';
    } else if (v.placedBeforeAssessment && data.placementType !== 'P1' && !errors.terms) {
      errors.terms = 'Placed before the assessment is complete applies only to a placement with a parent (P1)';
    }
    if (v.agreedWithIro && !data.iros.some((u) => u.id === v.agreedWithIro)) errors.agreedWithIro = 'Select the IRO who agreed from the list';
    if (hasErrors(errors)) return refuse(orderErrors(errors, PLACEMENT_TERMS_FIELDS), data);
    await upsertPlacementTerms(trx, {
      child_id: a.childId,
      placement_start: data.placementStart!,
      long_term_to_18: v.longTermTo18 ?? false,
      six_monthly_visits: v.sixMonthlyVisits ?? false,
      temporary_connected_person: v.temporaryConnectedPerson ?? false,
      placed_before_assessment: v.placedBeforeAssessment ?? false,
      agreed_with_iro: v.agreedWithIro ?? null,
      child_view: v.childView ?? null,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    return { placementStart: data.placementStart };
  });
}

// --- Private fostering (Children (Private Arrangements for Fostering) Regulations 2005) ---------------

async function privateFosteringData(trx: Db, a: Actor) {
  const [child, arrangements] = await Promise.all([childHeaderView(trx, a.childId, a.today), listPrivateFostering(trx, a.childId)]);
  return { child, open: arrangements.find((f) => f.ended_on === null) ?? null };
}

export async function privateFosteringFormView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.private-fostering-form', (trx) => privateFosteringData(trx, a));
}

/**
 * Records a private fostering arrangement from the day the council was told
 * of it (reg 8(6)). Refused while another is open, for a child looked after
 * that day (the council's own placement is not a private arrangement), and
 * for a child of 16 or over unless disabled (Children Act 1989, s66).
 */
export async function startPrivateFostering(a: Actor, read: FormRead<PrivateFosteringInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.private-fostering.create', async (trx, _access, name) => {
    const person = await lockChild(trx, a.childId);
    const [data, checks] = await Promise.all([privateFosteringData(trx, a), findFosteringChecks(trx, a.childId)]);
    const errors = { ...read.errors };
    const v = read.values;
    const date = dateKey('notifiedOn');
    if (data.open) errors[date] = `${data.child.forename} is privately fostered with ${data.open.carer_name} since ${formatDate(data.open.notified_on)}: end that arrangement first`;
    else if (v.notifiedOn) {
      const problem = childEventProblem(person, v.notifiedOn, 'Date the council was told', a.today);
      const lookedAfter = checks.careEpisodes.some((e) => e.start_date <= v.notifiedOn! && (e.end_date === null || e.end_date > v.notifiedOn!));
      const age = person.date_of_birth ? ageOn(person.date_of_birth, v.notifiedOn) : null;
      if (problem) errors[date] = problem;
      else if (lookedAfter) errors[date] = `${data.child.forename} was looked after on that date: a child the council places is not privately fostered`;
      else if (age !== null && age >= (checks.disabled ? 18 : 16)) {
        errors[date] = checks.disabled
          ? `${data.child.forename} was 18 or over on that date: private fostering is for a disabled child under 18`
          : `${data.child.forename} was 16 or over on that date: private fostering is for a child under 16 (under 18 if disabled, and no disability is recorded)`;
      }
    }
    if (hasErrors(errors) || !v.notifiedOn || !v.carerName) return refuse(orderErrors(errors, PRIVATE_FOSTERING_FIELDS), data);
    const created = await insertPrivateFostering(trx, { child_id: a.childId, notified_on: v.notifiedOn, carer_name: v.carerName, recorded_by: a.viewer.id, recorded_at: a.context.at });
    name('private fostering arrangement', created.id);
    return created;
  });
}

export async function endPrivateFosteringArrangement(a: Actor, read: FormRead<{ endedOn: string }>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.private-fostering.end', async (trx, _access, name) => {
    await lockChild(trx, a.childId);
    const data = await privateFosteringData(trx, a);
    const errors = { ...read.errors };
    const endedOn = read.values.endedOn;
    const key = dateKey('endedOn');
    if (!data.open) errors[key] = `${data.child.forename} is not privately fostered: there is no arrangement to end`;
    else if (endedOn && endedOn > a.today) errors[key] = 'Date the arrangement ended must be today or in the past';
    else if (endedOn && endedOn < data.open.notified_on) errors[key] = `Date the arrangement ended must be on or after the council was told of it, ${formatDate(data.open.notified_on)}`;
    if (hasErrors(errors) || !endedOn || !data.open) return refuse(errors, data);
    await endPrivateFostering(trx, data.open.id, endedOn);
    name('private fostering arrangement', data.open.id);
    return { id: data.open.id };
  });
}

// --- For the chronology -------------------------------------------------------------------------

/** Visits and case events as chronology entries. */
export async function chronologyEntries(trx: Db, childId: string) {
  const [visits, events] = await Promise.all([listVisits(trx, childId), listCaseEvents(trx, childId)]);
  return [
    ...visits.map((v) => ({
      date: v.visit_date,
      source: 'Visit' as const,
      what: v.child_seen ? `Visit by ${v.visitor_name}${v.virtual ? ' (virtual)' : ''}` : `Visit by ${v.visitor_name}: child not seen`,
      detail: v.child_seen
        ? [v.seen_alone ? 'Seen alone' : 'Seen, not alone', v.bedroom_seen === true ? 'bedroom seen' : null].filter(Boolean).join('; ')
        : `Not seen: ${v.unsuccessful_reason}`,
    })),
    ...events.map((e) => ({
      date: e.event_date,
      source: 'Meeting or review' as const,
      what: CASE_EVENT_LABELS[e.kind],
      detail: e.kind === 'strategy_discussion' ? (e.s47_started ? 'Section 47 enquiry started' : 'No section 47 enquiry') : e.note,
    })),
  ];
}
