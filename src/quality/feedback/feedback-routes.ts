import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AreaDeps } from '../../platform/area.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { sentText, type Body } from '../../platform/http/forms.ts';
import { linkRateLimits, refuseLink } from '../../platform/public-links/index.ts';
import { readerOf, requireCaseRecordReader } from '../../platform/record-access/viewer.ts';
import type { Query } from '../observations/period.ts';
import { ANSWER_MAX } from './feedback-forms.ts';
import { answerFeedback, feedbackPage, invitationFormView, makeInvitation, usableInvitation, type InvitationFormView, type PublicContext } from './feedback-service.ts';
import { AGENCIES, LISTENED, RESPONDENTS, THINGS_BETTER } from './rules.ts';
import { qrCodeSvg } from '../../platform/views/qr-code.ts';

const VIEWS = 'quality/feedback/views';

function invitationModel(view: InvitationFormView, values: Body, errors: FieldErrors) {
  const chosen = (name: string) => sentText(values[name]);
  const team = Object.keys(values).length ? chosen('teamId') : (view.ownTeamId ?? '');
  return {
    values,
    errors,
    teamItems: [{ value: '', text: 'Choose a team' }, ...view.teams.map((t) => ({ value: t.id, text: t.name, selected: team === t.id }))],
    childItems: [{ value: '', text: 'No child' }, ...view.children.map((c) => ({ value: c.id, text: c.text, selected: chosen('childId') === c.id }))],
  };
}

function feedbackModel(values: Body, errors: FieldErrors) {
  const chosen = (name: string) => sentText(values[name]);
  const radios = (options: Readonly<Record<string, string>>, name: string) => Object.entries(options).map(([value, text]) => ({ value, text, checked: chosen(name) === value }));
  return {
    values,
    errors,
    answerMax: ANSWER_MAX,
    respondentItems: radios(RESPONDENTS, 'respondent'),
    agencyItems: radios(AGENCIES, 'agencyType'),
    listenedItems: radios(LISTENED, 'listened'),
    betterItems: radios(THINGS_BETTER, 'thingsBetter'),
  };
}

/** Where someone who needs help now is sent, on the public pages: never anything about why a link was refused. */
const HELP = ['If a child is in danger now, call 999.'];

/** Feedback links for staff, and the public form they open. */
export async function feedbackRoutes(app: FastifyInstance, deps: AreaDeps) {
  const readers = { preHandler: requireCaseRecordReader };
  const reader = readerOf(deps.db, deps.clock);
  const publicContext = (request: FastifyRequest): PublicContext => ({ db: deps.db, audit: request.auditContext(), now: deps.clock.now() });

  app.get<{ Querystring: Query }>('/quality/feedback', readers, async (request, reply) => {
    const page = await feedbackPage(reader(request), request.query);
    return reply.code(Object.keys(page.filter.errors).length ? 400 : 200).render(`${VIEWS}/feedback.njk`, { title: 'Feedback from children, families and partners', errors: page.filter.errors, ...page });
  });

  app.get('/quality/feedback/new', readers, async (request, reply) => {
    const view = await invitationFormView(reader(request));
    return reply.render(`${VIEWS}/invitation-form.njk`, { title: 'Ask for feedback', days: deps.config.feedbackLinkDays, ...invitationModel(view, {}, {}) });
  });

  app.post('/quality/feedback/new', readers, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await makeInvitation(reader(request), deps.config, body);
    if (!result.ok) return reply.code(400).render(`${VIEWS}/invitation-form.njk`, { title: 'Ask for feedback', days: deps.config.feedbackLinkDays, ...invitationModel(result.view, body, result.errors) });
    // The token is shown once, here: only its hash is kept, so the page is not a redirect.
    reply.header('cache-control', 'no-store');
    return reply.render(`${VIEWS}/invitation-made.njk`, { title: 'Feedback link made', ...result, qrSvg: await qrCodeSvg(result.link) });
  });

  const limits = { preHandler: linkRateLimits(app) };

  app.get<{ Params: { token: string } }>('/f/:token', limits, async (request, reply) => {
    const { invitation, reason } = await usableInvitation(publicContext(request), request.params.token);
    if (!invitation) return refuseLink(deps.db, request, reply, { action: 'quality.feedback.open', token: request.params.token, reason, help: HELP });
    reply.header('cache-control', 'no-store');
    return reply.render(`${VIEWS}/public-form.njk`, { title: 'Tell us how we did', ...feedbackModel({}, {}) });
  });

  app.post<{ Params: { token: string } }>('/f/:token', limits, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await answerFeedback(publicContext(request), request.params.token, body);
    reply.header('cache-control', 'no-store');
    if (result.ok) return reply.render(`${VIEWS}/public-thanks.njk`, { title: 'Thank you' });
    if ('refused' in result) return refuseLink(deps.db, request, reply, { action: 'quality.feedback.answer', token: request.params.token, reason: result.refused, help: HELP });
    return reply.code(400).render(`${VIEWS}/public-form.njk`, { title: 'Tell us how we did', ...feedbackModel(body, result.errors) });
  });
}
