import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../audit/audit.ts';
import { auditableToken } from './token.ts';

export const REFUSED_LINK_TEMPLATE = 'platform/public-links/views/link-refused.njk';

/**
 * The one answer to a link that cannot be used, whatever the reason (unknown,
 * expired, used up, withdrawn): 404 and the same page, so the answer never
 * tells someone trying links which ones were real. The reason goes only to
 * the audit log, with the token's hash prefix, never the token.
 *
 * `help` is what the page says to anyone who needs help now; it depends on
 * the kind of link, never on why this one was refused.
 */
export async function refuseLink(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { action: string; token: unknown; reason: string; help?: string[] },
): Promise<FastifyReply> {
  await recordAudit(db, request.auditContext(), {
    action: options.action,
    outcome: 'denied',
    subjectType: 'public link',
    subjectId: auditableToken(options.token),
    reason: options.reason,
  });
  return reply.code(404).render(REFUSED_LINK_TEMPLATE, { title: 'This link cannot be used', help: options.help ?? [] });
}
