// What a CIN census import checks beyond the schema, and what it cannot put
// on the record. Pure: a child of the file in, refusals and counts out.
//
// The record holds a census's dates and codes, and more besides: an
// authorised assessment names its author and a different manager who
// authorised it; an ended section 47 enquiry its outcome and the day it
// ended; a conference or review its chair and how the child and family took
// part; pre-proceedings the dates of the family group decision meeting and
// the decision's outcome. The census carries none of that, so those parts are
// counted as not held rather than written with words the record would have to
// invent.
import type { CinFileChild } from './cin-parse.ts';

/** The parts of a child's record an import writes, in the order they are reported. */
export const CIN_PARTS = ['Child', 'Disabilities', 'CIN episodes', 'Assessments', 'CIN plans', 'Section 47 enquiries', 'Child protection plans', 'Pre-proceedings'] as const;
export type CinPart = (typeof CIN_PARTS)[number];

/** What the census carries and the record cannot hold from it alone (see above). */
export const CIN_NOT_HELD = ['assessment authorisations', 'initial conferences', 'enquiries ended with no conference', 'plan reviews', 'family group decision meetings', 'pre-proceedings decisions'] as const;
export type CinNotHeld = (typeof CIN_NOT_HELD)[number];

export interface CinChildProblem {
  field: string;
  message: string;
}

const dmy = (date: string) => date.split('-').reverse().join('/');

/**
 * What the schema lets through and the record would refuse: a date before
 * the start it follows, a closure without its reason. Each problem refuses the
 * child whole.
 */
export function cinChildProblems(child: CinFileChild): CinChildProblem[] {
  const problems: CinChildProblem[] = [];
  const who = `child ${child.LAchildID}`;
  for (const e of child.CINdetails) {
    if (e.CINclosureDate && e.CINclosureDate < e.CINreferralDate) problems.push({ field: 'CINclosureDate', message: `${who}: the episode closes on ${dmy(e.CINclosureDate)}, before its referral on ${dmy(e.CINreferralDate)}` });
    if ((e.CINclosureDate === null) !== (e.ReasonForClosure === null)) {
      problems.push({ field: 'ReasonForClosure', message: `${who}: the episode referred on ${dmy(e.CINreferralDate)} has ${e.CINclosureDate ? 'a closure date without a reason' : 'a reason for closure without a date'}` });
    }
    for (const p of e.CINPlanDates) {
      if (p.CINPlanEndDate && p.CINPlanEndDate < p.CINPlanStartDate) problems.push({ field: 'CINPlanEndDate', message: `${who}: the CIN plan ends on ${dmy(p.CINPlanEndDate)}, before it starts on ${dmy(p.CINPlanStartDate)}` });
    }
    for (const p of e.ChildProtectionPlans) {
      if (p.CPPendDate && p.CPPendDate < p.CPPstartDate) problems.push({ field: 'CPPendDate', message: `${who}: the child protection plan ends on ${dmy(p.CPPendDate)}, before it starts on ${dmy(p.CPPstartDate)}` });
    }
    for (const p of e.PreProceedingsandFGDM) {
      if (p.LBPSentDate && p.LBPSentDate < p.PPStartDate) problems.push({ field: 'LBPSentDate', message: `${who}: the letter before proceedings is sent on ${dmy(p.LBPSentDate)}, before pre-proceedings start on ${dmy(p.PPStartDate)}` });
      if (p.InitialPPMeetingDate && (!p.LBPSentDate || p.InitialPPMeetingDate < p.LBPSentDate)) {
        problems.push({ field: 'InitialPPMeetingDate', message: `${who}: the initial pre-proceedings meeting on ${dmy(p.InitialPPMeetingDate)} comes before any letter before proceedings` });
      }
    }
  }
  return problems;
}

/** How many of each part the census carries that the record cannot hold (reported, never written). */
export function cinNotHeld(child: CinFileChild): Partial<Record<CinNotHeld, number>> {
  const episodes = child.CINdetails;
  const sum = (f: (e: (typeof episodes)[number]) => number) => episodes.reduce((n, e) => n + f(e), 0);
  return {
    'assessment authorisations': sum((e) => e.Assessments.filter((a) => a.AssessmentAuthorisationDate !== null).length),
    'initial conferences': sum((e) => (e.DateOfInitialCPC ? 1 : 0) + e.Section47.filter((s) => s.DateOfInitialCPC !== null).length),
    'enquiries ended with no conference': sum((e) => e.Section47.filter((s) => s.ICPCnotRequired).length),
    'plan reviews': sum((e) => e.ChildProtectionPlans.reduce((n, p) => n + p.Reviews.length, 0)),
    'family group decision meetings': sum((e) => e.PreProceedingsandFGDM.filter((p) => p.FGDMMeetingOffer || p.FGDMMeetingFac).length),
    'pre-proceedings decisions': sum((e) => e.PreProceedingsandFGDM.filter((p) => p.StepDecisionDate !== null).length),
  };
}
