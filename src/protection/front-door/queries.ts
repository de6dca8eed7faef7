import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';

/** A contact waiting at the front door: for its decision, or for the decision's sign-off. */
export const WAITING = sql<boolean>`(contacts.outcome IS NULL OR (contacts.decided_by IS NOT NULL AND contacts.signed_off_at IS NULL))`;

const CONTACT_COLUMNS = [
  'contacts.id',
  'contacts.child_id',
  'contacts.contact_date',
  'contacts.source',
  'contacts.reason',
  'contacts.worried_person',
  'contacts.consent',
  'contacts.consent_note',
  'contacts.summary',
  'contacts.holder_id',
  'contacts.threshold_level',
  'contacts.outcome',
  'contacts.decided_on',
  'contacts.decided_by',
  'contacts.rationale',
  'contacts.referral_id',
  'contacts.signed_off_by',
  'contacts.signed_off_at',
  'recorder.name as recorded_by_name',
  'holder.name as holder_name',
  'decider.name as decided_by_name',
  'signer.name as signed_off_by_name',
] as const;

function contactsWithNames(db: Db) {
  return db
    .selectFrom('contacts')
    .leftJoin('users as recorder', 'recorder.id', 'contacts.recorded_by')
    .leftJoin('users as holder', 'holder.id', 'contacts.holder_id')
    .leftJoin('users as decider', 'decider.id', 'contacts.decided_by')
    .leftJoin('users as signer', 'signer.id', 'contacts.signed_off_by');
}

/** The child's contacts, newest first. */
export function findContacts(db: Db, childId: string) {
  return contactsWithNames(db).select(CONTACT_COLUMNS).where('contacts.child_id', '=', childId).orderBy('contacts.contact_date', 'desc').orderBy('contacts.id').execute();
}

export type ContactRow = Awaited<ReturnType<typeof findContacts>>[number];

/** One contact of the child, or undefined (another child's contact is not found). */
export function findContact(db: Db, childId: string, contactId: string) {
  return contactsWithNames(db).select(CONTACT_COLUMNS).where('contacts.child_id', '=', childId).where('contacts.id', '=', contactId).executeTakeFirst();
}

/** Locks one contact for a change, so two decisions on it are made one after the other. */
export function lockContact(db: Db, childId: string, contactId: string) {
  return db
    .selectFrom('contacts')
    .select(['id', 'contact_date', 'outcome', 'decided_by', 'signed_off_by', 'holder_id'])
    .where('child_id', '=', childId)
    .where('id', '=', contactId)
    .forUpdate()
    .executeTakeFirst();
}

export function insertContact(
  db: Db,
  row: {
    child_id: string;
    contact_date: string;
    source: string;
    worried_person: string;
    reason: string;
    consent: 'given' | 'not_given' | 'not_needed';
    consent_note: string | null;
    summary: string | null;
    recorded_by: string;
    recorded_at: Date;
    holder_id: string | null;
  },
) {
  return db.insertInto('contacts').values(row).returning('id').executeTakeFirstOrThrow();
}

export function saveDecision(
  db: Db,
  contactId: string,
  decision: { threshold_level: string; outcome: string; decided_on: string; decided_by: string; rationale: string; referral_id: string | null },
) {
  return db.updateTable('contacts').set(decision).where('id', '=', contactId).executeTakeFirstOrThrow();
}

export function saveSignOff(db: Db, contactId: string, signedOffBy: string, at: Date) {
  return db.updateTable('contacts').set({ signed_off_by: signedOffBy, signed_off_at: at }).where('id', '=', contactId).executeTakeFirstOrThrow();
}

export function saveHolder(db: Db, contactId: string, holderId: string) {
  return db.updateTable('contacts').set({ holder_id: holderId }).where('id', '=', contactId).executeTakeFirstOrThrow();
}

/** The child's referrals (child in need episodes), newest first. */
export function findChildReferrals(db: Db, childId: string) {
  return db
    .selectFrom('referrals')
    .select(['id', 'referral_date', 'source', 'primary_need', 'no_further_action', 'close_date', 'closure_reason'])
    .where('child_id', '=', childId)
    .orderBy('referral_date', 'desc')
    .execute();
}

export function insertReferral(db: Db, row: { child_id: string; referral_date: string; source: string; primary_need: string }) {
  return db.insertInto('referrals').values(row).returning('id').executeTakeFirstOrThrow();
}

// --- The front door's people ----------------------------------------------------------

/** Whether the user's team works the front door. */
export async function inFrontDoorTeam(db: Db, teamId: string | null): Promise<boolean> {
  if (!teamId) return false;
  const row = await db.selectFrom('teams').select('front_door').where('id', '=', teamId).executeTakeFirst();
  return row?.front_door ?? false;
}

/** Whether a service holds a front-door team. */
export async function serviceHasFrontDoor(db: Db, serviceId: string | null): Promise<boolean> {
  if (!serviceId) return false;
  const row = await db.selectFrom('teams').select('id').where('service_id', '=', serviceId).where('front_door', '=', true).executeTakeFirst();
  return Boolean(row);
}

/** The people who may hold a contact: active members of front-door teams who read case records. */
export function frontDoorWorkers(db: Db) {
  return db
    .selectFrom('users')
    .innerJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.name', 'users.role', 'teams.name as team_name'])
    .where('teams.front_door', '=', true)
    .where('users.disabled_at', 'is', null)
    .where('users.role', 'in', ['social_worker', 'practice_supervisor', 'team_manager'])
    .orderBy('teams.name')
    .orderBy('users.name')
    .execute();
}

// --- The queue --------------------------------------------------------------------------

/** Every contact awaiting a decision or a sign-off, oldest first. */
/** Only children the viewer may see are listed: the access policy, in the SQL. */
export function queueContacts(db: Db, viewer: Viewer, now: Date) {
  return db
    .selectFrom('contacts')
    .innerJoin('people', 'people.id', 'contacts.child_id')
    .leftJoin('users as holder', 'holder.id', 'contacts.holder_id')
    .leftJoin('users as decider', 'decider.id', 'contacts.decided_by')
    .select([
      'contacts.id',
      'contacts.child_id',
      'contacts.contact_date',
      'contacts.source',
      'contacts.reason',
      'contacts.outcome',
      'contacts.decided_on',
      'contacts.decided_by',
      'contacts.signed_off_by',
      'contacts.holder_id',
      'holder.name as holder_name',
      'decider.name as decided_by_name',
      'people.forename',
      'people.surname',
      'people.la_child_id',
    ])
    .where(WAITING)
    .where(childVisibleTo(viewer, now))
    .orderBy('contacts.contact_date')
    .orderBy('people.surname')
    .orderBy('contacts.id')
    .execute();
}

/**
 * Every open referral with no decision on it yet: no decision, strategy
 * discussion or assessment recorded since it was received, and no plan or
 * care begun (the same steps the referral_decision clock counts as decided).
 */
export function queueReferrals(db: Db, viewer: Viewer, now: Date) {
  return db
    .selectFrom('referrals')
    .innerJoin('people', 'people.id', 'referrals.child_id')
    .leftJoin('case_leads as lead', 'lead.child_id', 'referrals.child_id')
    .leftJoin('users as worker', 'worker.id', 'lead.worker_id')
    .select(['referrals.id', 'referrals.child_id', 'referrals.referral_date', 'referrals.source', 'worker.name as worker_name', 'people.forename', 'people.surname', 'people.la_child_id'])
    .where('referrals.close_date', 'is', null)
    .where('referrals.no_further_action', '=', false)
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM case_events e WHERE e.child_id = referrals.child_id AND e.kind IN ('referral_decision', 'strategy_discussion', 'assessment') AND e.event_date >= referrals.referral_date)`,
    )
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM cp_plans p WHERE p.child_id = referrals.child_id AND p.start_date >= referrals.referral_date)`)
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM care_episodes c WHERE c.child_id = referrals.child_id AND c.start_date >= referrals.referral_date)`)
    .where(childVisibleTo(viewer, now))
    .orderBy('referrals.referral_date')
    .orderBy('people.surname')
    .execute();
}
