import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * Checks the audit hash chain (set by the database: migration
 * 0010_audit_chain) without trusting the database's own hash function: each
 * row's hash is worked out here again from its content and the previous
 * row's hash.
 */

export const GENESIS_HASH = Buffer.alloc(32);

/** The columns of one row as the chain hashes them: text, or null. */
export interface ChainRow {
  chain_position: number | null;
  id: number;
  /** occurred_at in UTC as YYYY-MM-DDTHH:MI:SS.ffffffZ (microseconds, as stored). */
  occurred_text: string;
  actor_user_id: string | null;
  actor_email: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  outcome: string;
  reason: string | null;
  request_id: string | null;
  ip: string | null;
  prev_hash: Buffer | null;
  hash: Buffer | null;
}

function field(value: string | null): string {
  return value === null ? 'N' : `S${Buffer.byteLength(value, 'utf8')}:${value}`;
}

/** sha256(previous hash || the row's canonical content), as the database computes it. */
export function chainHash(previous: Buffer, row: ChainRow): Buffer {
  const content = [
    row.chain_position === null ? null : String(row.chain_position),
    String(row.id),
    row.occurred_text,
    row.actor_user_id,
    row.actor_email,
    row.action,
    row.subject_type,
    row.subject_id,
    row.outcome,
    row.reason,
    row.request_id,
    row.ip,
  ]
    .map(field)
    .join('');
  return createHash('sha256').update(previous).update(content, 'utf8').digest();
}

export type ChainResult =
  | { ok: true; rows: number; lastHash: string | null; includesAt: number | null }
  | { ok: false; rows: number; brokenAt: { id: number; occurredAt: string; chainPosition: number | null; problem: string } };

const BATCH = 5000;

function rowsFrom(db: Db, after: number, limit: number) {
  return sql<ChainRow>`
    SELECT chain_position, id,
           to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_text,
           actor_user_id::text AS actor_user_id, actor_email, action, subject_type, subject_id,
           outcome, reason, request_id, ip, prev_hash, hash
      FROM audit_events
     WHERE chain_position > ${after}
     ORDER BY chain_position
     LIMIT ${limit}`.execute(db);
}

/**
 * Walks the chain in order and names the first broken link: a row whose
 * hash does not match its content, whose previous hash is not the hash of
 * the row before, or that comes after a gap (a row removed). A row with no
 * link at all (written while the chain trigger was off) breaks it too.
 * Removing the newest rows leaves no gap: compare the last hash with one
 * kept elsewhere (the command prints it) to see that.
 */
export async function verifyAuditChain(db: Db, includes?: string): Promise<ChainResult> {
  // One snapshot for the whole walk, while the application goes on writing.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => walkChain(trx, includes));
}

async function walkChain(db: Db, includes: string | undefined): Promise<ChainResult> {
  const unlinked = await sql<{ id: number; occurred_text: string }>`
    SELECT id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_text
      FROM audit_events WHERE chain_position IS NULL OR hash IS NULL OR prev_hash IS NULL
     ORDER BY id LIMIT 1`.execute(db);
  let previous: Buffer = GENESIS_HASH;
  let expectedPosition = 1;
  let rows = 0;
  let after = 0;
  let includesAt: number | null = null;
  for (;;) {
    const batch = (await rowsFrom(db, after, BATCH)).rows;
    for (const row of batch) {
      const broken = (problem: string): ChainResult => ({
        ok: false,
        rows,
        brokenAt: { id: Number(row.id), occurredAt: row.occurred_text, chainPosition: row.chain_position, problem },
      });
      if (Number(row.chain_position) !== expectedPosition) {
        return broken(`it is link ${row.chain_position} but link ${expectedPosition} is missing (a row was removed)`);
      }
      if (!row.prev_hash || !previous.equals(row.prev_hash)) {
        return broken('its previous hash is not the hash of the row before it');
      }
      if (!row.hash || !chainHash(previous, row).equals(row.hash)) {
        return broken('its content does not match its hash (the row was changed)');
      }
      previous = row.hash;
      if (includes !== undefined && includesAt === null && row.hash.toString('hex') === includes) includesAt = expectedPosition;
      expectedPosition++;
      rows++;
    }
    if (batch.length < BATCH) break;
    after = Number(batch.at(-1)!.chain_position);
  }
  const orphan = unlinked.rows[0];
  if (orphan) {
    return {
      ok: false,
      rows,
      brokenAt: { id: Number(orphan.id), occurredAt: orphan.occurred_text, chainPosition: null, problem: 'it has no link in the chain (written with the chain trigger off)' },
    };
  }
  return { ok: true, rows, lastHash: rows > 0 ? previous.toString('hex') : null, includesAt };
}
