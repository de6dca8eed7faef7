import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AreaDeps } from '../../platform/area.ts';
import { londonDate } from '../../platform/clock/clock.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { sentText, type Body } from '../../platform/http/forms.ts';
import { requireRole } from '../../platform/http/web.ts';
import { requireCaseRecordReader, viewerOf } from '../../platform/record-access/viewer.ts';
import { GUIDANCE_MAX, NEEDS_MAX, PURPOSE_MAX } from './forms.ts';
import { LIBRARY_EDITORS, TOOL_KINDS } from './rules.ts';
import { addTool, assertMayEditLibrary, changeTool, courseChoices, libraryPage, retireTool, toolForChange, toolPage, type LibraryContext } from './service.ts';

const VIEWS = 'direct-work/toolkits/views';

const DONE: Record<string, string> = {
  added: 'Tool added to the library.',
  changed: 'Tool saved.',
  retired: 'Tool retired. It is no longer offered for new sessions; the sessions that used it keep it.',
  reinstated: 'Tool brought back into the library.',
};

type ToolParams = { toolId: string };

/** The direct-work library: reading it, and keeping it. */
export async function toolkitsRoutes(app: FastifyInstance, deps: AreaDeps) {
  const { db, clock } = deps;
  const readers = { preHandler: requireCaseRecordReader };
  const editors = { preHandler: requireRole(db, ...LIBRARY_EDITORS) };
  const context = (request: FastifyRequest): LibraryContext => ({ db, viewer: viewerOf(request), audit: request.auditContext(), today: londonDate(clock.now()) });

  const toolForm = async (c: LibraryContext, values: Body, errors: FieldErrors, currentCourse: string | null) => ({
    values,
    errors,
    purposeMax: PURPOSE_MAX,
    needsMax: NEEDS_MAX,
    guidanceMax: GUIDANCE_MAX,
    kindItems: Object.entries(TOOL_KINDS).map(([value, text]) => ({ value, text, checked: sentText(values.kind) === value })),
    courseItems: [{ value: '', text: 'None needed' }, ...(await courseChoices(c, currentCourse)).map((item) => ({ ...item, selected: sentText(values.courseId) === item.value }))],
  });

  app.get<{ Querystring: { kind?: string; done?: string } }>('/direct-work/toolkits', readers, async (request, reply) => {
    const page = await libraryPage(context(request), request.query.kind);
    return reply.render(`${VIEWS}/library.njk`, { title: 'Direct-work toolkits', ...page, done: request.query.done ? DONE[request.query.done] : undefined });
  });

  app.get('/direct-work/toolkits/new', editors, async (request, reply) => {
    const c = context(request);
    assertMayEditLibrary(c.viewer);
    return reply.render(`${VIEWS}/tool-form.njk`, { title: 'Add a tool to the library', heading: 'Add a tool to the library', ...(await toolForm(c, {}, {}, null)) });
  });

  app.post('/direct-work/toolkits/new', editors, async (request, reply) => {
    const c = context(request);
    const body = (request.body ?? {}) as Body;
    const result = await addTool(c, body);
    if (result.ok) return reply.redirect(`/direct-work/toolkits/${result.id}?done=added`, 303);
    return reply.code(400).render(`${VIEWS}/tool-form.njk`, { title: 'Add a tool to the library', heading: 'Add a tool to the library', ...(await toolForm(c, body, result.errors, null)) });
  });

  app.get<{ Params: ToolParams; Querystring: { done?: string } }>('/direct-work/toolkits/:toolId', readers, async (request, reply) => {
    const page = await toolPage(context(request), request.params.toolId);
    return reply.render(`${VIEWS}/tool.njk`, { title: page.tool.name, ...page, done: request.query.done ? DONE[request.query.done] : undefined });
  });

  app.get<{ Params: ToolParams }>('/direct-work/toolkits/:toolId/edit', editors, async (request, reply) => {
    const c = context(request);
    const tool = await toolForChange(c, request.params.toolId);
    const values = { name: tool.name, kind: tool.kind, purpose: tool.purpose, ageFrom: String(tool.age_from), ageTo: String(tool.age_to), suitsNeeds: tool.suits_needs, guidance: tool.guidance, courseId: tool.course_id ?? '' };
    return reply.render(`${VIEWS}/tool-form.njk`, { title: `Change ${tool.name}`, heading: `Change ${tool.name}`, toolId: tool.id, ...(await toolForm(c, values, {}, tool.course_id)) });
  });

  app.post<{ Params: ToolParams }>('/direct-work/toolkits/:toolId/edit', editors, async (request, reply) => {
    const c = context(request);
    const tool = await toolForChange(c, request.params.toolId);
    const body = (request.body ?? {}) as Body;
    const result = await changeTool(c, tool.id, body);
    if (result.ok) return reply.redirect(`/direct-work/toolkits/${tool.id}?done=changed`, 303);
    return reply.code(400).render(`${VIEWS}/tool-form.njk`, { title: `Change ${tool.name}`, heading: `Change ${tool.name}`, toolId: tool.id, ...(await toolForm(c, body, result.errors, tool.course_id)) });
  });

  app.post<{ Params: ToolParams }>('/direct-work/toolkits/:toolId/retire', editors, async (request, reply) => {
    await retireTool(context(request), request.params.toolId, true);
    return reply.redirect(`/direct-work/toolkits/${request.params.toolId}?done=retired`, 303);
  });

  app.post<{ Params: ToolParams }>('/direct-work/toolkits/:toolId/reinstate', editors, async (request, reply) => {
    await retireTool(context(request), request.params.toolId, false);
    return reply.redirect(`/direct-work/toolkits/${request.params.toolId}?done=reinstated`, 303);
  });
}
