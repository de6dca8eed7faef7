import { addDays } from '../platform/calendar/dates.ts';
import { addWorkingDays } from '../platform/calendar/working-days.ts';
import { groupByChild } from '../platform/collections/by-child.ts';
import type { DemoContext } from './context.ts';
import { updateRows, type RowOf } from './insert.ts';
import { demoRand } from './rand.ts';

/**
 * The demo council's front door over the last year. The "Assessment" teams
 * work it. Every contact received in the last 12 months gets what the worry
 * was, who had it, consent, the level of need, who decided and why, and a
 * manager's sign-off: most decided the day they came in or the next working
 * day, a few late. A contact that led to a referral names it. The newest few
 * contacts on children with no open referral still await a decision, and a
 * few decisions await sign-off, so the queue has work in it. Every choice
 * comes from the seed.
 */
export interface FrontDoorDemoSummary {
  teams: number;
  decided: number;
  awaitingDecision: number;
  awaitingSignOff: number;
}

const WORRIES: Record<string, readonly string[]> = {
  '1': ['Family member worried about how the children are being cared for', 'Neighbour heard shouting and a child crying late at night', 'Young person asked for help, saying they cannot go home'],
  '2': ['School worried about attendance, hunger and tiredness', 'Teacher saw a bruise on the child’s arm', 'Child told a teaching assistant they are scared of a parent’s partner'],
  '3': ['GP worried about a parent’s mental health and the baby’s care', 'Health visitor worried about the home conditions', 'Emergency department saw the child for an injury not explained'],
  '5': ['Police attended a domestic incident with the children at home', 'Police found the young person missing overnight', 'Police worried about exploitation: the young person was found far from home'],
};
const WORRIED_PEOPLE: Record<string, readonly string[]> = {
  '1': ['Grandmother', 'Aunt', 'Neighbour', 'The young person themselves'],
  '2': ['Designated safeguarding lead, primary school', 'Head of year, secondary school', 'Nursery manager'],
  '3': ['GP', 'Health visitor', 'Emergency department nurse', 'Midwife'],
  '5': ['Police constable, Sussex Police', 'MASH police officer', 'Police missing person coordinator'],
};
const RATIONALES: Record<string, readonly string[]> = {
  referral: ['Concerns meet the threshold for an assessment under section 17', 'Possible significant harm: needs a social work assessment', 'Repeated concerns and no change: assessment needed'],
  early_help: ['Needs can be met with family support; the family agree', 'Parenting support through the family hub is the right help'],
  advice: ['Advice given to the referrer; universal services can meet the needs', 'Signposted to the school nurse and the family hub'],
  other_agency: ['Passed to the agency already working with the family'],
  no_further_action: ['No concerns about the child’s welfare once checks were made', 'Information noted; the family are already supported'],
};
const THRESHOLD: Record<string, readonly string[]> = {
  referral: ['3', '3', '4'],
  early_help: ['2'],
  advice: ['1', '2'],
  other_agency: ['1', '2'],
  no_further_action: ['1'],
};
const AWAITING_DECISION = 6;
const AWAITING_SIGN_OFF = 4;

const CONTACT_DECISION_COLUMNS = ['reason', 'worried_person', 'consent', 'consent_note', 'holder_id', 'recorded_at', 'outcome', 'threshold_level', 'decided_on', 'decided_by', 'rationale', 'referral_id', 'signed_off_by', 'signed_off_at'] as const;

const family = (source: string) => source.slice(0, 1);

export async function generateFrontDoor(ctx: DemoContext): Promise<FrontDoorDemoSummary> {
  const { db, today } = ctx;
  const rand = demoRand(ctx);
  const teams = await db.updateTable('teams').set({ front_door: true }).where('name', 'like', 'Assessment%').returning('id').execute();
  const teamIds = teams.map((t) => t.id);
  if (teamIds.length === 0) return { teams: 0, decided: 0, awaitingDecision: 0, awaitingSignOff: 0 };
  const staff = await db.selectFrom('users').select(['id', 'role', 'team_id']).where('team_id', 'in', teamIds).where('disabled_at', 'is', null).orderBy('id').execute();
  const workers = staff.filter((s) => s.role === 'social_worker').map((s) => s.id);
  const managers = staff.filter((s) => s.role === 'team_manager' || s.role === 'practice_supervisor').map((s) => s.id);
  if (workers.length === 0 || managers.length < 2) return { teams: teamIds.length, decided: 0, awaitingDecision: 0, awaitingSignOff: 0 };
  const yearAgo = addDays(today, -365);
  const contacts = await db
    .selectFrom('contacts')
    .select(['id', 'child_id', 'contact_date', 'source', 'outcome'])
    .where('contact_date', '>=', yearAgo)
    .where('contact_date', '<=', today)
    .where('outcome', 'is not', null)
    .orderBy('contact_date')
    .orderBy('id')
    .execute();
  const referrals = await db.selectFrom('referrals').select(['id', 'child_id', 'referral_date', 'close_date']).where('referral_date', '>=', yearAgo).orderBy('referral_date').orderBy('id').execute();
  const referralsOf = groupByChild(referrals, (r) => r);
  const openReferral = new Set((await db.selectFrom('referrals').select('child_id').where('close_date', 'is', null).execute()).map((r) => r.child_id));

  // The newest contacts on children not open to children's social care wait for a decision.
  const waitable = contacts.filter((c) => c.outcome !== 'referral' && !openReferral.has(c.child_id) && c.contact_date >= addWorkingDays(today, -3));
  const awaiting = new Set(waitable.slice(-AWAITING_DECISION).map((c) => c.id));
  let decided = 0;
  let signOffLeft = AWAITING_SIGN_OFF;
  const updates: ({ id: string } & Partial<RowOf<'contacts'>>)[] = [];
  for (const c of [...contacts].reverse()) {
    const kind = family(c.source);
    const worry = rand.pick(WORRIES[kind] ?? WORRIES['2']!);
    const worried = rand.pick(WORRIED_PEOPLE[kind] ?? WORRIED_PEOPLE['2']!);
    const consent = kind === '5' ? 'not_needed' : rand.weighted([['given', 80], ['not_given', 8], ['not_needed', 12]] as const);
    const consentNote = consent === 'given' ? null : consent === 'not_needed' ? 'Asking first could have put the child at risk' : 'Parent declined; concerns are serious enough to look into without consent';
    const holder = rand.pick(workers);
    const base = { reason: worry, worried_person: worried, consent, consent_note: consentNote, holder_id: holder, recorded_at: new Date(`${c.contact_date}T09:${String(rand.int(10, 59))}:00Z`) };
    if (awaiting.has(c.id)) {
      updates.push({ id: c.id, ...base, outcome: null, threshold_level: null, decided_on: null, decided_by: null, rationale: null, referral_id: null, signed_off_by: null, signed_off_at: null });
      continue;
    }
    const outcome = c.outcome!;
    const lag = rand.chance(0.07) ? rand.int(2, 4) : rand.weighted([[0, 55], [1, 45]] as const);
    let decidedOn = lag === 0 ? c.contact_date : addWorkingDays(c.contact_date, lag);
    if (decidedOn > today) decidedOn = today;
    const referral = outcome === 'referral' ? referralsOf.get(c.child_id)?.find((r) => r.referral_date >= c.contact_date && r.referral_date <= addDays(c.contact_date, 7)) : undefined;
    const decider = rand.chance(0.8) ? holder : rand.pick(managers);
    const signer = rand.pick(managers.filter((m) => m !== decider));
    const leaveUnsigned = signOffLeft > 0 && decidedOn >= addWorkingDays(today, -2);
    if (leaveUnsigned) signOffLeft -= 1;
    updates.push({
      id: c.id,
      ...base,
      outcome,
      threshold_level: rand.pick(THRESHOLD[outcome] ?? ['1']),
      decided_on: decidedOn,
      decided_by: decider,
      rationale: rand.pick(RATIONALES[outcome] ?? RATIONALES['no_further_action']!),
      referral_id: referral?.id ?? null,
      signed_off_by: leaveUnsigned ? null : signer,
      signed_off_at: leaveUnsigned ? null : new Date(`${decidedOn}T16:${String(rand.int(10, 59))}:00Z`),
    });
    decided += 1;
  }
  await updateRows(db, 'contacts', CONTACT_DECISION_COLUMNS, updates);
  decided += await contactsThatWentNoFurther(ctx, rand, { workers, managers, referredInYear: contacts.filter((c) => c.outcome === 'referral').length, decidedInYear: decided });
  return { teams: teamIds.length, decided, awaitingDecision: awaiting.size, awaitingSignOff: AWAITING_SIGN_OFF - signOffLeft };
}

/** About a quarter of contacts become referrals; the rest are advice, early help, another agency or nothing further. */
const REFERRED_SHARE = 0.27;
const SOURCES = ['1A', '1B', '1D', '2A', '2A', '2A', '2B', '3A', '3B', '3C', '5A', '5B', '5C'];

/**
 * The contacts of the year that did not become referrals, so that about a
 * quarter of all contacts are referred: most about children the service
 * knows (with a referral on the record), some about children it does not.
 */
async function contactsThatWentNoFurther(ctx: DemoContext, rand: ReturnType<typeof demoRand>, staff: { workers: string[]; managers: string[]; referredInYear: number; decidedInYear: number }): Promise<number> {
  const { db, today } = ctx;
  const extra = Math.max(0, Math.round(staff.referredInYear / REFERRED_SHARE) - staff.decidedInYear);
  if (extra === 0) return 0;
  const children = await db
    .selectFrom('people')
    .select(['id', 'date_of_birth'])
    .where('is_child', '=', true)
    .where('date_of_death', 'is', null)
    .where('date_of_birth', '<=', addDays(today, -365))
    .orderBy('la_child_id')
    .orderBy('id')
    .execute();
  const known = new Set((await db.selectFrom('referrals').select('child_id').execute()).map((r) => r.child_id));
  const knownChildren = children.filter((c) => known.has(c.id));
  const otherChildren = children.filter((c) => !known.has(c.id));
  if (knownChildren.length === 0 && otherChildren.length === 0) return 0;
  const firstDay = addWorkingDays(addDays(today, -365), 1);
  const rows = [];
  for (let i = 0; i < extra; i++) {
    const pool = otherChildren.length && (knownChildren.length === 0 || rand.chance(0.3)) ? otherChildren : knownChildren;
    const child = rand.pick(pool);
    let day = addDays(firstDay, rand.int(0, 360));
    while (day > addWorkingDays(today, -3)) day = addDays(day, -7);
    const contactDate = addWorkingDays(addDays(day, -1), 1);
    const source = rand.pick(SOURCES);
    const kind = family(source);
    const outcome = rand.weighted([['advice', 35], ['early_help', 30], ['no_further_action', 25], ['other_agency', 10]] as const);
    const lag = rand.chance(0.07) ? rand.int(2, 4) : rand.weighted([[0, 55], [1, 45]] as const);
    const decidedOn = [lag === 0 ? contactDate : addWorkingDays(contactDate, lag), today].sort()[0]!;
    const holder = rand.pick(staff.workers);
    const decider = rand.chance(0.8) ? holder : rand.pick(staff.managers);
    const consent = kind === '5' ? 'not_needed' : rand.weighted([['given', 85], ['not_given', 5], ['not_needed', 10]] as const);
    rows.push({
      // From the seed, so the same seed makes the same contacts on either engine.
      id: ctx.faker.string.uuid(),
      child_id: child.id,
      contact_date: contactDate,
      source,
      outcome,
      summary: null,
      recorded_by: holder,
      recorded_at: new Date(`${contactDate}T10:${String(rand.int(10, 59))}:00Z`),
      reason: rand.pick(WORRIES[kind] ?? WORRIES['2']!),
      worried_person: rand.pick(WORRIED_PEOPLE[kind] ?? WORRIED_PEOPLE['2']!),
      consent,
      consent_note: consent === 'given' ? null : consent === 'not_needed' ? 'Asking first could have put the child at risk' : 'Parent declined; the worry was looked into all the same',
      holder_id: holder,
      threshold_level: rand.pick(THRESHOLD[outcome] ?? ['1']),
      decided_on: decidedOn,
      decided_by: decider,
      rationale: rand.pick(RATIONALES[outcome] ?? RATIONALES['no_further_action']!),
      signed_off_by: rand.pick(staff.managers.filter((m) => m !== decider)),
      signed_off_at: new Date(`${decidedOn}T16:${String(rand.int(10, 59))}:00Z`),
    });
  }
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('contacts').values(rows.slice(i, i + 500)).execute();
  return rows.length;
}
