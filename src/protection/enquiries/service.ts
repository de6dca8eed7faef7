import { statusChangeBy, type CaseChanged } from '../../platform/area.ts';
import type { Db } from '../../db/database.ts';
import type { Agency, ChildParticipation, FamilyParticipation, InviteeAgency, InviteeAttendance, S47Outcome } from '../../db/schema.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { RecordNotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { dateKey, orderErrors, type FormRead } from '../../platform/http/forms.ts';
import { childDates, eventDateProblem, lockChild } from '../../platform/record-access/child-dates.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { changeChildRecord, NotPermitted, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { codeOptions, describeCode } from '../../reference/codes.ts';
import { CONFERENCE_FIELDS, DISCUSSION_FIELDS, OUTCOME_FIELDS, type ConferenceInput, type DiscussionInput, type OutcomeInput } from './forms.ts';
import {
  findUser,
  insertConference,
  insertDiscussion,
  insertEnquiry,
  insertEvent,
  insertPlan,
  listAttendees,
  listChairs,
  listConferences,
  listDiscussions,
  listEnquiries,
  listInvitees,
  listPlans,
  openReferralOn,
  setOutcome,
  type ConferenceRow,
  type DiscussionRow,
  type EnquiryRow,
} from './queries.ts';
import {
  AGENCIES,
  ATTENDANCE,
  CHILD_PARTICIPATION,
  conferenceDateProblem,
  endedOnProblem,
  ENQUIRY_RECORDERS,
  FAMILY_PARTICIPATION,
  icpcTiming,
  ICPC_WORKING_DAYS,
  INVITEE_AGENCIES,
  missingPartners,
  outcomeProblem,
  planOverlapProblem,
  S47_OUTCOMES,
} from './rules.ts';

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;

function mayRecord(viewer: Viewer): void {
  if (!ENQUIRY_RECORDERS.includes(viewer.role)) {
    throw new NotPermitted('Strategy discussions, enquiries and conferences are recorded by social workers, their managers and conference chairs.', `role ${viewer.role} does not record enquiries`);
  }
}

const base = (childId: string) => `/children/${childId}/protection/enquiries`;

type Attendee = { case_event_id: string; name: string; agency: Agency; role: string | null };
type Invitee = { case_event_id: string; name: string; agency: InviteeAgency; attendance: InviteeAttendance };

function presentEnquiry(e: EnquiryRow, childId: string) {
  const underWay = e.conference_id === null && e.icpc_required !== false;
  return {
    id: e.id,
    startDate: e.start_date,
    startText: formatDate(e.start_date),
    outcomeRecorded: e.outcome !== null,
    outcomeText: e.outcome ? S47_OUTCOMES[e.outcome] : null,
    endedText: e.ended_on ? formatDate(e.ended_on) : null,
    endedOn: e.ended_on,
    icpcText: e.icpc_required === null ? null : e.icpc_required ? 'Needed' : 'Not needed',
    conferenceId: e.conference_id,
    underWay,
    discussionHref: `${base(childId)}/strategy-discussions/${e.strategy_discussion_id}`,
    outcomeHref: `${base(childId)}/s47/${e.id}/outcome`,
    conferenceHref: e.conference_id ? `${base(childId)}/conferences/${e.conference_id}` : null,
  };
}

type PresentedEnquiry = ReturnType<typeof presentEnquiry>;

function presentDiscussion(d: DiscussionRow, attendees: readonly Attendee[], enquiries: readonly PresentedEnquiry[], childId: string) {
  const mine = attendees.filter((a) => a.case_event_id === d.id);
  return {
    id: d.id,
    date: d.event_date,
    dateText: formatDate(d.event_date),
    recorded: d.details_id !== null,
    s47Started: d.s47_started === true,
    decisionText: d.s47_started ? 'A section 47 enquiry starts' : 'No section 47 enquiry',
    informationShared: d.information_shared,
    otherActions: d.other_actions,
    attendees: mine.map((a) => ({ ...a, agencyText: AGENCIES[a.agency] })),
    missingText: d.details_id ? missingPartners(mine.map((a) => a.agency)).map((a) => AGENCIES[a]) : [],
    enquiry: enquiries.find((e) => e.id === d.enquiry_id) ?? null,
    href: `${base(childId)}/strategy-discussions/${d.id}`,
  };
}

function presentConference(c: ConferenceRow, invitees: readonly Invitee[], childId: string) {
  const timing = c.enquiry_start ? icpcTiming(c.enquiry_start, c.event_date) : null;
  return {
    id: c.id,
    date: c.event_date,
    dateText: formatDate(c.event_date),
    recorded: c.details_id !== null,
    chairName: c.chair_name,
    childParticipationText: c.child_participation ? CHILD_PARTICIPATION[c.child_participation as ChildParticipation] : null,
    familyParticipationText: c.family_participation ? FAMILY_PARTICIPATION[c.family_participation as FamilyParticipation] : null,
    planDecided: c.plan_decided,
    decisionText: c.plan_decided === null ? null : c.plan_decided ? 'A child protection plan' : 'No child protection plan',
    categoryText: c.category ? `${describeCode('cpCategory', c.category)} (${c.category})` : null,
    planOutline: c.plan_outline,
    invitees: invitees.filter((i) => i.case_event_id === c.id).map((i) => ({ ...i, agencyText: INVITEE_AGENCIES[i.agency], attendanceText: ATTENDANCE[i.attendance] })),
    timing: timing
      ? {
          ...timing,
          startText: formatDate(c.enquiry_start!),
          dueText: formatDate(timing.due),
          text: timing.inTime
            ? `Within ${ICPC_WORKING_DAYS} working days: ${timing.workingDays} working days after the strategy discussion on ${formatDate(c.enquiry_start!)}`
            : `Late: ${timing.workingDays} working days after the strategy discussion on ${formatDate(c.enquiry_start!)}, due by ${formatDate(timing.due)}`,
        }
      : null,
    href: `${base(childId)}/conferences/${c.id}`,
  };
}

async function enquiriesData(trx: Db, a: Actor) {
  const [child, discussions, attendees, enquiries, conferences, invitees] = await Promise.all([
    childHeaderView(trx, a.childId, a.today),
    listDiscussions(trx, a.childId),
    listAttendees(trx, a.childId),
    listEnquiries(trx, a.childId),
    listConferences(trx, a.childId),
    listInvitees(trx, a.childId),
  ]);
  const presentedEnquiries = enquiries.map((e) => presentEnquiry(e, a.childId));
  return {
    child,
    discussions: discussions.map((d) => presentDiscussion(d, attendees, presentedEnquiries, a.childId)),
    enquiries: presentedEnquiries,
    conferences: conferences.map((c) => presentConference(c, invitees, a.childId)),
    underWay: presentedEnquiries.find((e) => e.underWay) ?? null,
    mayRecord: ENQUIRY_RECORDERS.includes(a.viewer.role),
    newDiscussionHref: `${base(a.childId)}/strategy-discussions/new`,
    newConferenceHref: `${base(a.childId)}/conference`,
  };
}

/** The child's strategy discussions, section 47 enquiries and initial conferences. */
export async function enquiriesView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.enquiries', (trx) => enquiriesData(trx, a));
}

/** One strategy discussion: who took part, what was shared and decided. */
export async function discussionView(a: Actor, eventId: string) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.strategy-discussion', async (trx, _access, name) => {
    name('strategy discussion', eventId);
    const data = await enquiriesData(trx, a);
    const discussion = data.discussions.find((d) => d.id === eventId);
    if (!discussion) throw new RecordNotFound('strategy discussion', eventId);
    return { ...data, discussion };
  });
}

/** One initial conference, laid out to print for the meeting's record. */
export async function conferenceView(a: Actor, eventId: string) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.conference', async (trx, _access, name) => {
    name('child protection conference', eventId);
    const data = await enquiriesData(trx, a);
    const conference = data.conferences.find((c) => c.id === eventId);
    if (!conference) throw new RecordNotFound('child protection conference', eventId);
    return { ...data, conference };
  });
}

// --- A strategy discussion ---------------------------------------------------------------------------

export async function discussionFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.strategy-discussion-form', async (trx) => {
    const data = await enquiriesData(trx, a);
    mayRecord(a.viewer);
    return data;
  });
}

/**
 * Records a strategy discussion: the case event (the one source of its date),
 * who took part, what was shared and decided, and, when it starts a section 47
 * enquiry, the enquiry from that date. One enquiry at a time: while one is
 * under way, a later discussion belongs to it and starts no other.
 */
export async function recordDiscussion(a: Actor, read: FormRead<DiscussionInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.strategy-discussion.record', async (trx, _access, name) => {
    mayRecord(a.viewer);
    const dates = childDates(await lockChild(trx, a.childId));
    const data = await enquiriesData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('date');
    if (v.date && !errors[key]) {
      const problem = eventDateProblem(v.date, 'The date of the strategy discussion', dates, a.today);
      if (problem) errors[key] = problem;
    }
    if (v.s47Started && data.underWay && !errors.s47Started) {
      errors.s47Started = `A section 47 enquiry is already under way from ${data.underWay.startText}: this discussion belongs to it, so choose No, or record that enquiry’s outcome first`;
    }
    if (hasErrors(errors) || !v.date || !v.informationShared || v.s47Started === undefined || !v.attendees) return refuse(orderErrors(errors, DISCUSSION_FIELDS), data);
    const event = await insertEvent(trx, { child_id: a.childId, kind: 'strategy_discussion', event_date: v.date, s47_started: v.s47Started, recorded_by: a.viewer.id, recorded_at: a.context.at });
    name('strategy discussion', event.id);
    await insertDiscussion(
      trx,
      { case_event_id: event.id, child_id: a.childId, information_shared: v.informationShared, other_actions: v.otherActions ?? null, recorded_by: a.viewer.id, recorded_at: a.context.at },
      v.attendees.map((p, i) => ({ position: i + 1, name: p.name, agency: p.agency, role: p.extra })),
    );
    if (v.s47Started) await insertEnquiry(trx, { child_id: a.childId, strategy_discussion_id: event.id, start_date: v.date });
    return { id: event.id };
  });
}

// --- The enquiry's outcome ---------------------------------------------------------------------------

async function outcomeData(trx: Db, a: Actor, enquiryId: string) {
  const data = await enquiriesData(trx, a);
  const enquiry = data.enquiries.find((e) => e.id === enquiryId);
  if (!enquiry) throw new RecordNotFound('section 47 enquiry', enquiryId);
  return { ...data, enquiry, outcomeItems: Object.entries(S47_OUTCOMES).map(([value, text]) => ({ value, text })) };
}

export async function outcomeFormView(a: Actor, enquiryId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.s47-outcome-form', async (trx, _access, name) => {
    name('section 47 enquiry', enquiryId);
    const data = await outcomeData(trx, a, enquiryId);
    mayRecord(a.viewer);
    return data;
  });
}

/**
 * Records how a section 47 enquiry ended, once. When no initial conference is
 * needed, the case event 's47_no_conference' is written on the day it ended,
 * in the same transaction: the conference clock stops there.
 */
export async function recordOutcome(a: Actor, enquiryId: string, read: FormRead<OutcomeInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.s47.outcome', async (trx, _access, name) => {
    mayRecord(a.viewer);
    name('section 47 enquiry', enquiryId);
    const dates = childDates(await lockChild(trx, a.childId));
    const data = await outcomeData(trx, a, enquiryId);
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('endedOn');
    if (data.enquiry.outcomeRecorded) errors.outcome = `The outcome of this enquiry is already recorded: it ended on ${data.enquiry.endedText}`;
    else if (data.enquiry.conferenceId) errors.outcome = 'This enquiry’s initial conference is already recorded';
    if (v.endedOn && !errors[key]) {
      const problem = eventDateProblem(v.endedOn, 'The date the enquiry ended', dates, a.today) ?? endedOnProblem(v.endedOn, data.enquiry.startDate);
      if (problem) errors[key] = problem;
    }
    if (v.outcome && v.icpcRequired !== undefined && !errors.icpcRequired) {
      const problem = outcomeProblem(v.outcome, v.icpcRequired);
      if (problem) errors.icpcRequired = problem;
    }
    if (hasErrors(errors) || !v.outcome || !v.endedOn || v.icpcRequired === undefined) return refuse(orderErrors(errors, OUTCOME_FIELDS), data);
    const noConference = v.icpcRequired
      ? null
      : await insertEvent(trx, { child_id: a.childId, kind: 's47_no_conference', event_date: v.endedOn, s47_started: null, recorded_by: a.viewer.id, recorded_at: a.context.at });
    await setOutcome(trx, enquiryId, {
      outcome: v.outcome as S47Outcome,
      ended_on: v.endedOn,
      icpc_required: v.icpcRequired,
      no_conference_event_id: noConference?.id ?? null,
      outcome_recorded_by: a.viewer.id,
      outcome_recorded_at: a.context.at,
    });
    return { id: enquiryId };
  });
}

// --- The initial conference --------------------------------------------------------------------------

async function conferenceData(trx: Db, a: Actor) {
  const [data, chairs] = await Promise.all([enquiriesData(trx, a), listChairs(trx)]);
  return {
    ...data,
    enquiry: data.underWay,
    dueText: data.underWay ? formatDate(icpcTiming(data.underWay.startDate, data.underWay.startDate).due) : null,
    chairItems: chairs.map((c) => ({ value: c.id, text: c.name })),
    childItems: Object.entries(CHILD_PARTICIPATION).map(([value, text]) => ({ value, text })),
    familyItems: Object.entries(FAMILY_PARTICIPATION).map(([value, text]) => ({ value, text })),
    categoryItems: codeOptions('cpCategory').map((o) => ({ value: o.value, text: `${o.text} (${o.value})` })),
    agencyItems: Object.entries(INVITEE_AGENCIES).map(([value, text]) => ({ value, text })),
    attendanceItems: Object.entries(ATTENDANCE).map(([value, text]) => ({ value, text })),
  };
}

export async function conferenceFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.conference-form', async (trx) => {
    const data = await conferenceData(trx, a);
    mayRecord(a.viewer);
    return data;
  });
}

/**
 * Records the initial child protection conference of the enquiry under way:
 * the case event, who was invited and came, how the child and family took
 * part, who chaired, and the decision. A decision for a plan starts the child
 * protection plan that day, in the same transaction, with the decided
 * category and the open referral; refused while the child is on a plan.
 */
export async function recordConference(a: Actor, read: FormRead<ConferenceInput>, caseChanged: CaseChanged) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.conference.record', async (trx, _access, name) => {
    mayRecord(a.viewer);
    const dates = childDates(await lockChild(trx, a.childId));
    const data = await conferenceData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('date');
    const enquiry = data.enquiry;
    if (!enquiry) errors[key] = `No section 47 enquiry is under way for ${data.child.forename}: an initial conference follows a strategy discussion that started one, so record that first`;
    else if (v.date && !errors[key]) {
      const problem = eventDateProblem(v.date, 'The date of the conference', dates, a.today) ?? conferenceDateProblem(v.date, { startDate: enquiry.startDate, endedOn: enquiry.endedOn });
      if (problem) errors[key] = problem;
    }
    if (v.chairId && !errors.chairId) {
      const chair = await findUser(trx, v.chairId);
      if (!chair || chair.role !== 'iro' || chair.disabled_at) errors.chairId = 'The chair must be one of the chairs listed';
    }
    if (v.planDecided && v.date && !errors[key]) {
      const plans = await listPlans(trx, a.childId);
      const problem = planOverlapProblem(plans.map((p) => ({ startDate: p.start_date, endDate: p.end_date })), v.date);
      if (problem) errors.planDecided = problem;
    }
    if (hasErrors(errors) || !enquiry || !v.date || !v.chairId || !v.invitees || !v.childParticipation || !v.familyParticipation || v.planDecided === undefined) {
      return refuse(orderErrors(errors, CONFERENCE_FIELDS), data);
    }
    const event = await insertEvent(trx, { child_id: a.childId, kind: 'icpc', event_date: v.date, s47_started: null, recorded_by: a.viewer.id, recorded_at: a.context.at });
    name('child protection conference', event.id);
    let planId: string | null = null;
    if (v.planDecided && v.category) {
      const referral = await openReferralOn(trx, a.childId, v.date);
      planId = (await insertPlan(trx, { child_id: a.childId, referral_id: referral?.id ?? null, start_date: v.date, initial_category: v.category })).id;
      name('child protection plan', planId);
      await caseChanged(trx, a.childId, statusChangeBy(a));
    }
    await insertConference(
      trx,
      {
        case_event_id: event.id,
        child_id: a.childId,
        enquiry_id: enquiry.id,
        chair_id: v.chairId,
        child_participation: v.childParticipation,
        family_participation: v.familyParticipation,
        plan_decided: v.planDecided,
        category: v.planDecided ? v.category : null,
        plan_outline: v.planDecided ? v.planOutline : null,
        cp_plan_id: planId,
        recorded_by: a.viewer.id,
        recorded_at: a.context.at,
      },
      v.invitees.map((p, i) => ({ position: i + 1, name: p.name, agency: p.agency, attendance: p.extra })),
    );
    return { id: event.id };
  });
}

// --- For the chronology ------------------------------------------------------------------------------

/** Each strategy discussion, enquiry outcome and initial conference recorded in detail, as chronology entries. */
export async function enquiriesChronology(db: Db, childId: string) {
  const [discussions, attendees, enquiries, conferences] = await Promise.all([listDiscussions(db, childId), listAttendees(db, childId), listEnquiries(db, childId), listConferences(db, childId)]);
  const entries: { date: string; source: 'Meeting or review'; what: string; detail: string | null }[] = [];
  for (const d of discussions) {
    if (!d.details_id) continue;
    const agencies = [...new Set(attendees.filter((a) => a.case_event_id === d.id).map((a) => AGENCIES[a.agency]))];
    entries.push({ date: d.event_date, source: 'Meeting or review', what: `Strategy discussion: ${d.s47_started ? 'section 47 enquiry started' : 'no section 47 enquiry'}`, detail: `With ${agencies.join(', ')}` });
  }
  for (const e of enquiries) {
    if (!e.outcome || !e.ended_on) continue;
    entries.push({ date: e.ended_on, source: 'Meeting or review', what: 'Section 47 enquiry ended', detail: `${S47_OUTCOMES[e.outcome]}; initial conference ${e.icpc_required ? 'needed' : 'not needed'}` });
  }
  for (const c of conferences) {
    if (!c.details_id) continue;
    entries.push({
      date: c.event_date,
      source: 'Meeting or review',
      what: `Initial child protection conference chaired by ${c.chair_name}`,
      detail: c.plan_decided ? `Child protection plan: ${describeCode('cpCategory', c.category!)}` : 'No child protection plan',
    });
  }
  return entries;
}
