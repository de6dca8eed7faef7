import type { Kysely } from 'kysely';
import type { AuditOutcome, Database } from '../../db/schema.ts';

/** Who did it and from where: taken from the request by the route layer. */
export interface AuditContext {
  actorUserId: string | null;
  actorEmail: string | null;
  requestId: string | null;
  ip: string | null;
  at: Date;
  /** Told when a denial is written, so a refusal is never left unaudited (see app.ts). */
  noteDenial?: () => void;
}

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  subjectType?: string;
  subjectId?: string;
  reason?: string;
}

/**
 * Writes one audit row. Pass the transaction of the work being recorded, so
 * the work and its audit row commit or roll back together.
 */
export async function recordAudit(db: Kysely<Database>, context: AuditContext, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      occurred_at: context.at,
      actor_user_id: context.actorUserId,
      actor_email: context.actorEmail,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId ?? null,
      outcome: entry.outcome,
      reason: entry.reason ?? null,
      request_id: context.requestId,
      ip: context.ip,
    })
    .execute();
  if (entry.outcome === 'denied') context.noteDenial?.();
}
