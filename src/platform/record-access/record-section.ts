import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { londonDate, type Clock } from '../clock/clock.ts';
import type { FieldErrors } from '../http/errors.ts';
import type { Body } from '../http/forms.ts';
import { requireCaseRecordReader, viewerOf } from './viewer.ts';
import type { ChangeResult } from './record-change.ts';
import type { Actor } from './viewer.ts';

export type RecordParams = Record<string, string> & { childId: string };
export type RecordView = { child: { name: string } } & Record<string, unknown>;

/** One form on a section of a child's record: shown by GET, saved by POST. */
export interface RecordFormPage {
  /** Path under /children/:childId/<section>. */
  path: string;
  template: string;
  title: string;
  view: (a: Actor, params: RecordParams) => Promise<RecordView>;
  /** Values shown when the form first opens. */
  defaults?: (view: RecordView, query: Record<string, string>) => Body;
  /** Choices and date boxes for the template. */
  model: (values: Body, errors: FieldErrors, view: RecordView) => Record<string, unknown>;
  save: (a: Actor, params: RecordParams, body: Body) => Promise<ChangeResult<unknown, RecordView>>;
  /** The key of the confirmation the section's page shows after a save. */
  done: string;
}

/**
 * The plumbing a section of a child's record (the timeline, visits) shares:
 * who is acting, and forms that re-render with their errors (400) or go back
 * to the section's page with a confirmation (303).
 */
export function childRecordSection(app: FastifyInstance, deps: { db: Db; clock: Clock }, section: { name: string; views: string }) {
  const reader = { preHandler: requireCaseRecordReader };
  const actor = (request: FastifyRequest<{ Params: RecordParams }>): Actor => ({
    db: deps.db,
    viewer: viewerOf(request),
    context: request.auditContext(),
    childId: request.params.childId,
    today: londonDate(deps.clock.now()),
  });

  function formPage(page: RecordFormPage): void {
    const url = `/children/:childId/${section.name}/${page.path}`;
    const template = `${section.views}/${page.template}`;
    const render = (view: RecordView, values: Body, errors: FieldErrors) => ({
      title: `${view.child.name}: ${page.title}`,
      activeTab: section.name,
      heading: page.title,
      ...view,
      values,
      errors,
      ...page.model(values, errors, view),
    });
    app.get<{ Params: RecordParams; Querystring: Record<string, string> }>(url, reader, async (request, reply) => {
      const view = await page.view(actor(request), request.params);
      return reply.render(template, render(view, page.defaults?.(view, request.query) ?? {}, {}));
    });
    app.post<{ Params: RecordParams }>(url, reader, async (request, reply) => {
      const body = (request.body ?? {}) as Body;
      const result = await page.save(actor(request), request.params, body);
      if (result.ok) return reply.redirect(`/children/${request.params.childId}/${section.name}?done=${page.done}`, 303);
      return reply.code(400).render(template, render(result.view, body, result.errors));
    });
  }

  return { reader, actor, formPage };
}
