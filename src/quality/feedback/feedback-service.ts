// Feedback from children, families and partner agencies. A member of staff
// makes a single-use link for a team (optionally a child's case, which the
// public form never shows) and gives it to the person, or has it emailed;
// the person answers without an account; the team's managers read the
// answers, which are anonymous and name no child. Tokens, their hashes, the
// neutral refusal and the rate limits are the platform's public links.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { addDays, formatDate } from '../../platform/calendar/dates.ts';
import { queueEmail } from '../../platform/email/outbox.ts';
import { Forbidden, type FieldErrors } from '../../platform/http/errors.ts';
import { formComplete, orderErrors, type Body } from '../../platform/http/forms.ts';
import { createLinkToken, linkExpiry, linkStatus, lookUpByToken } from '../../platform/public-links/index.ts';
import type { Reader } from '../../platform/record-access/viewer.ts';
import { managerScope } from '../../platform/access/manager-scope.ts';
import { readPeriod, type Query } from '../observations/period.ts';
import { allTeams } from './complaint-queries.ts';
import { mayLog } from './complaint-service.ts';
import { FEEDBACK_FIELDS, INVITATION_FIELDS, readFeedback, readInvitation } from './feedback-forms.ts';
import { childrenHeldBy, insertInvitation, insertResponse, invitationByHash, invitationsBy, listResponses } from './feedback-queries.ts';
import { AGENCIES, averageListened, isPositive, LISTENED, RESPONDENTS, THINGS_BETTER } from './rules.ts';

function assertMayAsk(r: Reader) {
  if (!mayLog(r.viewer)) throw new Forbidden('Feedback links are made by the staff who work with children and their managers.');
}

export async function invitationFormView(r: Reader) {
  assertMayAsk(r);
  const [teams, children] = await Promise.all([allTeams(r.db), childrenHeldBy(r.db, r.viewer, r.now)]);
  return {
    teams,
    ownTeamId: r.viewer.teamId,
    children: children.map((c) => ({ id: c.id, text: `${c.forename} ${c.surname}${c.la_child_id ? ` (${c.la_child_id})` : ''}` })),
  };
}

export type InvitationFormView = Awaited<ReturnType<typeof invitationFormView>>;

type Made = { ok: true; link: string; expiresText: string; emailedTo: string | null } | { ok: false; errors: FieldErrors; view: InvitationFormView };

/**
 * Makes a feedback link: for a team, optionally a child the maker holds, and
 * emailed (through the outbox, in the same transaction) when an address is
 * typed. The token is shown once, to the maker; only its hash is kept.
 */
export async function makeInvitation(r: Reader, config: Config, body: Body): Promise<Made> {
  const view = await invitationFormView(r);
  const read = readInvitation(body);
  const errors = { ...read.errors };
  const v = read.values;
  if (v.teamId && !errors.teamId && !view.teams.some((t) => t.id === v.teamId)) errors.teamId = 'Select the team the feedback is about';
  if (v.childId && !errors.childId && !view.children.some((c) => c.id === v.childId)) errors.childId = 'Select a child you hold, or no child';
  if (Object.keys(errors).length > 0 || !formComplete(read)) {
    await recordAudit(r.db, r.context, { action: 'quality.feedback.invite', outcome: 'failed', subjectType: 'feedback_invitation', reason: `refused, nothing stored: ${Object.keys(errors).join(', ')}` });
    return { ok: false, errors: orderErrors(errors, INVITATION_FIELDS), view };
  }
  const values = read.values;
  const { token, tokenHash } = createLinkToken();
  const expiresAt = linkExpiry(r.now, config.feedbackLinkDays);
  const link = `${config.publicUrl}/f/${token}`;
  await r.db.transaction().execute(async (trx) => {
    const id = await insertInvitation(trx, { token_hash: tokenHash, team_id: values.teamId, child_id: values.childId, created_by: r.viewer.id, created_at: r.now, expires_at: expiresAt, emailed_to: values.email });
    if (values.email) {
      await queueEmail(
        trx,
        {
          idempotencyKey: `feedback:${id}`,
          to: values.email,
          userId: null,
          subject: `${config.councilName}: tell us how we did`,
          link,
          text: [
            'Hello,',
            '',
            `${config.councilName}’s children’s services would like to hear how we did: whether we listened to you and whether things got better.`,
            'It takes a few minutes and you do not need an account. Open this link:',
            '',
            link,
            '',
            `The link works once, for ${config.feedbackLinkDays} days. If you did not expect this email, you can ignore it.`,
          ].join('\n'),
        },
        r.now,
      );
    }
    await recordAudit(trx, r.context, { action: 'quality.feedback.invite', outcome: 'allowed', subjectType: 'feedback_invitation', subjectId: id, reason: values.email ? 'link emailed' : 'link given by hand' });
    if (values.childId) await recordAudit(trx, r.context, { action: 'child.feedback.invite', outcome: 'allowed', subjectType: 'child', subjectId: values.childId, reason: `feedback link ${id} about the child's case` });
  });
  return { ok: true, link, expiresText: formatDate(addDays(r.today, config.feedbackLinkDays)), emailedTo: values.email };
}

/** What children, families and partners said about the teams of the viewer's scope in a period, and the links the viewer made. */
export async function feedbackPage(r: Reader, query: Query) {
  assertMayAsk(r);
  const filter = readPeriod(query, r.today);
  const scope = await managerScope(r.db, r.viewer);
  const range = { from: new Date(`${filter.period.from}T00:00:00Z`), to: new Date(`${addDays(filter.period.to, 1)}T00:00:00Z`) };
  const [responses, links] = await Promise.all([scope ? listResponses(r.db, range, scope.teamIds) : Promise.resolve(null), invitationsBy(r.db, r.viewer.id, range.from)]);
  await recordAudit(r.db, r.context, { action: 'quality.feedback.view', outcome: 'allowed', subjectType: 'scope', subjectId: scope?.teamIds === null ? 'council' : undefined, reason: `${scope?.name ?? 'own links'}; ${filter.text}` });
  return {
    filter,
    scopeName: scope?.name ?? null,
    summary: responses
      ? {
          total: responses.length,
          positive: responses.filter(isPositive).length,
          averageListened: averageListened(responses.map((x) => x.listened)),
          byRespondent: Object.entries(RESPONDENTS).map(([k, text]) => ({ text, count: responses.filter((x) => x.respondent === k).length })),
          byBetter: Object.entries(THINGS_BETTER).map(([k, text]) => ({ text, count: responses.filter((x) => x.things_better === k).length })),
        }
      : null,
    responses: (responses ?? []).map((x) => ({
      receivedText: formatDate(x.received_at.toISOString().slice(0, 10)),
      teamName: x.team_name,
      who: `${RESPONDENTS[x.respondent]}${x.agency_type ? ` (${AGENCIES[x.agency_type]})` : ''}`,
      listened: LISTENED[String(x.listened)],
      better: THINGS_BETTER[x.things_better],
      wentWell: x.went_well,
      couldBeBetter: x.could_be_better,
      positive: isPositive(x),
    })),
    links: links.map((l) => ({
      madeText: formatDate(l.created_at.toISOString().slice(0, 10)),
      teamName: l.team_name,
      emailed: l.emailed_to !== null,
      status: l.used_at ? 'Answered' : l.expires_at.getTime() <= r.now.getTime() ? 'Expired' : 'Waiting',
    })),
  };
}

// --- The public form --------------------------------------------------------------------------------

export interface PublicContext {
  db: Db;
  audit: AuditContext;
  now: Date;
}

/** The invitation behind a token, if its link may be used now; otherwise why not (for the audit log only). */
export async function usableInvitation(c: PublicContext, token: unknown, db: Db = c.db, lock = false) {
  const found = await lookUpByToken(token, (hash) => invitationByHash(db, hash, { lock }));
  if (!found) return { invitation: null, reason: 'unknown or malformed token' } as const;
  const status = linkStatus({ expires_at: found.expires_at, uses_allowed: 1, uses_made: found.used_at ? 1 : 0, withdrawn_at: null }, c.now);
  if (status !== 'usable') return { invitation: null, reason: `feedback link ${found.id} ${status}` } as const;
  return { invitation: found, reason: null } as const;
}

type Answered = { ok: true } | { ok: false; errors: FieldErrors } | { ok: false; refused: string };

/** Stores one answer to a link and uses it up, in one transaction: a second answer to the same link is refused. */
export async function answerFeedback(c: PublicContext, token: unknown, body: Body): Promise<Answered> {
  const read = readFeedback(body);
  return c.db.transaction().execute(async (trx) => {
    const { invitation, reason } = await usableInvitation(c, token, trx, true);
    if (!invitation) return { ok: false as const, refused: reason };
    if (!formComplete(read)) {
      await recordAudit(trx, c.audit, { action: 'quality.feedback.answer', outcome: 'failed', subjectType: 'feedback_invitation', subjectId: invitation.id, reason: `refused, nothing stored: ${Object.keys(read.errors).join(', ')}` });
      return { ok: false as const, errors: orderErrors(read.errors, FEEDBACK_FIELDS) };
    }
    await insertResponse(trx, invitation, read.values, c.now);
    await recordAudit(trx, c.audit, { action: 'quality.feedback.answer', outcome: 'allowed', subjectType: 'feedback_invitation', subjectId: invitation.id, reason: 'answered' });
    return { ok: true as const };
  });
}
