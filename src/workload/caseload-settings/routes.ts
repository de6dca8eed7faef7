import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { ROLE_LABELS } from '../../platform/access/roles.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import { NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/http/web.ts';
import { DEFAULT_SETTINGS, DEFAULT_WEIGHTING } from '../caseload/rules.ts';
import { roleRows, settingsRows, weightingRows } from './display.ts';
import {
  ASYE_ROWS,
  LEVEL_ROLES,
  REDUCTION_REASON_NAMES,
  REDUCTION_REASONS,
  levelsFormValues,
  STATUS_NAMES,
  TIERS,
  TRAVEL_BAND_ROWS,
  WEIGHED_STATUSES,
  weightingFormValues,
} from './rules.ts';
import { caseloadConfiguration, createWeightingVersion, saveLevels, weightingVersion } from './service.ts';

const VIEWS = 'workload/caseload-settings/views';

type Body = Record<string, unknown>;

const DONE_MESSAGES: Record<string, string> = {
  'weighting-today': 'New weighting model saved. It applies from today: every worker’s figures and variances have been worked out again.',
  'weighting-later': 'New weighting model saved. It will apply from the date you gave; figures until then are unchanged.',
  levels: 'Recommended levels saved. Every worker’s figures and variances have been worked out again.',
};

/**
 * Configuring caseload measurement: the versioned weighting model and the
 * recommended levels. System administrators change them; heads of service
 * may look. Every save is audited and reassesses the workers it affects.
 */
export async function caseloadAdminRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const viewers = { preHandler: requireRole(db, 'system_admin', 'head_of_service') };
  const admins = { preHandler: requireRole(db, 'system_admin') };
  const today = () => londonDate(clock.now());
  const context = (request: FastifyRequest) => ({ audit: request.auditContext(), today: today(), now: clock.now() });

  app.get<{ Querystring: { done?: string } }>('/admin/caseload', viewers, async (request, reply) => {
    const config = await caseloadConfiguration(db, today());
    return reply.render(`${VIEWS}/overview.njk`, {
      title: 'Caseload weighting and levels',
      ...config,
      weightingRows: weightingRows(config.weighting, DEFAULT_WEIGHTING),
      roleRows: roleRows(config.settings, DEFAULT_SETTINGS),
      settingsRows: settingsRows(config.settings, DEFAULT_SETTINGS),
      mayChange: request.user!.role === 'system_admin',
      done: request.query.done ? DONE_MESSAGES[request.query.done] : undefined,
    });
  });

  async function weightingForm(values: Body | undefined, errors: FieldErrors) {
    const config = await caseloadConfiguration(db, today());
    const shown = values ?? weightingFormValues(config.weighting);
    return {
      title: 'New version of the weighting model',
      values: shown,
      errors,
      today: today(),
      statuses: WEIGHED_STATUSES.map((s) => ({ key: s, name: STATUS_NAMES[s], default: DEFAULT_WEIGHTING.points[s] })),
      tiers: TIERS.map((t) => ({ tier: t, default: DEFAULT_WEIGHTING.complexity[t] })),
      bandRows: Array.from({ length: TRAVEL_BAND_ROWS }, (_, i) => i + 1),
      defaults: DEFAULT_WEIGHTING,
      dateItems: dateInputItems(values, 'effectiveFrom', null, Boolean(errors['effectiveFrom-day'])),
      takenDates: [...config.upcoming.map((m) => m.effective_from), ...(config.current ? [config.current.effective_from] : [])],
    };
  }

  app.get('/admin/caseload/weighting/new', admins, async (_request, reply) => {
    return reply.render(`${VIEWS}/weighting-new.njk`, await weightingForm(undefined, {}));
  });

  app.post('/admin/caseload/weighting/new', admins, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await createWeightingVersion(db, body, context(request));
    if (result.ok) return reply.redirect(`/admin/caseload?done=${result.appliesToday ? 'weighting-today' : 'weighting-later'}`, 303);
    return reply.code(400).render(`${VIEWS}/weighting-new.njk`, await weightingForm(body, result.errors));
  });

  app.get<{ Params: { modelId: string } }>('/admin/caseload/weighting/:modelId', viewers, async (request, reply) => {
    const model = isUuid(request.params.modelId) ? await weightingVersion(db, request.params.modelId) : undefined;
    if (!model) throw new NotFound();
    return reply.render(`${VIEWS}/version.njk`, {
      title: `Weighting model from ${model.effective_from}`,
      model,
      weightingRows: weightingRows(model.rules, DEFAULT_WEIGHTING),
      inForceFrom: model.effective_from,
      future: model.effective_from > today(),
    });
  });

  async function levelsForm(values: Body | undefined, errors: FieldErrors) {
    const config = await caseloadConfiguration(db, today());
    return {
      title: 'Recommended levels',
      values: values ?? levelsFormValues(config.settings),
      errors,
      defaults: DEFAULT_SETTINGS,
      roles: LEVEL_ROLES.map((role) => ({ key: role, name: ROLE_LABELS[role], default: DEFAULT_SETTINGS.roles[role] })),
      asyeRows: Array.from({ length: ASYE_ROWS }, (_, i) => i),
      reasons: REDUCTION_REASONS.map((r) => ({ key: r, name: REDUCTION_REASON_NAMES[r], default: DEFAULT_SETTINGS.reductionCaps[r] })),
    };
  }

  app.get('/admin/caseload/levels', admins, async (_request, reply) => {
    return reply.render(`${VIEWS}/levels.njk`, await levelsForm(undefined, {}));
  });

  app.post('/admin/caseload/levels', admins, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await saveLevels(db, body, context(request));
    if (result.ok) return reply.redirect('/admin/caseload?done=levels', 303);
    return reply.code(400).render(`${VIEWS}/levels.njk`, await levelsForm(body, result.errors));
  });
}
