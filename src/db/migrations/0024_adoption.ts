import { sql, type Kysely } from 'kysely';
import { createStatementTriggers } from './statement-triggers.ts';

/**
 * A looked-after child's adoption, in the steps the law sets out and the DfE's
 * SSDA903 return asks about (tables AD1 and PlacedAdoption), and what the
 * return asks of every child who starts to be looked after about a previous
 * permanence order (table PrevPerm).
 *
 * adoption_decisions: one row for each decision of the agency decision maker
 * that the child should be placed for adoption (Adoption Agencies Regulations
 * 2005 reg 19; SSDA903 DATE_INT / DATE_PLACED), then the authority to place
 * (a placement order, Adoption and Children Act 2002 s21, or consent, s19),
 * the match (regs 32 and 33; DATE_MATCH) with the adopters as AD1 records
 * them, the day the child moved in, and the adoption order (s46); or the
 * decision that the child should no longer be placed for adoption
 * (DATE_PLACED_CEASED, REASON_PLACED_CEASED). Codes are the SSDA903 2024
 * schema's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE adoption_decisions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      decided_on date NOT NULL,
      authority text CHECK (authority IN ('placement_order', 'consent')),
      authority_on date,
      matched_on date,
      adopters_count smallint CHECK (adopters_count IN (1, 2)),
      adopters_sex text CHECK (adopters_sex IN ('M1', 'F1', 'MM', 'FF', 'MF')),
      adopters_legal_status text CHECK (adopters_legal_status IN ('L0', 'L11', 'L12', 'L2', 'L3', 'L4')),
      foster_carers boolean,
      placed_on date,
      adopted_on date,
      ceased_on date,
      ceased_reason text CHECK (ceased_reason IN ('RD1', 'RD2', 'RD3', 'RD4')),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz,
      CHECK ((authority IS NULL) = (authority_on IS NULL)),
      CHECK (authority_on IS NULL OR authority_on >= decided_on),
      CHECK (matched_on IS NULL OR matched_on >= decided_on),
      CHECK ((matched_on IS NULL) = (adopters_count IS NULL) AND (matched_on IS NULL) = (adopters_sex IS NULL)
        AND (matched_on IS NULL) = (adopters_legal_status IS NULL) AND (matched_on IS NULL) = (foster_carers IS NULL)),
      CHECK (placed_on IS NULL OR (matched_on IS NOT NULL AND authority_on IS NOT NULL AND placed_on >= matched_on AND placed_on >= authority_on)),
      CHECK (adopted_on IS NULL OR (placed_on IS NOT NULL AND adopted_on >= placed_on)),
      CHECK ((ceased_on IS NULL) = (ceased_reason IS NULL)),
      CHECK (ceased_on IS NULL OR (ceased_on >= decided_on AND adopted_on IS NULL))
    );
    CREATE INDEX adoption_decisions_child_idx ON adoption_decisions (child_id, decided_on);
    CREATE UNIQUE INDEX adoption_decisions_one_open_idx ON adoption_decisions (child_id) WHERE ceased_on IS NULL AND adopted_on IS NULL;

    CREATE TABLE previous_permanence (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      care_started_on date NOT NULL,
      option text NOT NULL CHECK (option IN ('P1', 'P2', 'P3', 'P4', 'Z1')),
      la_code text,
      order_on date,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      CHECK (option IN ('P1', 'P2', 'P3') OR (la_code IS NULL AND order_on IS NULL)),
      CHECK (order_on IS NULL OR order_on <= care_started_on)
    );
    CREATE UNIQUE INDEX previous_permanence_child_entry_idx ON previous_permanence (child_id, care_started_on);
  `.execute(db);
  // A placement order with no match is due a match (the scorecard's A2 threshold): a change forgets the child's due items.
  await createStatementTriggers(db, 'adoption_decisions', 'forget_due', 'forget_due_items', sql.lit('child_id'));
}
