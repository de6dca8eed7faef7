import type { Db } from '../../db/database.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';
import type { FeedbackInput } from './feedback-forms.ts';

export interface NewInvitation {
  token_hash: string;
  team_id: string;
  child_id: string | null;
  created_by: string;
  created_at: Date;
  expires_at: Date;
  emailed_to: string | null;
}

export async function insertInvitation(db: Db, row: NewInvitation): Promise<string> {
  return (await db.insertInto('feedback_invitations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** An invitation by its token's hash: what the public form may know of it (never the child). */
export function invitationByHash(db: Db, tokenHash: string, options: { lock?: boolean } = {}) {
  const query = db.selectFrom('feedback_invitations').select(['id', 'token_hash', 'team_id', 'expires_at', 'used_at']).where('token_hash', '=', tokenHash);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

export async function insertResponse(db: Db, invitation: { id: string; team_id: string }, input: FeedbackInput, at: Date): Promise<void> {
  await db
    .insertInto('feedback_responses')
    .values({
      invitation_id: invitation.id,
      team_id: invitation.team_id,
      respondent: input.respondent,
      agency_type: input.agencyType,
      listened: input.listened,
      things_better: input.thingsBetter,
      went_well: input.wentWell,
      could_be_better: input.couldBeBetter,
      received_at: at,
    })
    .execute();
  await db.updateTable('feedback_invitations').set({ used_at: at }).where('id', '=', invitation.id).execute();
}

/** Responses received in a period for the teams (null: every team), newest first: anonymous, naming no child. */
export async function listResponses(db: Db, range: { from: Date; to: Date }, teamIds: readonly string[] | null) {
  let query = db
    .selectFrom('feedback_responses as r')
    .innerJoin('teams', 'teams.id', 'r.team_id')
    .select(['r.id', 'r.respondent', 'r.agency_type', 'r.listened', 'r.things_better', 'r.went_well', 'r.could_be_better', 'r.received_at', 'teams.name as team_name'])
    .where('r.received_at', '>=', range.from)
    .where('r.received_at', '<', range.to);
  if (teamIds) query = teamIds.length ? query.where('r.team_id', 'in', teamIds) : query.where('r.id', 'is', null);
  return query.orderBy('r.received_at', 'desc').limit(500).execute();
}

/** The links a member of staff made, newest first, with whether each was answered. */
export function invitationsBy(db: Db, userId: string, since: Date) {
  return db
    .selectFrom('feedback_invitations as i')
    .innerJoin('teams', 'teams.id', 'i.team_id')
    .select(['i.id', 'i.created_at', 'i.expires_at', 'i.used_at', 'i.emailed_to', 'teams.name as team_name'])
    .where('i.created_by', '=', userId)
    .where('i.created_at', '>=', since)
    .orderBy('i.created_at', 'desc')
    .limit(200)
    .execute();
}

/** The children a member of staff holds (an open allocation as lead or co-worker) whose records they may see. */
export function childrenHeldBy(db: Db, viewer: Viewer, now: Date) {
  return db
    .selectFrom('people')
    .select(['people.id', 'people.forename', 'people.surname', 'people.la_child_id'])
    .where((eb) => eb.exists(eb.selectFrom('allocations').select('allocations.id').whereRef('allocations.child_id', '=', 'people.id').where('allocations.worker_id', '=', viewer.id).where('allocations.end_date', 'is', null)))
    .where(childVisibleTo(viewer, now))
    .orderBy('people.surname')
    .orderBy('people.forename')
    .execute();
}
