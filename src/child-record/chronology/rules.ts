// A child's chronology: the significant events of their life with the
// service, in date order, drawn from what is already recorded (the timeline,
// lead allocations, and case notes marked significant) so nothing is typed
// twice. Pure: the caller passes the stored rows and the range.
import { describeCode, type CodeSetName } from '../../reference/codes.ts';
import { describeDecision } from '../../protection/index.ts';
import { describeNoteType } from '../notes/rules.ts';

export interface ChronologyEvent {
  date: string;
  /** Where the event comes from, as the page's source column shows it. */
  source: 'Contact' | 'Referral' | 'Child protection' | 'Looked after' | 'Allocation' | 'Case note' | 'Management oversight' | 'Visit' | 'Meeting or review' | 'Missing' | 'Life after care' | 'Adoption' | 'Document' | 'Direct work';
  what: string;
  detail: string | null;
  /** For an event from a case note, the note's id. */
  noteId?: string;
}

export interface ChronologyInput {
  contacts: readonly { contact_date: string; source: string; outcome: string | null; summary: string | null }[];
  /** The decisions on contacts and their sign-off (see protection/front-door). */
  frontDoor?: readonly { date: string; what: string; detail: string | null }[];
  referrals: readonly { referral_date: string; source: string; primary_need: string | null; close_date: string | null; closure_reason: string | null }[];
  cpPlans: readonly { start_date: string; end_date: string | null; initial_category: string; latest_category: string }[];
  careEpisodes: readonly {
    start_date: string;
    end_date: string | null;
    reason_new_episode: string;
    legal_status: string;
    placement_type: string;
    placement_postcode: string | null;
    placement_out_of_area: boolean | null;
    placement_distance_miles: number | null;
    reason_ceased: string | null;
    reason_place_change: string | null;
  }[];
  leadAllocations: readonly { start_date: string; end_date: string | null; end_reason: string | null; worker_name: string | null; team_name: string }[];
  significantNotes: readonly { id: string; event_date: string; note_type: string; title: string }[];
  /** Case supervision and management oversight recorded on the child's record. */
  caseSupervisions?: readonly { held_on: string; decision: string; direction: string; supervisor_name: string }[];
  /** Visits, meetings, reviews and assessments recorded on the child's record (see child-record/visits). */
  visitsAndMeetings?: readonly { date: string; source: 'Visit' | 'Meeting or review'; what: string; detail: string | null }[];
  /** Going missing, returning and the return interview (see care/missing). */
  missingEpisodes?: readonly { date: string; source: 'Missing'; what: string; detail: string | null }[];
  /** A care leaver's birthday checks: in touch, activity and accommodation (see care/after-care). */
  lifeAfterCare?: readonly { date: string; what: string; detail: string | null }[];
  /** The steps of an adoption and a decision reversed (see care/adoption). */
  adoption?: readonly { date: string; what: string; detail: string | null }[];
  /** Permanence plans decided and changed, and the journey home (src/care/permanence). */
  permanence?: readonly { date: string; what: string; detail: string | null }[];
  /** Child protection plans' actions, core groups and review conferences; child in need plans, pre-proceedings and early help (src/protection/plans). */
  protectionPlans?: readonly { date: string; source: 'Child protection' | 'Meeting or review'; what: string; detail: string | null }[];
  /** Documents added to the record and deleted (src/protection/documents). */
  documents?: readonly { date: string; what: string; detail: string | null }[];
  /** Direct-work sessions with the child (src/direct-work/sessions). */
  directWork?: readonly { date: string; what: string; detail: string | null }[];
}

export interface DateRange {
  /** First day shown, inclusive. */
  from?: string | null;
  /** Last day shown, inclusive. */
  to?: string | null;
}

/**
 * On one day, events are listed in the order they usually happen: a contact
 * leads to a referral, a worker is allocated, a plan or care starts, work is
 * recorded, and only then do things end.
 */
const SAME_DAY_ORDER = ['contact', 'referral', 'allocation', 'cpStart', 'care', 'note', 'oversight', 'allocationEnd', 'cpEnd', 'careEnd', 'referralEnd'] as const;
type Step = (typeof SAME_DAY_ORDER)[number];

const coded = (set: CodeSetName, code: string) => `${code}: ${describeCode(set, code)}`;

/** The codes for a new episode (SSDA903 RNE) that change the placement. */
const PLACEMENT_CHANGES = ['P', 'T', 'B', 'U'];
const LEGAL_STATUS_CHANGES = ['L', 'B', 'U'];

function placementText(episode: ChronologyInput['careEpisodes'][number]): string {
  const where: string[] = [];
  if (episode.placement_postcode) where.push(episode.placement_postcode);
  if (episode.placement_out_of_area === true) where.push('outside the council’s area');
  if (episode.placement_distance_miles !== null) where.push(`${episode.placement_distance_miles} miles from home`);
  return `${coded('placementType', episode.placement_type)}${where.length ? ` (${where.join(', ')})` : ''}`;
}

/** Every significant event in `input` within `range`, oldest first. */
export function buildChronology(input: ChronologyInput, range: DateRange = {}): ChronologyEvent[] {
  const events: (ChronologyEvent & { step: Step })[] = [];
  const add = (step: Step, event: ChronologyEvent) => events.push({ ...event, step });

  for (const c of input.contacts) {
    add('contact', {
      date: c.contact_date,
      source: 'Contact',
      what: `Contact from ${describeCode('contactSource', c.source)}`,
      detail: [`Decision: ${describeDecision(c.outcome)}`, c.summary].filter(Boolean).join('. '),
    });
  }
  for (const d of input.frontDoor ?? []) add('contact', { date: d.date, source: 'Contact', what: d.what, detail: d.detail });
  for (const r of input.referrals) {
    add('referral', {
      date: r.referral_date,
      source: 'Referral',
      what: 'Referral received: open as a child in need',
      detail: [`From ${coded('referralSource', r.source)}`, r.primary_need ? `primary need ${coded('primaryNeed', r.primary_need)}` : null].filter(Boolean).join('; '),
    });
    if (r.close_date) {
      add('referralEnd', {
        date: r.close_date,
        source: 'Referral',
        what: 'Child in need episode closed',
        detail: r.closure_reason ? `Reason: ${coded('cinClosureReason', r.closure_reason)}` : null,
      });
    }
  }
  for (const p of input.cpPlans) {
    add('cpStart', { date: p.start_date, source: 'Child protection', what: 'Child protection plan started', detail: `Category: ${coded('cpCategory', p.initial_category)}` });
    if (p.end_date) {
      add('cpEnd', {
        date: p.end_date,
        source: 'Child protection',
        what: 'Child protection plan ended',
        detail: p.latest_category !== p.initial_category ? `Latest category: ${coded('cpCategory', p.latest_category)}` : null,
      });
    }
  }
  const episodes = [...input.careEpisodes].sort((a, b) => (a.start_date < b.start_date ? -1 : a.start_date > b.start_date ? 1 : 0));
  episodes.forEach((e, i) => {
    const previous = episodes[i - 1];
    const previousLed = previous && previous.end_date === e.start_date;
    if (e.reason_new_episode === 'S' || !previousLed) {
      add('care', {
        date: e.start_date,
        source: 'Looked after',
        what: 'Became looked after',
        detail: `Legal status ${coded('legalStatus', e.legal_status)}; placement ${placementText(e)}`,
      });
    } else {
      const placement = PLACEMENT_CHANGES.includes(e.reason_new_episode);
      const legal = LEGAL_STATUS_CHANGES.includes(e.reason_new_episode);
      const parts: string[] = [];
      if (placement) parts.push(`New placement ${placementText(e)}`);
      if (placement && previous.reason_place_change) parts.push(`reason for the move: ${describeCode('reasonPlaceChange', previous.reason_place_change)}`);
      if (legal) parts.push(`legal status now ${coded('legalStatus', e.legal_status)}`);
      add('care', {
        date: e.start_date,
        source: 'Looked after',
        what: placement && legal ? 'Placement and legal status changed' : placement ? 'Placement changed' : 'Legal status changed',
        detail: parts.join('; ').replace(/^./, (c) => c.toUpperCase()),
      });
    }
    const next = episodes[i + 1];
    if (e.end_date && !(next && next.start_date === e.end_date)) {
      add('careEnd', {
        date: e.end_date,
        source: 'Looked after',
        what: 'Ceased to be looked after',
        detail: e.reason_ceased ? `Reason: ${coded('reasonEpisodeCeased', e.reason_ceased)}` : null,
      });
    }
  });
  const leads = [...input.leadAllocations].sort((a, b) => (a.start_date < b.start_date ? -1 : a.start_date > b.start_date ? 1 : 0));
  leads.forEach((a, i) => {
    const previous = leads[i - 1];
    const why = previous?.end_reason && previous.end_date === a.start_date ? `; previous worker changed: ${describeCode('swReason', previous.end_reason)}` : '';
    add('allocation', {
      date: a.start_date,
      source: 'Allocation',
      what: a.worker_name ? `Allocated to ${a.worker_name}` : 'Waiting for a social worker',
      detail: `${a.team_name}${why}`,
    });
    const followedOn = leads.some((other) => other !== a && other.start_date === a.end_date);
    if (a.end_date && !followedOn) {
      add('allocationEnd', {
        date: a.end_date,
        source: 'Allocation',
        what: a.worker_name ? `${a.worker_name} stopped being the social worker` : 'Allocation ended',
        detail: a.end_reason ? `Reason: ${describeCode('swReason', a.end_reason)}` : null,
      });
    }
  });
  for (const n of input.significantNotes) {
    add('note', { date: n.event_date, source: 'Case note', what: n.title, detail: describeNoteType(n.note_type), noteId: n.id });
  }
  for (const v of input.visitsAndMeetings ?? []) add('note', v);
  for (const m of input.missingEpisodes ?? []) add('note', m);
  for (const c of input.lifeAfterCare ?? []) add('note', { ...c, source: 'Life after care' });
  for (const c of input.adoption ?? []) add('note', { ...c, source: 'Adoption' });
  for (const c of input.permanence ?? []) add('note', { ...c, source: 'Looked after' });
  for (const c of input.protectionPlans ?? []) add('note', c);
  for (const c of input.documents ?? []) add('note', { ...c, source: 'Document' });
  for (const c of input.directWork ?? []) add('note', { ...c, source: 'Direct work' });
  for (const o of input.caseSupervisions ?? []) {
    add('oversight', { date: o.held_on, source: 'Management oversight', what: `Management oversight by ${o.supervisor_name}`, detail: `Decision: ${o.decision} Direction: ${o.direction}` });
  }

  return events
    .filter((e) => (!range.from || e.date >= range.from) && (!range.to || e.date <= range.to))
    .map((event, index) => ({ event, index }))
    .sort((a, b) => {
      if (a.event.date !== b.event.date) return a.event.date < b.event.date ? -1 : 1;
      return SAME_DAY_ORDER.indexOf(a.event.step) - SAME_DAY_ORDER.indexOf(b.event.step) || a.index - b.index;
    })
    .map(({ event: { step: _step, ...event } }) => event);
}

/** Why a chronology range cannot be used, or null. */
export function rangeProblem(range: DateRange): string | null {
  return range.from && range.to && range.to < range.from ? 'The end of the range must be on or after its start' : null;
}
