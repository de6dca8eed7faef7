import type { FastifyRequest } from 'fastify';
import { readsCaseRecords, type Viewer } from '../access/policy.ts';
import type { AuditContext } from '../audit/audit.ts';
import { londonDate, type Clock } from '../clock/clock.ts';
import type { Db } from '../../db/database.ts';
import { Forbidden } from '../http/errors.ts';
import { requireSignedIn } from '../http/web.ts';

/** The signed-in user as the access policy sees them. */
export function viewerOf(request: { user: { id: string; role: Viewer['role']; teamId: string | null; serviceId: string | null } | null }): Viewer {
  const user = request.user!;
  return { id: user.id, role: user.role, teamId: user.teamId, serviceId: user.serviceId };
}

/** Case-record pages are for practitioners and managers; administrators get 403. */
export async function requireCaseRecordReader(request: Parameters<typeof requireSignedIn>[0], reply: Parameters<typeof requireSignedIn>[1]) {
  await requireSignedIn(request, reply);
  if (reply.sent) return;
  if (!readsCaseRecords(request.user!.role)) throw new Forbidden('Administrators manage people and teams but do not read case records.');
}

/** Who is acting on which child's record, and when: what every record use case takes. */
export interface Actor {
  db: Db;
  viewer: Viewer;
  context: AuditContext;
  childId: string;
  today: string;
}

/** Who is reading a page across many children (their own, a team's, a service's, the council's), and when. */
export interface Reader {
  db: Db;
  viewer: Viewer;
  context: AuditContext;
  today: string;
  now: Date;
}

/** The Reader of a request, reading now by `clock`. */
export function readerOf(db: Db, clock: Clock) {
  return (request: FastifyRequest): Reader => {
    const now = clock.now();
    return { db, viewer: viewerOf(request), context: request.auditContext(), today: londonDate(now), now };
  };
}

/** The Actor of a request to a page under /children/:childId, acting today by `clock`. */
export function actorOf(db: Db, clock: Clock) {
  return (request: FastifyRequest<{ Params: { childId: string } }>): Actor => ({
    db,
    viewer: viewerOf(request),
    context: request.auditContext(),
    childId: request.params.childId,
    today: londonDate(clock.now()),
  });
}
