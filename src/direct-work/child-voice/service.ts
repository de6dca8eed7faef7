// The child's own link: workers make and withdraw links on the child's
// record (its access checks, 404s and audit), the child sends their words
// through one without signing in (the link gives access to nothing else and
// shows nothing from the record), the worker records a response to a worried
// statement, and managers see the counts.
import type { Db } from '../../db/database.ts';
import { managerScope, type ManagerScope } from '../../platform/access/manager-scope.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { londonDate } from '../../platform/clock/clock.ts';
import { queueEmail } from '../../platform/email/outbox.ts';
import { notify } from '../../platform/notifications/notifications.ts';
import { Forbidden, RecordNotFound } from '../../platform/http/errors.ts';
import { dateKey, formComplete, orderErrors, type Body, type FormRead } from '../../platform/http/forms.ts';
import { createLinkToken, hashPrefix, linkExpiry, linkStatus, lookUpByToken, type LinkStatus } from '../../platform/public-links/index.ts';
import { childDates, eventDateProblem, lockChild } from '../../platform/record-access/child-dates.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { changeChildRecord, NotPermitted, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor, Reader } from '../../platform/record-access/viewer.ts';
import { yearBefore } from '../sessions/rules.ts';
import { CHILD_FIELDS, LINK_FIELDS, readChildForm, RESPONSE_FIELDS, type LinkInput, type ResponseInput } from './forms.ts';
import {
  findLink,
  findLinkByHash,
  findStatement,
  insertLink,
  insertStatement,
  lastReviewDate,
  listLinks,
  listStatements,
  peopleToTell,
  recordResponse,
  statementsByScenario,
  useLink,
  viewsBeforeReview,
  withdrawLink,
  worriedAwaitingResponse,
  worriedResponseTimes,
  type LinkRow,
  type StatementRow,
} from './queries.ts';
import { durationText, FEELING_TEXT, hoursBetween, LINK_MAKERS, MEASURE_READERS, medianOf, SCENARIOS } from './rules.ts';
import { languagesOffered, stringsFor, TRANSLATIONS } from './strings.ts';

export interface LinkSettings {
  linkDays: number;
  publicUrl: string;
  serviceName: string;
  councilName: string;
}

function mayMake(a: Actor): void {
  if (!LINK_MAKERS.includes(a.viewer.role)) {
    throw new NotPermitted('A child’s link is made by the child’s practitioners and their managers.', `role ${a.viewer.role} does not make children’s links`);
  }
}

const STATUS_TEXT: Record<LinkStatus, string> = { usable: 'Can be used', expired: 'Expired', used: 'Used', withdrawn: 'Withdrawn' };

function presentLink(l: LinkRow, now: Date) {
  const status = linkStatus(l, now);
  return {
    id: l.id,
    scenarioText: SCENARIOS[l.scenario],
    easyRead: l.easy_read,
    languageText: TRANSLATIONS[l.language]?.languageName ?? l.language,
    createdAt: l.created_at,
    expiresAt: l.expires_at,
    usesText: `${l.uses_made} of ${l.uses_allowed}`,
    status,
    statusText: STATUS_TEXT[status],
    usable: status === 'usable',
    makerName: l.maker_name,
  };
}

function presentStatement(s: StatementRow) {
  return {
    id: s.id,
    scenarioText: SCENARIOS[s.scenario],
    receivedAt: s.received_at,
    feelingText: FEELING_TEXT[s.feeling],
    words: s.words,
    worried: s.worried,
    awaitingResponse: s.worried && s.response === null,
    response: s.response,
    respondedOnText: s.responded_on ? formatDate(s.responded_on) : null,
    responderName: s.responder_name,
  };
}

async function voiceData(trx: Db, a: Actor) {
  const now = a.context.at;
  const [child, links, statements, lastReview] = await Promise.all([childHeaderView(trx, a.childId, a.today), listLinks(trx, a.childId), listStatements(trx, a.childId), lastReviewDate(trx, a.childId)]);
  const sinceReview = lastReview ? statements.filter((s) => londonDate(s.received_at) > lastReview) : statements;
  return {
    child,
    links: links.map((l) => presentLink(l, now)),
    statements: statements.map(presentStatement),
    lastReviewText: lastReview ? formatDate(lastReview) : null,
    sinceReviewCount: sinceReview.length,
    mayMake: LINK_MAKERS.includes(a.viewer.role),
  };
}

/** What the child told us through their links, with the links themselves: on the child's Direct work tab. */
export async function voicePage(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.child-voice', (trx) => voiceData(trx, a));
}

async function linkFormData(trx: Db, a: Actor) {
  const child = await childHeaderView(trx, a.childId, a.today);
  return { child, languages: languagesOffered() };
}

export type LinkFormView = Awaited<ReturnType<typeof linkFormData>>;

export async function linkFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.child-voice-form', async (trx) => {
    const data = await linkFormData(trx, a);
    mayMake(a);
    return data;
  });
}

/**
 * Makes a link for the child: the token is shown to the worker once and only
 * its hash kept. When the worker gives an email address, a neutral message
 * with the link is queued in the outbox in the same transaction.
 */
export async function makeLink(a: Actor, read: FormRead<LinkInput>, settings: LinkSettings) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.child-voice.link.make', async (trx, _access, name) => {
    mayMake(a);
    const data = await linkFormData(trx, a);
    if (Object.keys(read.errors).length > 0 || !formComplete(read)) return refuse(orderErrors(read.errors, LINK_FIELDS), data);
    const v = read.values;
    const now = a.context.at;
    const { token, tokenHash } = createLinkToken();
    const expiresAt = linkExpiry(now, settings.linkDays);
    const id = await insertLink(trx, {
      child_id: a.childId,
      scenario: v.scenario,
      easy_read: v.easyRead,
      language: v.language,
      token_hash: tokenHash,
      created_by: a.viewer.id,
      created_at: now,
      expires_at: expiresAt,
      uses_allowed: v.usesAllowed,
    });
    name('child voice link', `${id} (${hashPrefix(tokenHash)})`);
    const link = `${settings.publicUrl}/v/${token}`;
    if (v.email) {
      await queueEmail(
        trx,
        {
          idempotencyKey: `child-voice-link:${id}`,
          to: v.email,
          userId: null,
          subject: `A message from your worker at ${settings.councilName}`,
          link,
          text: [
            'Hello,',
            '',
            `Your worker at ${settings.councilName} would like to know how things are for you.`,
            'Open this link to tell them, in your own words:',
            '',
            link,
            '',
            `The link works until ${formatDate(londonDate(expiresAt))}. Only use it if you were expecting it.`,
            'If you need help now, call Childline free on 0800 1111, or 999 in an emergency.',
          ].join('\n'),
        },
        now,
      );
    }
    return { id, link, expiresAt, emailedTo: v.email, scenarioText: SCENARIOS[v.scenario], usesAllowed: v.usesAllowed };
  });
}

/** Withdraws a link: it stops working at once. A link of another child is not found. */
export async function withdraw(a: Actor, linkId: string) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.child-voice.link.withdraw', async (trx, _access, name) => {
    mayMake(a);
    const link = await findLink(trx, a.childId, linkId);
    if (!link) throw new RecordNotFound('child voice link', linkId);
    name('child voice link', link.id);
    await withdrawLink(trx, link.id, a.viewer.id, a.context.at);
    return { id: link.id };
  });
}

async function responseData(trx: Db, a: Actor, statementId: string) {
  const child = await childHeaderView(trx, a.childId, a.today);
  const statement = (await listStatements(trx, a.childId)).find((s) => s.id === statementId);
  if (!statement) throw new RecordNotFound('child voice statement', statementId);
  return { child, statement: presentStatement(statement) };
}

export async function responseFormView(a: Actor, statementId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.child-voice-response', async (trx) => {
    const data = await responseData(trx, a, statementId);
    mayMake(a);
    return data;
  });
}

/**
 * Records what was done about a statement: the date (not before the
 * statement came, not in the future) and what was done. The worried flag
 * leaves the home pages once a response is recorded; a response already
 * recorded is not replaced.
 */
export async function respond(a: Actor, statementId: string, read: FormRead<ResponseInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.child-voice.respond', async (trx, _access, name) => {
    mayMake(a);
    const child = await lockChild(trx, a.childId);
    const statement = await findStatement(trx, a.childId, statementId, true);
    if (!statement) throw new RecordNotFound('child voice statement', statementId);
    name('child voice statement', statement.id);
    const data = await responseData(trx, a, statementId);
    if (statement.response !== null) throw new NotPermitted('A response is already recorded for this.', 'a response is already recorded');
    const errors = { ...read.errors };
    const on = read.values.respondedOn;
    if (on && !errors[dateKey('respondedOn')]) {
      const problem = eventDateProblem(on, 'The date of the response', childDates(child), a.today);
      if (problem) errors[dateKey('respondedOn')] = problem;
      else if (on < londonDate(statement.received_at)) errors[dateKey('respondedOn')] = `The date of the response must be on or after ${formatDate(londonDate(statement.received_at))}, when the child sent this`;
    }
    if (Object.keys(errors).length > 0 || !formComplete(read)) return refuse(orderErrors(errors, RESPONSE_FIELDS), data);
    await recordResponse(trx, statement.id, { response: read.values.response, responded_on: read.values.respondedOn, responded_by: a.viewer.id, responded_at: a.context.at });
    return { id: statement.id };
  });
}

// --- The child's side: the link without signing in -----------------------------------------------------

export const OPEN_ACTION = 'child-voice.link.open';
export const SEND_ACTION = 'child-voice.link.send';

export type ChildLink = NonNullable<Awaited<ReturnType<typeof findLinkByHash>>>;
export type LinkAnswer = { ok: true; link: ChildLink } | { ok: false; reason: string };

function usable(link: ChildLink | undefined, now: Date): LinkAnswer {
  if (!link) return { ok: false, reason: 'unknown link' };
  const status = linkStatus(link, now);
  return status === 'usable' ? { ok: true, link } : { ok: false, reason: `link ${status}` };
}

/** What the child's form needs: the scenario, the easy-read choice and the language, nothing from the record. */
export function childFormModel(link: ChildLink) {
  const strings = stringsFor(link.language);
  return {
    strings,
    htmlLang: link.language,
    easyRead: link.easy_read,
    question: (link.easy_read ? strings.easyScenarioQuestion : strings.scenarioQuestion)[link.scenario],
  };
}

/** Opens the child's form: audited with the link's hash prefix, never the token. */
export async function openLink(db: Db, context: AuditContext, token: string): Promise<LinkAnswer> {
  const answer = usable(await lookUpByToken(token, (hash) => findLinkByHash(db, hash)), context.at);
  if (answer.ok) {
    await recordAudit(db, context, { action: OPEN_ACTION, outcome: 'allowed', subjectType: 'public link', subjectId: hashPrefix(answer.link.token_hash), reason: `link ${answer.link.id}` });
  }
  return answer;
}

export type SendResult = { ok: true; worried: boolean; language: string } | { ok: false; refused: string } | { ok: false; errors: Record<string, string>; link: ChildLink };

/**
 * Takes what the child sent: the link's row is locked, so of two sends racing
 * for its last use one wins and the other finds it used. The statement and
 * the use are stored together, with the audit row; a worried statement
 * notifies the worker and managers (docs/notifications.md): nothing about
 * the child in it.
 */
export async function sendStatement(db: Db, context: AuditContext, token: string, body: Body): Promise<SendResult> {
  return db.transaction().execute(async (trx) => {
    const answer = usable(await lookUpByToken(token, (hash) => findLinkByHash(trx, hash, true)), context.at);
    if (!answer.ok) return { ok: false as const, refused: answer.reason };
    const link = answer.link;
    const read = readChildForm(body, stringsFor(link.language));
    if (Object.keys(read.errors).length > 0 || !formComplete(read)) {
      await recordAudit(trx, context, { action: SEND_ACTION, outcome: 'failed', subjectType: 'public link', subjectId: hashPrefix(link.token_hash), reason: `refused, nothing stored: ${Object.keys(read.errors).join(', ')}` });
      return { ok: false as const, errors: orderErrors(read.errors, CHILD_FIELDS), link };
    }
    const id = await insertStatement(trx, { child_id: link.child_id, link_id: link.id, scenario: link.scenario, feeling: read.values.feeling, words: read.values.words, worried: read.values.worried, received_at: context.at });
    await useLink(trx, link.id);
    await recordAudit(trx, context, { action: SEND_ACTION, outcome: 'allowed', subjectType: 'child', subjectId: link.child_id, reason: `child voice statement ${id} through link ${link.id} (${hashPrefix(link.token_hash)})${read.values.worried ? '; worried' : ''}` });
    if (read.values.worried) {
      // Told at once in the service; emailed, naming no child, to those who want it (docs/notifications.md).
      const people = await peopleToTell(trx, link.child_id);
      await notify(trx, { kind: 'child-worried', eventKey: id, userIds: people.map((p) => p.id), link: `/children/${link.child_id}/direct-work/voice`, now: context.at });
    }
    return { ok: true as const, worried: read.values.worried, language: link.language };
  });
}

// --- The home page --------------------------------------------------------------------------------------

/** Worried statements awaiting a response, for the allocated worker and their managers. */
export async function worriedHome(db: Db, viewer: Viewer, now: Date) {
  const rows = await worriedAwaitingResponse(db, viewer, now);
  return rows.map((r) => ({ childName: `${r.forename} ${r.surname}`, href: `/children/${r.child_id}/direct-work/voice#statement-${r.id}`, receivedAt: r.received_at }));
}

// --- For the chronology ---------------------------------------------------------------------------------

/** Each statement as a chronology entry: the scenario and whether the child said they were worried, never their words. */
export async function childVoiceChronology(db: Db, childId: string) {
  const statements = await listStatements(db, childId);
  return statements.map((s) => ({
    date: londonDate(s.received_at),
    what: `The child’s own words: ${SCENARIOS[s.scenario].toLowerCase()}`,
    detail: s.worried ? (s.response ? 'Said they were worried; response recorded' : 'Said they were worried; no response recorded yet') : 'Sent through their own link',
  }));
}

// --- The measures ---------------------------------------------------------------------------------------

async function scopeOf(r: Reader): Promise<ManagerScope> {
  const scope = await managerScope(r.db, r.viewer);
  if (!scope) throw new Forbidden('The children’s own words counts are for team managers, service managers and heads of service.');
  return scope;
}

/** Counts only: children who gave their views before their last review, statements by scenario, and how fast worried statements got a response. */
export async function measuresPage(r: Reader) {
  if (!MEASURE_READERS.includes(r.viewer.role)) throw new Forbidden();
  const scope = await scopeOf(r);
  const from = yearBefore(r.today);
  const since = new Date(`${from}T00:00:00Z`);
  const [views, byScenario, times] = await Promise.all([
    viewsBeforeReview(r.db, r.viewer, r.now, { from, to: r.today }, scope.teamIds),
    statementsByScenario(r.db, r.viewer, r.now, since, scope.teamIds),
    worriedResponseTimes(r.db, r.viewer, r.now, since, scope.teamIds),
  ]);
  await recordAudit(r.db, r.context, { action: 'direct-work.child-voice.measures.view', outcome: 'allowed', subjectType: 'scope', subjectId: scope.teamIds === null ? 'council' : undefined, reason: scope.name });
  const hours = times.filter((t) => t.responded_at).map((t) => hoursBetween(t.received_at, t.responded_at!));
  const scenarios = (Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[]).map((key) => {
    const row = byScenario.find((s) => s.scenario === key);
    return { text: SCENARIOS[key], statements: row?.statements ?? 0, worried: row?.worried ?? 0 };
  });
  return {
    scopeName: scope.name,
    fromText: formatDate(from),
    toText: formatDate(r.today),
    windowText: `six months`,
    views,
    scenarios,
    scenarioTotal: scenarios.reduce((sum, s) => sum + s.statements, 0),
    worried: {
      count: times.length,
      responded: hours.length,
      awaiting: times.length - hours.length,
      medianText: durationText(medianOf(hours)),
      longestText: durationText(hours.length ? Math.max(...hours) : null),
    },
  };
}

/** For the review form's hook: statements received since the last review, the child's own words kept as theirs. */
export async function statementsSinceLastReview(db: Db, childId: string) {
  const [statements, lastReview] = await Promise.all([listStatements(db, childId), lastReviewDate(db, childId)]);
  return statements.filter((s) => !lastReview || londonDate(s.received_at) > lastReview).map(presentStatement);
}

