import { sql, type Kysely } from 'kysely';
import { createStatementTriggers } from './statement-triggers.ts';

/**
 * The front door: a contact is recorded first, and decided afterwards.
 *
 * `contacts` gains what the worry is and who has it (in words), whether the
 * family consented to the contact being looked into (and why, when consent
 * was not sought), the worker who holds it, and the decision: the council's
 * threshold level, the decision itself (`outcome`, now null while the
 * contact awaits a decision; rows recorded before keep theirs), the day it
 * was made, by whom and why, and a manager's sign-off. A decision to refer
 * to children's social care names the referral (CIN episode) it opened.
 *
 * Rows recorded before the front door have an outcome but no `decided_by`:
 * they were decided as they were recorded, before sign-off existed, and are
 * not waiting for anything.
 *
 * `teams.front_door` marks the teams that work the front door queue.
 *
 * `child_status` gains 'awaiting_decision': a child whose only open business
 * is a contact awaiting a decision is not a closed case.
 *
 * Contacts now start a statutory clock (the decision within one working day),
 * so a change to them forgets the child's stored due items.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE contacts
      ALTER COLUMN outcome DROP NOT NULL,
      ADD COLUMN reason text CHECK (length(reason) BETWEEN 1 AND 2000),
      ADD COLUMN worried_person text CHECK (length(worried_person) BETWEEN 1 AND 300),
      ADD COLUMN consent text CHECK (consent IN ('given', 'not_given', 'not_needed')),
      ADD COLUMN consent_note text CHECK (length(consent_note) BETWEEN 1 AND 1000),
      ADD COLUMN holder_id uuid REFERENCES users(id),
      ADD COLUMN recorded_at timestamptz,
      ADD COLUMN threshold_level text,
      ADD COLUMN decided_on date,
      ADD COLUMN decided_by uuid REFERENCES users(id),
      ADD COLUMN rationale text CHECK (length(rationale) BETWEEN 1 AND 5000),
      ADD COLUMN referral_id uuid REFERENCES referrals(id),
      ADD COLUMN signed_off_by uuid REFERENCES users(id),
      ADD COLUMN signed_off_at timestamptz,
      ADD CONSTRAINT contacts_decided_check CHECK (decided_by IS NULL OR (outcome IS NOT NULL AND decided_on IS NOT NULL AND rationale IS NOT NULL)),
      ADD CONSTRAINT contacts_decided_after_check CHECK (decided_on IS NULL OR decided_on >= contact_date),
      ADD CONSTRAINT contacts_consent_why_check CHECK (consent IS NULL OR consent = 'given' OR consent_note IS NOT NULL),
      ADD CONSTRAINT contacts_sign_off_check CHECK ((signed_off_by IS NULL) = (signed_off_at IS NULL)),
      ADD CONSTRAINT contacts_sign_off_decided_check CHECK (signed_off_by IS NULL OR decided_by IS NOT NULL),
      ADD CONSTRAINT contacts_own_sign_off_check CHECK (signed_off_by IS NULL OR signed_off_by <> decided_by),
      ADD CONSTRAINT contacts_referral_check CHECK (referral_id IS NULL OR outcome = 'referral');
    CREATE INDEX contacts_waiting_idx ON contacts (contact_date) WHERE outcome IS NULL OR (decided_by IS NOT NULL AND signed_off_at IS NULL);
    CREATE INDEX contacts_holder_idx ON contacts (holder_id) WHERE holder_id IS NOT NULL;

    ALTER TABLE teams ADD COLUMN front_door boolean NOT NULL DEFAULT false;

    CREATE OR REPLACE VIEW child_status AS
    SELECT
      p.id AS child_id,
      CASE
        WHEN ce.id IS NOT NULL THEN 'looked_after'
        WHEN cp.id IS NOT NULL THEN 'child_protection'
        WHEN cl.child_id IS NOT NULL THEN 'care_leaver'
        WHEN r.id IS NOT NULL THEN 'child_in_need'
        WHEN EXISTS (SELECT 1 FROM contacts c WHERE c.child_id = p.id AND c.outcome IS NULL) THEN 'awaiting_decision'
        ELSE 'closed'
      END AS status,
      ce.id AS care_episode_id,
      ce.legal_status,
      ce.placement_type,
      ce.placement_out_of_area,
      ce.placement_distance_miles,
      cp.id AS cp_plan_id,
      cp.latest_category AS cp_category,
      cp.start_date AS cp_plan_start_date,
      r.id AS referral_id,
      r.primary_need,
      r.referral_date,
      cl.category AS care_leaver_category
    FROM people p
    LEFT JOIN care_episodes ce ON ce.child_id = p.id AND ce.end_date IS NULL
    LEFT JOIN cp_plans cp ON cp.child_id = p.id AND cp.end_date IS NULL
    LEFT JOIN referrals r ON r.child_id = p.id AND r.close_date IS NULL
    LEFT JOIN care_leavers cl ON cl.child_id = p.id
    WHERE p.is_child;
  `.execute(db);
  await createStatementTriggers(db, 'contacts', 'forget_due', 'forget_due_items', sql.lit('child_id'));
}
