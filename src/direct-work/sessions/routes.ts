import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../../platform/area.ts';
import { dateItems, sentText } from '../../platform/http/forms.ts';
import { requireRole } from '../../platform/http/web.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { readerOf } from '../../platform/record-access/viewer.ts';
import { ANALYSIS_MAX, CHANGED_MAX, readSession, TOOK_PART_MAX, WORDS_MAX } from './forms.ts';
import { USE_READERS } from './rules.ts';
import { recordSession, sessionFormView, sessionsView, usePage, type SessionFormView } from './service.ts';

const VIEWS = 'direct-work/sessions/views';

const DONE: Record<string, string> = { recorded: 'Direct-work session recorded.' };

/** The Direct work tab of a child's record: the sessions and the form recording one. */
export async function sessionsRoutes(app: FastifyInstance, deps: AreaDeps) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'direct-work', views: VIEWS });

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/direct-work', reader, async (request, reply) => {
    const view = await sessionsView(actor(request), deps.config.neglectProfileMonths);
    return reply.render(`${VIEWS}/sessions.njk`, {
      title: `${view.child.name}: direct work`,
      activeTab: 'direct-work',
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  formPage({
    path: 'new',
    template: 'session-form.njk',
    title: 'Record a direct-work session',
    view: (a) => sessionFormView(a),
    model: (values, errors, view) => {
      const tools = (view as SessionFormView).tools;
      const chosen = sentText(values.toolId);
      const item = (t: (typeof tools)[number]) => ({ value: t.id, text: t.text, selected: chosen === t.id });
      return {
        sessionDateItems: dateItems(values, 'sessionDate', errors),
        toolItems: [{ value: '', text: 'Choose a tool' }, ...tools.filter((t) => t.suits).map(item), ...tools.filter((t) => !t.suits).map(item)],
        tookPartMax: TOOK_PART_MAX,
        wordsMax: WORDS_MAX,
        analysisMax: ANALYSIS_MAX,
        changedMax: CHANGED_MAX,
      };
    },
    save: (a, _params, body) => recordSession(a, readSession(body)),
    done: 'recorded',
  });
}

/** The count of each tool's use, for managers. */
export async function useRoutes(app: FastifyInstance, deps: AreaDeps) {
  const managers = { preHandler: requireRole(deps.db, ...USE_READERS) };
  const readerFor = readerOf(deps.db, deps.clock);
  app.get('/direct-work/use', managers, async (request, reply) => {
    const page = await usePage(readerFor(request));
    return reply.render(`${VIEWS}/use.njk`, { title: 'Direct-work tools: use', ...page });
  });
}
