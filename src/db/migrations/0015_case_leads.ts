import { sql, type Kysely } from 'kysely';
import { createStatementTriggers } from './statement-triggers.ts';

/**
 * Who leads a case now: the open lead allocation (a social worker, or the
 * team's queue while unallocated) or, for a young person with no lead, such
 * as a care leaver after 18, their personal adviser. Work due, its counts
 * and the record's "allocated worker" all follow this one definition, so a
 * care leaver's overdue work reaches their adviser, team, service and council.
 * A plain filtered view, so that the planner keeps using the allocations
 * indexes through it.
 *
 * A care leaver's personal adviser visits within 7 days of a move (Care
 * Leavers (England) Regulations 2010 reg 8(2)(a)), so the timescales engine
 * now reads the address history: a change there forgets the stored due
 * items, as the other tables it reads do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE UNIQUE INDEX allocations_one_open_adviser_idx ON allocations (child_id) WHERE role = 'personal_adviser' AND end_date IS NULL;

    CREATE VIEW case_leads AS
    SELECT a.id, a.child_id, a.role, a.team_id, a.worker_id, a.start_date, a.end_date
    FROM allocations a
    WHERE a.end_date IS NULL
      AND (a.role = 'lead'
        OR (a.role = 'personal_adviser'
          AND NOT EXISTS (SELECT 1 FROM allocations l WHERE l.child_id = a.child_id AND l.role = 'lead' AND l.end_date IS NULL)));
  `.execute(db);
  await createStatementTriggers(db, 'addresses', 'forget_due', 'forget_due_items', sql.lit('person_id'));
}
