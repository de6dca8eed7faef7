import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../../platform/area.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { dateItems, sentText, type Body } from '../../platform/http/forms.ts';
import { requireRole } from '../../platform/http/web.ts';
import { linkRateLimits, refuseLink } from '../../platform/public-links/index.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { readerOf } from '../../platform/record-access/viewer.ts';
import { readLink, readResponse, RESPONSE_MAX, WORDS_MAX } from './forms.ts';
import { FEELINGS, MEASURE_READERS, SCENARIOS, USES_MAX } from './rules.ts';
import {
  childFormModel,
  linkFormView,
  makeLink,
  measuresPage,
  openLink,
  respond,
  responseFormView,
  sendStatement,
  voicePage,
  withdraw,
  OPEN_ACTION,
  SEND_ACTION,
  type ChildLink,
  type LinkFormView,
  type LinkSettings,
} from './service.ts';
import { emojiFor, ENGLISH, stringsFor, type ChildFormStrings } from './strings.ts';
import { qrCodeSvg } from '../../platform/views/qr-code.ts';

const VIEWS = 'direct-work/child-voice/views';
const BASE = '/children/:childId/direct-work/voice';

const DONE: Record<string, string> = { withdrawn: 'The link was withdrawn: it no longer works.', responded: 'Your response was recorded.' };

/** What the refusal page tells anyone who needs help now: the same for every refused link. */
const HELP = [ENGLISH.helpNow[0]!, ENGLISH.helpNow[1]!];

function settingsOf(deps: AreaDeps): LinkSettings {
  return { linkDays: deps.config.childVoiceLinkDays, publicUrl: deps.config.publicUrl, serviceName: deps.config.serviceName, councilName: deps.config.councilName };
}

/** On the child's record: the links made for the child, what the child sent, and the response to it. */
export async function childVoiceRecordRoutes(app: FastifyInstance, deps: AreaDeps) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'direct-work/voice', views: VIEWS });
  const settings = settingsOf(deps);

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>(BASE, reader, async (request, reply) => {
    const view = await voicePage(actor(request));
    return reply.render(`${VIEWS}/voice.njk`, {
      title: `${view.child.name}: what the child told us`,
      activeTab: 'direct-work',
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  const linkModel = (values: Body, view: LinkFormView) => {
    const chosen = sentText(values.scenario);
    return {
      scenarioItems: Object.entries(SCENARIOS).map(([value, text]) => ({ value, text, checked: chosen === value })),
      languageItems: view.languages.map((l) => ({ value: l.code, text: l.name, selected: (sentText(values.language) || 'en') === l.code })),
      usesMax: USES_MAX,
      linkDays: settings.linkDays,
    };
  };
  const linkPage = (view: LinkFormView, values: Body, errors: Record<string, string>) => ({
    title: `${view.child.name}: make a link for the child`,
    activeTab: 'direct-work',
    ...view,
    values,
    errors,
    ...linkModel(values, view),
  });

  app.get<{ Params: RecordParams }>(`${BASE}/new`, reader, async (request, reply) => {
    const view = await linkFormView(actor(request));
    return reply.render(`${VIEWS}/link-form.njk`, linkPage(view, { usesAllowed: '1', language: 'en' }, {}));
  });

  // The link is shown once, on the answer to this POST: only its hash is kept.
  app.post<{ Params: RecordParams }>(`${BASE}/new`, reader, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await makeLink(actor(request), readLink(body), settings);
    if (!result.ok) return reply.code(400).render(`${VIEWS}/link-form.njk`, linkPage(result.view, body, result.errors));
    const view = await voicePage(actor(request));
    return reply.render(`${VIEWS}/link-made.njk`, { title: `${view.child.name}: the child’s link`, activeTab: 'direct-work', child: view.child, made: result.value, qrSvg: await qrCodeSvg(result.value.link) });
  });

  app.post<{ Params: RecordParams & { linkId: string } }>(`${BASE}/links/:linkId/withdraw`, reader, async (request, reply) => {
    if (!isUuid(request.params.linkId)) throw new NotFound();
    await withdraw(actor(request), request.params.linkId);
    return reply.redirect(`/children/${request.params.childId}/direct-work/voice?done=withdrawn`, 303);
  });

  formPage({
    path: 'statements/:statementId/response',
    template: 'response-form.njk',
    title: 'Record your response',
    view: (a, params) => {
      if (!isUuid(params.statementId)) throw new NotFound();
      return responseFormView(a, params.statementId!);
    },
    model: (values, errors) => ({ respondedOnItems: dateItems(values, 'respondedOn', errors), responseMax: RESPONSE_MAX }),
    save: (a, params, body) => {
      if (!isUuid(params.statementId)) throw new NotFound();
      return respond(a, params.statementId!, readResponse(body));
    },
    done: 'responded',
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function childPage(link: ChildLink, values: Body, errors: Record<string, string>) {
  const model = childFormModel(link);
  const strings: ChildFormStrings = model.strings;
  const feeling = sentText(values.feeling);
  const worried = sentText(values.worried);
  return {
    title: strings.title,
    ...model,
    errorSummaryTitle: strings.errorSummaryTitle,
    errorPrefix: strings.errorPrefix,
    values,
    errors,
    wordsMax: WORDS_MAX,
    // The picture says it; the words name it for a screen reader. Bigger pictures in the easier version.
    feelingItems: FEELINGS.map((f) => ({
      value: f,
      checked: feeling === f,
      html: `<span aria-hidden="true" class="${link.easy_read ? 'govuk-!-font-size-48' : 'govuk-!-font-size-27'}">${emojiFor(f)}</span> ${escapeHtml(strings.feelings[f])}`,
    })),
    worriedItems: [
      { value: 'yes', text: strings.yes, checked: worried === 'yes' },
      { value: 'no', text: strings.no, checked: worried === 'no' },
    ],
  };
}

/** The child's own link, outside signing in: the form and nothing else. */
export async function childVoicePublicRoutes(app: FastifyInstance, deps: AreaDeps) {
  const limited = { preHandler: linkRateLimits(app) };

  app.get<{ Params: { token: string } }>('/v/:token', limited, async (request, reply) => {
    const answer = await openLink(deps.db, request.auditContext(), request.params.token);
    if (!answer.ok) return refuseLink(deps.db, request, reply, { action: OPEN_ACTION, token: request.params.token, reason: answer.reason, help: HELP });
    reply.header('Referrer-Policy', 'no-referrer');
    return reply.render(`${VIEWS}/child-form.njk`, childPage(answer.link, {}, {}));
  });

  app.post<{ Params: { token: string } }>('/v/:token', limited, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await sendStatement(deps.db, request.auditContext(), request.params.token, body);
    if (result.ok) {
      const strings = stringsFor(result.language);
      return reply.render(`${VIEWS}/child-thanks.njk`, { title: strings.thanksTitle, strings, htmlLang: result.language, worried: result.worried });
    }
    if ('refused' in result) return refuseLink(deps.db, request, reply, { action: SEND_ACTION, token: request.params.token, reason: result.refused, help: HELP });
    return reply.code(400).render(`${VIEWS}/child-form.njk`, childPage(result.link, body, result.errors));
  });
}

/** For managers: counts of children's own words. */
export async function childVoiceMeasuresRoutes(app: FastifyInstance, deps: AreaDeps) {
  const readerFor = readerOf(deps.db, deps.clock);
  app.get('/direct-work/voice', { preHandler: requireRole(deps.db, ...MEASURE_READERS) }, async (request, reply) => {
    const page = await measuresPage(readerFor(request));
    return reply.render(`${VIEWS}/measures.njk`, { title: 'Children’s own words: counts', ...page });
  });
}

