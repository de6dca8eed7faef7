import { sql, type Kysely } from 'kysely';
import { createStatementTriggers } from './statement-triggers.ts';

/**
 * What a care leaver is doing around each birthday from 17 (SSDA903 OC3):
 * whether the council is in touch, their main activity, the kind of
 * accommodation and whether it is suitable, as the DfE SSDA903 guide asks,
 * with what the council also follows: staying close, and the higher
 * education bursary. One check per birthday. The checks that cannot be
 * true are refused here as well as by the form (DfE SSDA903 guide):
 * activity and accommodation are 0 (not known) when the young person is not
 * in touch, has died or has returned home for 6 months or more, and known
 * when they are in touch; staying put (Z) is not for a 17-year-old; the
 * bursary is for higher education. The timescales engine reads these checks,
 * so a change forgets the young person's stored due items.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE care_leaver_outcomes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      birthday_age smallint NOT NULL CHECK (birthday_age BETWEEN 17 AND 25),
      -- The birthday itself, as the calendar rules reckon it (29 February: 1 March in a common year).
      birthday_on date NOT NULL,
      gathered_on date NOT NULL,
      in_touch text NOT NULL CHECK (in_touch IN ('YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM')),
      activity text NOT NULL CHECK (activity IN ('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0')),
      accommodation text NOT NULL CHECK (accommodation = '0' OR accommodation ~ '^[BCDEGHKRSTUVWXYZ][12]$'),
      staying_close boolean NOT NULL DEFAULT false,
      bursary_paid boolean,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      UNIQUE (child_id, birthday_age),
      CHECK (gathered_on BETWEEN birthday_on - interval '3 months' AND birthday_on + interval '1 month'),
      CHECK (in_touch NOT IN ('NO', 'DIED', 'RHOM') OR (activity = '0' AND accommodation = '0')),
      CHECK (in_touch <> 'YES' OR (activity <> '0' AND accommodation <> '0')),
      CHECK (birthday_age >= 18 OR accommodation NOT LIKE 'Z%'),
      CHECK (bursary_paid IS NULL OR activity IN ('F1', 'P1')),
      CHECK (NOT staying_close OR accommodation NOT LIKE 'Z%')
    );
    CREATE INDEX care_leaver_outcomes_birthday_idx ON care_leaver_outcomes (birthday_on);
  `.execute(db);
  await createStatementTriggers(db, 'care_leaver_outcomes', 'forget_due', 'forget_due_items', sql.lit('child_id'));
}
