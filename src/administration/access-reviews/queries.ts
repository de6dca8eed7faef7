import type { Db } from '../../db/database.ts';

export async function findChildByLaId(db: Db, laChildId: string) {
  return db
    .selectFrom('people')
    .select(['id', 'restricted'])
    .where('is_child', '=', true)
    .where((eb) => eb(eb.fn('upper', ['la_child_id']), '=', laChildId.toUpperCase()))
    .executeTakeFirst();
}

export async function findLineManager(db: Db, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('line_manager_id').where('id', '=', userId).executeTakeFirst();
  return row?.line_manager_id ?? null;
}

export async function insertGrant(
  db: Db,
  grant: { userId: string; childId: string; reason: string; grantedAt: Date; expiresAt: Date; reviewerId: string | null },
) {
  return db
    .insertInto('access_grants')
    .values({
      user_id: grant.userId,
      child_id: grant.childId,
      reason: grant.reason,
      granted_at: grant.grantedAt,
      expires_at: grant.expiresAt,
      reviewer_id: grant.reviewerId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** The audit trail of one child's record, newest first. */
export async function findAccessLog(db: Db, childId: string, limit: number, offset: number) {
  return db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.actor_user_id')
    .select([
      'audit_events.id',
      'audit_events.occurred_at',
      'audit_events.action',
      'audit_events.outcome',
      'audit_events.reason',
      'audit_events.actor_email',
      'users.name as actor_name',
      'users.role as actor_role',
    ])
    .where('audit_events.subject_type', '=', 'child')
    .where('audit_events.subject_id', '=', childId)
    .orderBy('audit_events.occurred_at', 'desc')
    .orderBy('audit_events.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countAccessLog(db: Db, childId: string): Promise<number> {
  const row = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('subject_type', '=', 'child')
    .where('subject_id', '=', childId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Grants a reviewer owes a decision on: those assigned to them, and for heads
 * of service also those with no line manager to review them.
 */
export async function findGrantsToReview(db: Db, reviewer: { id: string; headOfService: boolean }) {
  return db
    .selectFrom('access_grants')
    .innerJoin('users', 'users.id', 'access_grants.user_id')
    .innerJoin('people', 'people.id', 'access_grants.child_id')
    .select([
      'access_grants.id',
      'access_grants.reason',
      'access_grants.granted_at',
      'access_grants.expires_at',
      'access_grants.reviewed_at',
      'access_grants.review_outcome',
      'users.name as user_name',
      'people.la_child_id',
    ])
    .where((eb) =>
      reviewer.headOfService
        ? eb.or([eb('access_grants.reviewer_id', '=', reviewer.id), eb('access_grants.reviewer_id', 'is', null)])
        : eb('access_grants.reviewer_id', '=', reviewer.id),
    )
    .where('access_grants.user_id', '!=', reviewer.id)
    .orderBy('access_grants.reviewed_at', (ob) => ob.desc().nullsFirst())
    .orderBy('access_grants.granted_at', 'desc')
    .limit(200)
    .execute();
}

export async function findGrant(db: Db, grantId: string) {
  return db.selectFrom('access_grants').selectAll().where('id', '=', grantId).executeTakeFirst();
}

export async function markReviewed(db: Db, grantId: string, review: { by: string; at: Date; outcome: 'appropriate' | 'inappropriate'; note: string | null }) {
  const result = await db
    .updateTable('access_grants')
    .set({ reviewed_by: review.by, reviewed_at: review.at, review_outcome: review.outcome, review_note: review.note })
    .where('id', '=', grantId)
    .where('reviewed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
