import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AreaDeps } from '../../platform/area.ts';
import { londonDate } from '../../platform/clock/clock.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { dateItems, sentText, type Body } from '../../platform/http/forms.ts';
import { requireRole } from '../../platform/http/web.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { requireCaseRecordReader, viewerOf } from '../../platform/record-access/viewer.ts';
import type { LibraryContext } from '../toolkits/service.ts';
import { CHANGE_NOTE_MAX, DESCRIPTOR_MAX, evidenceField, EVIDENCE_MAX, gradeField, NEXT_STEPS_MAX, SUMMARY_MAX, slotField } from './forms.ts';
import { GRADE_NAMES, GRADES, MAX_DOMAINS, PROFILE_KEEPERS } from './rules.ts';
import { profileFormView, profilesView, recordProfile, saveTemplate, templateFormValues, templatePage, type ProfileFormView } from './service.ts';

const VIEWS = 'direct-work/neglect-profile/views';

const DONE: Record<string, string> = { recorded: 'Neglect profile saved.', saved: 'The council’s neglect profile was saved as a new version.' };

/** The neglect profile on a child's record: the chart and completions, and the form completing one. */
export async function neglectProfileRecordRoutes(app: FastifyInstance, deps: AreaDeps) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'neglect-profile', views: VIEWS });
  const months = deps.config.neglectProfileMonths;

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/neglect-profile', reader, async (request, reply) => {
    const view = await profilesView(actor(request), months);
    return reply.render(`${VIEWS}/profiles.njk`, {
      title: `${view.child.name}: neglect profile`,
      activeTab: 'direct-work',
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  formPage({
    path: 'new',
    template: 'profile-form.njk',
    title: 'Complete a neglect profile',
    view: (a) => profileFormView(a),
    model: (values, errors, view) => {
      const version = (view as ProfileFormView).version;
      return {
        activeTab: 'direct-work',
        completedOnItems: dateItems(values, 'completedOn', errors),
        withFamilyItems: [
          { value: 'yes', text: 'Yes', checked: sentText(values.withFamily) === 'yes' },
          { value: 'no', text: 'No', checked: sentText(values.withFamily) === 'no' },
        ],
        versionNumber: version?.version,
        domains: (version?.domains ?? []).map((d) => ({
          name: d.name,
          gradeField: gradeField(d.key),
          evidenceField: evidenceField(d.key),
          evidence: values[evidenceField(d.key)],
          items: d.grades.map((g) => ({ value: String(g.grade), text: `${g.grade}: ${g.gradeName}`, hint: { text: g.descriptor }, checked: sentText(values[gradeField(d.key)]) === String(g.grade) })),
        })),
        evidenceMax: EVIDENCE_MAX,
        summaryMax: SUMMARY_MAX,
        nextStepsMax: NEXT_STEPS_MAX,
      };
    },
    save: (a, _params, body) => recordProfile(a, body),
    done: 'recorded',
  });
}

/** The council's profile: read by everyone who reads case records, kept by the practice leads. */
export async function neglectProfileTemplateRoutes(app: FastifyInstance, deps: AreaDeps) {
  const { db, clock } = deps;
  const readers = { preHandler: requireCaseRecordReader };
  const keepers = { preHandler: requireRole(db, ...PROFILE_KEEPERS) };
  const context = (request: FastifyRequest): LibraryContext => ({ db, viewer: viewerOf(request), audit: request.auditContext(), today: londonDate(clock.now()) });
  const slots = (values: Body) =>
    Array.from({ length: MAX_DOMAINS }, (_, i) => {
      const n = i + 1;
      return {
        n,
        keyField: slotField(n, 'Key'),
        key: sentText(values[slotField(n, 'Key')]),
        nameField: slotField(n, 'Name'),
        name: values[slotField(n, 'Name')],
        grades: GRADES.map((g) => ({ grade: g, gradeName: GRADE_NAMES[g], field: slotField(n, `Grade${g}`), value: values[slotField(n, `Grade${g}`)] })),
      };
    });
  const form = (values: Body, errors: FieldErrors) => ({ title: 'Change the neglect profile', values, errors, slots: slots(values), changeNoteMax: CHANGE_NOTE_MAX, descriptorMax: DESCRIPTOR_MAX });

  app.get<{ Querystring: { done?: string } }>('/direct-work/neglect-profile', readers, async (request, reply) => {
    const page = await templatePage(context(request));
    return reply.render(`${VIEWS}/template.njk`, { title: 'The council’s neglect profile', ...page, done: request.query.done ? DONE[request.query.done] : undefined });
  });

  app.get('/direct-work/neglect-profile/edit', keepers, async (request, reply) => {
    return reply.render(`${VIEWS}/template-form.njk`, form(await templateFormValues(context(request)), {}));
  });

  app.post('/direct-work/neglect-profile/edit', keepers, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await saveTemplate(context(request), body);
    if (result.ok) return reply.redirect('/direct-work/neglect-profile?done=saved', 303);
    return reply.code(400).render(`${VIEWS}/template-form.njk`, form(body, result.errors));
  });
}
