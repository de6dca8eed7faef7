import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { RecordNotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { describeCode, PLACEMENTS_WITHOUT_PROVIDER, type CodeSetName } from '../../reference/codes.ts';
import { distanceMiles, isOutOfArea } from '../../reference/geography.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import { contactHref, describeDecision } from '../../protection/index.ts';
import { CARE_EPISODE_END_FIELDS, CARE_EPISODE_FIELDS, CP_PLAN_FIELDS, END_FIELDS, REFERRAL_CLOSE_FIELDS, REFERRAL_FIELDS, type CareEpisodeEndInput, type CareEpisodeInput, type CpCategoryInput, type CpPlanInput, type EndDateInput, type ReferralCloseInput, type ReferralInput } from './forms.ts';
import { dateKey, orderErrors, type FormRead } from '../../platform/http/forms.ts';
import { childDates, endDateProblem, eventDateProblem, lockChild } from '../../platform/record-access/child-dates.ts';
import {
  closeReferral as closeReferralRow,
  deleteCareLeaver,
  endCareEpisode as endCareEpisodeRow,
  endCpPlan as endCpPlanRow,
  findCareLeaver,
  hasOpenAdviser,
  findHomePostcodeOn,
  insertCareEpisode,
  insertCpPlan,
  insertReferral,
  listCareEpisodes,
  listContacts,
  listCpPlans,
  listReferrals,
  setCpLatestCategory,
  upsertCareLeaver,
  type CareEpisodeRow,
} from './queries.ts';
import { changeChildRecord, isRefusal, refuse, type Refusal } from '../../platform/record-access/record-change.ts';
import { reassessChildWorkers } from '../../workload/index.ts';
import { leavingCareFromHistory, timelineOf } from '../../timescales/index.ts';
import type { AllowedAccess, NameRecord } from '../../platform/record-access/record-access.ts';
import {
  CARE_LEAVER_CATEGORIES,
  careLeaverAgeProblem,
  endedPeriodProblem,
  newEpisodeStartProblem,
  newestFirst,
  newPeriodProblem,
  placeChangeReasonRequired,
  reasonNewEpisodeProblem,
  SAME_DAY_NEW_EPISODE,
  type CareLeaverCategory,
  type EpisodeFacts,
  type Period,
} from './rules.ts';

/** Who is changing the record, and when: passed by the route. */

const coded = (set: CodeSetName, code: string | null) => (code ? `${code}: ${describeCode(set, code)}` : null);

function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

/**
 * A change to what the child's legal status is (a child in need episode, a
 * plan, a care episode, care-leaver status): the workers who hold the child
 * are reassessed in the same transaction, so a variance opens or closes with it.
 */
function changeLegalStatus<T, V>(a: Actor, action: string, work: (trx: Db, access: AllowedAccess, name: NameRecord) => Promise<T | Refusal<V>>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, action, async (trx, access, name) => {
    const result = await work(trx, access, name);
    if (!isRefusal(result)) {
      await reassessChildWorkers(trx, a.childId, { today: a.today, now: a.context.at, trigger: 'legal status change', actorId: a.context.actorUserId });
    }
    return result;
  });
}

// --- The timeline page --------------------------------------------------------

interface DetailRow {
  key: string;
  value: string;
}
interface Action {
  href: string;
  text: string;
  /** Completes the link text for screen readers, e.g. 'referral of 3 March 2025'. */
  hidden: string;
}
export interface TimelineEntry {
  kind: 'contact' | 'referral' | 'cp_plan' | 'care_episode';
  date: string;
  rank: number;
  end: string | null;
  open: boolean;
  title: string;
  details: DetailRow[];
  actions: Action[];
}

function locationText(episode: CareEpisodeRow): string {
  const parts: string[] = [];
  if (episode.placement_out_of_area === true) parts.push('Outside the council’s area');
  else if (episode.placement_out_of_area === false) parts.push('Inside the council’s area');
  else parts.push('Area not known');
  if (episode.placement_distance_miles !== null) {
    parts.push(`${episode.placement_distance_miles} miles from home${episode.home_postcode ? ` (${episode.home_postcode})` : ''}`);
  } else {
    parts.push(episode.home_postcode ? 'distance from home not known' : 'no home address recorded, so distance not known');
  }
  return parts.join(', ');
}

/** Every contact, referral, plan and care episode of a child, newest first, ready for the template. */
export async function timelineView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.timeline', async (trx) => {
    const [child, contacts, referrals, plans, episodes, { careLeaver, fromHistory }] = await Promise.all([
      childHeaderView(trx, a.childId, a.today),
      listContacts(trx, a.childId),
      listReferrals(trx, a.childId),
      listCpPlans(trx, a.childId),
      listCareEpisodes(trx, a.childId),
      leavingCareOf(trx, a),
    ]);
    const base = `/children/${a.childId}/timeline`;
    const rows = (pairs: [string, string | null | undefined][]): DetailRow[] =>
      pairs.filter((p): p is [string, string] => Boolean(p[1])).map(([key, value]) => ({ key, value }));
    const entries: TimelineEntry[] = [
      ...contacts.map((c) => ({
        kind: 'contact' as const,
        date: c.contact_date,
        rank: 0,
        end: null,
        open: false,
        title: `Contact from ${describeCode('contactSource', c.source)}`,
        details: rows([
          ['Source', coded('contactSource', c.source)],
          ['Decision', describeDecision(c.outcome)],
          ['Summary', c.summary],
          ['Recorded by', c.recorded_by_name],
        ]),
        actions: [{ href: contactHref(a.childId, c.id), text: c.outcome === null ? 'Decide' : 'View', hidden: 'this contact' }],
      })),
      ...referrals.map((r) => ({
        kind: 'referral' as const,
        date: r.referral_date,
        rank: 1,
        end: r.close_date,
        open: r.close_date === null,
        title: r.close_date === null ? 'Referral: open as a child in need' : 'Referral: child in need episode (closed)',
        details: rows([
          ['Referral source', coded('referralSource', r.source)],
          ['Primary need', coded('primaryNeed', r.primary_need)],
          ['Reason for closure', coded('cinClosureReason', r.closure_reason)],
        ]),
        actions: r.close_date === null ? [{ href: `${base}/referrals/${r.id}/close`, text: 'Close', hidden: 'this child in need episode' }] : [],
      })),
      ...plans.map((p) => ({
        kind: 'cp_plan' as const,
        date: p.start_date,
        rank: 2,
        end: p.end_date,
        open: p.end_date === null,
        title: p.end_date === null ? 'Child protection plan' : 'Child protection plan (ended)',
        details: rows([
          ['Initial category', coded('cpCategory', p.initial_category)],
          ['Latest category', p.latest_category !== p.initial_category ? coded('cpCategory', p.latest_category) : null],
        ]),
        actions:
          p.end_date === null
            ? [
                { href: `${base}/cp-plans/${p.id}/category`, text: 'Change category', hidden: 'of this child protection plan' },
                { href: `${base}/cp-plans/${p.id}/end`, text: 'End plan', hidden: '' },
              ]
            : [],
      })),
      ...episodes.map((e) => ({
        kind: 'care_episode' as const,
        date: e.start_date,
        rank: 3,
        end: e.end_date,
        open: e.end_date === null,
        title: `Care episode: ${describeCode('reasonNewEpisode', e.reason_new_episode)}`,
        details: rows([
          ['Reason for new episode', coded('reasonNewEpisode', e.reason_new_episode)],
          ['Legal status', coded('legalStatus', e.legal_status)],
          ['Category of need', coded('primaryNeed', e.primary_need)],
          ['Placement type', coded('placementType', e.placement_type)],
          ['Provider', coded('placementProvider', e.placement_provider)],
          ['Placement postcode', e.placement_postcode],
          ['Ofsted URN', e.placement_urn],
          ['Location', locationText(e)],
          ['Reason episode ended', coded('reasonEpisodeCeased', e.reason_ceased)],
          ['Reason for placement change', coded('reasonPlaceChange', e.reason_place_change)],
        ]),
        actions:
          e.end_date === null
            ? [
                { href: `${base}/care-episodes/new`, text: 'Record a change', hidden: 'of placement or legal status' },
                { href: `${base}/care-episodes/${e.id}/end`, text: 'End care', hidden: '' },
              ]
            : [],
      })),
    ];
    return {
      child,
      entries: newestFirst(entries),
      open: {
        referral: referrals.some((r) => r.close_date === null),
        cpPlan: plans.some((p) => p.end_date === null),
        careEpisode: episodes.some((e) => e.end_date === null),
      },
      careLeaver,
      fromHistory,
    };
  });
}

// --- Referrals (CIN episodes) -------------------------------------------------

const periodOf = (start: string, end: string | null): Period => ({ start, end });

type ChildRow = { date_of_birth: string | null; date_of_death: string | null };

/**
 * Why a new period (a referral, a plan) cannot start on `start`: a date the
 * child's life allows, not inside or before another period of the child.
 */
function periodStartProblem(person: ChildRow, today: string, start: string, periods: Period[], label: string, what: string): string | null {
  return eventDateProblem(start, label, childDates(person), today) ?? newPeriodProblem(start, periods, label, what);
}

/**
 * Why an open period (a referral, a plan, a care episode) cannot end on
 * `end`: a date the child's life allows, not before its start, and not
 * overlapping the child's other periods once ended.
 */
function periodEndProblem(person: ChildRow, today: string, start: string, end: string, others: Period[], label: string, what: string): string | null {
  return (
    eventDateProblem(end, label, childDates(person), today) ??
    endDateProblem(start, end, label, what) ??
    endedPeriodProblem(periodOf(start, end), others, label, what)
  );
}

/** The open row of a child's periods with this id, and the others; 404 when there is none. */
function openRowOr404<T extends { id: string }>(rows: T[], id: string, isOpen: (row: T) => boolean, what: string): { row: T; others: T[] } {
  const row = rows.find((r) => r.id === id && isOpen(r));
  if (!row) throw new RecordNotFound(what, id);
  return { row, others: rows.filter((r) => r.id !== id) };
}

async function referralFormData(trx: Db, a: Actor) {
  const [child, referrals] = await Promise.all([childHeaderView(trx, a.childId, a.today), listReferrals(trx, a.childId)]);
  return { child, openReferral: referrals.find((r) => r.close_date === null) ?? null };
}

export async function referralFormView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.referral-form', (trx) => referralFormData(trx, a));
}

export async function openReferral(a: Actor, read: FormRead<ReferralInput>) {
  return changeLegalStatus(a, 'child.referral.open', async (trx, _access, name) => {
    const person = await lockChild(trx, a.childId);
    const referrals = await listReferrals(trx, a.childId);
    const errors = { ...read.errors };
    const v = read.values;
    if (v.referralDate) {
      const problem = periodStartProblem(person, a.today, v.referralDate, referrals.map((r) => periodOf(r.referral_date, r.close_date)), 'Referral date', 'referral');
      if (problem) errors[dateKey('referralDate')] = problem;
    }
    if (hasErrors(errors) || !v.referralDate || !v.source || !v.primaryNeed) {
      return refuse(orderErrors(errors, REFERRAL_FIELDS), await referralFormData(trx, a));
    }
    const created = await insertReferral(trx, { child_id: a.childId, referral_date: v.referralDate, source: v.source, primary_need: v.primaryNeed });
    name('referral', created.id);
    return created;
  });
}

async function openReferralOr404(trx: Db, childId: string, referralId: string) {
  const { row, others } = openRowOr404(await listReferrals(trx, childId), referralId, (r) => r.close_date === null, 'open referral');
  return { referral: { ...row, needLabel: coded('primaryNeed', row.primary_need) }, others };
}

export async function referralCloseFormView(a: Actor, referralId: string) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.referral-close-form', async (trx) => {
    const { referral } = await openReferralOr404(trx, a.childId, referralId);
    return { child: await childHeaderView(trx, a.childId, a.today), referral };
  });
}

export async function closeReferral(a: Actor, referralId: string, read: FormRead<ReferralCloseInput>) {
  return changeLegalStatus(a, 'child.referral.close', async (trx) => {
    const person = await lockChild(trx, a.childId);
    const { referral, others } = await openReferralOr404(trx, a.childId, referralId);
    const errors = { ...read.errors };
    const v = read.values;
    if (v.closeDate) {
      const problem = periodEndProblem(person, a.today, referral.referral_date, v.closeDate, others.map((r) => periodOf(r.referral_date, r.close_date)), 'Closure date', 'referral');
      if (problem) errors[dateKey('closeDate')] = problem;
    }
    if (hasErrors(errors) || !v.closeDate || !v.closureReason) {
      return refuse(orderErrors(errors, REFERRAL_CLOSE_FIELDS), { child: await childHeaderView(trx, a.childId, a.today), referral });
    }
    await closeReferralRow(trx, referral.id, v.closeDate, v.closureReason);
    return { id: referral.id };
  });
}

// --- Child protection plans ---------------------------------------------------

async function cpPlanFormData(trx: Db, a: Actor) {
  const [child, plans] = await Promise.all([childHeaderView(trx, a.childId, a.today), listCpPlans(trx, a.childId)]);
  const open = plans.find((p) => p.end_date === null);
  return { child, openPlan: open ? { ...open, categoryLabel: coded('cpCategory', open.latest_category) } : null };
}

export async function cpPlanFormView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.cp-plan-form', (trx) => cpPlanFormData(trx, a));
}

export async function startCpPlan(a: Actor, read: FormRead<CpPlanInput>) {
  return changeLegalStatus(a, 'child.cp-plan.start', async (trx, _access, name) => {
    const person = await lockChild(trx, a.childId);
    const [plans, referrals] = await Promise.all([listCpPlans(trx, a.childId), listReferrals(trx, a.childId)]);
    const errors = { ...read.errors };
    const v = read.values;
    if (v.startDate) {
      const problem = periodStartProblem(person, a.today, v.startDate, plans.map((p) => periodOf(p.start_date, p.end_date)), 'Start date', 'child protection plan');
      if (problem) errors[dateKey('startDate')] = problem;
    }
    if (hasErrors(errors) || !v.startDate || !v.category) {
      return refuse(orderErrors(errors, CP_PLAN_FIELDS), await cpPlanFormData(trx, a));
    }
    // The plan belongs to the child in need episode open when it starts, if there is one.
    const referral = referrals.find((r) => r.referral_date <= v.startDate! && (r.close_date === null || r.close_date > v.startDate!));
    const created = await insertCpPlan(trx, {
      child_id: a.childId,
      referral_id: referral?.id ?? null,
      start_date: v.startDate,
      initial_category: v.category,
      latest_category: v.category,
    });
    name('child protection plan', created.id);
    return created;
  });
}

async function openPlanOr404(trx: Db, childId: string, planId: string) {
  const { row: plan, others } = openRowOr404(await listCpPlans(trx, childId), planId, (p) => p.end_date === null, 'open child protection plan');
  return { plan: { ...plan, categoryLabel: coded('cpCategory', plan.latest_category) }, others };
}

export async function cpPlanChangeFormView(a: Actor, planId: string, form: 'end' | 'category') {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, `child.view.cp-plan-${form}-form`, async (trx) => {
    const { plan } = await openPlanOr404(trx, a.childId, planId);
    return { child: await childHeaderView(trx, a.childId, a.today), plan };
  });
}

export async function endCpPlan(a: Actor, planId: string, read: FormRead<EndDateInput>) {
  return changeLegalStatus(a, 'child.cp-plan.end', async (trx) => {
    const person = await lockChild(trx, a.childId);
    const { plan, others } = await openPlanOr404(trx, a.childId, planId);
    const errors = { ...read.errors };
    const end = read.values.endDate;
    if (end) {
      const problem = periodEndProblem(person, a.today, plan.start_date, end, others.map((p) => periodOf(p.start_date, p.end_date)), 'End date', 'plan');
      if (problem) errors[dateKey('endDate')] = problem;
    }
    if (hasErrors(errors) || !end) {
      return refuse(orderErrors(errors, END_FIELDS), { child: await childHeaderView(trx, a.childId, a.today), plan });
    }
    await endCpPlanRow(trx, plan.id, end);
    return { id: plan.id };
  });
}

export async function changeCpCategory(a: Actor, planId: string, read: FormRead<CpCategoryInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.cp-plan.category', async (trx) => {
    await lockChild(trx, a.childId);
    const { plan } = await openPlanOr404(trx, a.childId, planId);
    const category = read.values.category;
    if (hasErrors(read.errors) || !category) {
      return refuse(read.errors, { child: await childHeaderView(trx, a.childId, a.today), plan });
    }
    await setCpLatestCategory(trx, plan.id, category);
    return { id: plan.id };
  });
}

// --- Care episodes (SSDA903) --------------------------------------------------

function factsOf(row: CareEpisodeRow): EpisodeFacts {
  return {
    legalStatus: row.legal_status,
    placementType: row.placement_type,
    placementProvider: row.placement_provider,
    placementPostcode: row.placement_postcode,
    placementUrn: row.placement_urn,
  };
}

function describeEpisode(row: CareEpisodeRow) {
  return {
    ...row,
    legalStatusLabel: coded('legalStatus', row.legal_status),
    needLabel: coded('primaryNeed', row.primary_need),
    placementTypeLabel: coded('placementType', row.placement_type),
    providerLabel: coded('placementProvider', row.placement_provider),
    location: locationText(row),
  };
}

async function careEpisodeFormData(trx: Db, a: Actor) {
  const [child, episodes] = await Promise.all([childHeaderView(trx, a.childId, a.today), listCareEpisodes(trx, a.childId)]);
  const open = episodes.find((e) => e.end_date === null);
  return { child, openEpisode: open ? describeEpisode(open) : null };
}

export async function careEpisodeFormView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.care-episode-form', (trx) => careEpisodeFormData(trx, a));
}

/**
 * Starts a care episode. With one open, it ends that one on the same day
 * (X1), giving the reason for the placement change when the placement
 * changed; the new episode's reason must say what changed. The distance from
 * home and whether the placement is outside the council's area are worked out
 * here, from the child's address on the start date.
 */
export async function startCareEpisode(a: Actor, read: FormRead<CareEpisodeInput>, councilAreaCode: string) {
  return changeLegalStatus(a, 'child.care-episode.start', async (trx, _access, name) => {
    const person = await lockChild(trx, a.childId);
    const episodes = await listCareEpisodes(trx, a.childId);
    const open = episodes.find((e) => e.end_date === null) ?? null;
    const ended = episodes.filter((e) => e.end_date !== null).map((e) => periodOf(e.start_date, e.end_date));
    const errors = { ...read.errors };
    const v = read.values;
    if (v.startDate) {
      const problem =
        eventDateProblem(v.startDate, 'Start date', childDates(person), a.today) ??
        newEpisodeStartProblem(v.startDate, open ? periodOf(open.start_date, null) : null, ended, 'Start date');
      if (problem) errors[dateKey('startDate')] = problem;
    }
    // Temporary moves (T0 to T4) and other placements (Z1) have no provider: none is kept for them.
    const withoutProvider = v.placementType !== undefined && v.placementType !== null && PLACEMENTS_WITHOUT_PROVIDER.includes(v.placementType);
    const provider = withoutProvider ? null : (v.placementProvider ?? null);
    if (v.placementType && !withoutProvider && !provider && !errors.placementProvider) errors.placementProvider = 'Select who provides the placement';
    let reasonPlaceChange: string | null = null;
    if (v.reasonNewEpisode && v.legalStatus && v.placementType && (provider || withoutProvider) && v.placementPostcode && !errors.placementUrn) {
      const next: EpisodeFacts = {
        legalStatus: v.legalStatus,
        placementType: v.placementType,
        placementProvider: provider,
        placementPostcode: v.placementPostcode,
        placementUrn: v.placementUrn ?? null,
      };
      const problem = reasonNewEpisodeProblem(v.reasonNewEpisode, open ? factsOf(open) : null, next);
      if (problem) errors.reasonNewEpisode = problem;
      else if (open && placeChangeReasonRequired(v.reasonNewEpisode, open.placement_type, v.placementType)) {
        if (!v.reasonPlaceChange && !errors.reasonPlaceChange) {
          errors.reasonPlaceChange = 'Select the reason for the placement change: the placement is changing, so the SSDA903 return needs a reason';
        }
        reasonPlaceChange = v.reasonPlaceChange ?? null;
      }
    }
    if (
      hasErrors(errors) ||
      !v.startDate ||
      !v.reasonNewEpisode ||
      !v.legalStatus ||
      !v.primaryNeed ||
      !v.placementType ||
      !v.placementPostcode
    ) {
      return refuse(orderErrors(errors, CARE_EPISODE_FIELDS), await careEpisodeFormData(trx, a));
    }
    const home = await findHomePostcodeOn(trx, a.childId, v.startDate);
    if (open) await endCareEpisodeRow(trx, open.id, v.startDate, SAME_DAY_NEW_EPISODE, reasonPlaceChange);
    const created = await insertCareEpisode(trx, {
      child_id: a.childId,
      start_date: v.startDate,
      reason_new_episode: v.reasonNewEpisode,
      legal_status: v.legalStatus,
      primary_need: v.primaryNeed,
      placement_type: v.placementType,
      placement_provider: provider,
      placement_postcode: v.placementPostcode,
      placement_urn: v.placementUrn ?? null,
      home_postcode: home,
      placement_distance_miles: home ? distanceMiles(home, v.placementPostcode) : null,
      placement_out_of_area: isOutOfArea(v.placementPostcode, councilAreaCode),
    });
    name('care episode', created.id);
    return created;
  });
}

async function openEpisodeOr404(trx: Db, childId: string, episodeId: string) {
  const { row, others } = openRowOr404(await listCareEpisodes(trx, childId), episodeId, (e) => e.end_date === null, 'open care episode');
  return { episode: describeEpisode(row), others };
}

export async function careEpisodeEndFormView(a: Actor, episodeId: string) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.care-episode-end-form', async (trx) => {
    const { episode } = await openEpisodeOr404(trx, a.childId, episodeId);
    return { child: await childHeaderView(trx, a.childId, a.today), episode };
  });
}

export async function endCareEpisode(a: Actor, episodeId: string, read: FormRead<CareEpisodeEndInput>) {
  return changeLegalStatus(a, 'child.care-episode.end', async (trx) => {
    const person = await lockChild(trx, a.childId);
    const { episode, others } = await openEpisodeOr404(trx, a.childId, episodeId);
    const errors = { ...read.errors };
    const v = read.values;
    if (v.endDate) {
      const problem = periodEndProblem(person, a.today, episode.start_date, v.endDate, others.map((e) => periodOf(e.start_date, e.end_date)), 'Date care ended', 'care episode');
      if (problem) errors[dateKey('endDate')] = problem;
    }
    if (hasErrors(errors) || !v.endDate || !v.reasonCeased) {
      return refuse(orderErrors(errors, CARE_EPISODE_END_FIELDS), { child: await childHeaderView(trx, a.childId, a.today), episode });
    }
    await endCareEpisodeRow(trx, episode.id, v.endDate, v.reasonCeased, null);
    return { id: episode.id };
  });
}

// --- Care leavers ---------------------------------------------------------------

/**
 * The care leaver category recorded, and what the care history says the young
 * person is (eligible, relevant, former relevant, qualifying or none) with its
 * reason; whether the two differ, and whether a young person owed a personal
 * adviser (Children Act 1989 Sch 2 para 19C, s23B(2), s23CA) has none.
 */
async function leavingCareOf(trx: Db, a: Actor) {
  const [recorded, timeline, adviser] = await Promise.all([findCareLeaver(trx, a.childId), timelineOf(trx, a.childId), hasOpenAdviser(trx, a.childId)]);
  const derived = timeline ? leavingCareFromHistory(timeline, a.today) : { category: null, reason: 'no record' };
  const owed = recorded?.category ?? derived.category;
  return {
    careLeaver: recorded ? { ...recorded, label: CARE_LEAVER_CATEGORIES[recorded.category] } : null,
    fromHistory: {
      ...derived,
      label: derived.category ? CARE_LEAVER_CATEGORIES[derived.category] : 'Not a care leaver',
      differs: (recorded?.category ?? null) !== derived.category,
      adviserMissing: owed !== null && owed !== 'qualifying' && !adviser,
    },
  };
}

async function careLeaverFormData(trx: Db, a: Actor) {
  const [child, leaving] = await Promise.all([childHeaderView(trx, a.childId, a.today), leavingCareOf(trx, a)]);
  return { child, ...leaving };
}

export async function careLeaverFormView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.care-leaver-form', (trx) => careLeaverFormData(trx, a));
}

export async function setCareLeaver(a: Actor, read: FormRead<{ category: CareLeaverCategory }>) {
  return changeLegalStatus(a, 'child.care-leaver.set', async (trx) => {
    const person = await lockChild(trx, a.childId);
    const errors = { ...read.errors };
    const category = read.values.category;
    if (category) {
      const problem = careLeaverAgeProblem(person.date_of_birth, a.today);
      if (problem) errors.category = problem;
    }
    if (hasErrors(errors) || !category) return refuse(errors, await careLeaverFormData(trx, a));
    await upsertCareLeaver(trx, a.childId, category, a.context.at);
    return { category };
  });
}

export async function clearCareLeaver(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.care-leaver.clear', async (trx) => {
    await lockChild(trx, a.childId);
    const removed = await deleteCareLeaver(trx, a.childId);
    await reassessChildWorkers(trx, a.childId, { today: a.today, now: a.context.at, trigger: 'legal status change', actorId: a.context.actorUserId });
    return removed;
  });
}
