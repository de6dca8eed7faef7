import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import type { Body } from '../../platform/http/forms.ts';
import { requireRole } from '../../platform/http/web.ts';
import { viewerOf } from '../../platform/record-access/viewer.ts';
import type { TimescaleSettings } from '../engine/rules.ts';
import {
  CORE_GROUP_RANGE,
  describeStandard,
  formValues,
  INTERVAL_STANDARDS,
  PEP_AGE_RANGE,
  TERM_NAMES,
  UNIT_MAX,
  UNIT_NAMES,
} from '../engine/settings.ts';
import { changeTimescaleSettings, timescaleSettingsView } from './service.ts';

const VIEWS = 'timescales/settings/views';

function formModel(values: Body, errors: FieldErrors, defaults: TimescaleSettings) {
  const pick = (name: string) => {
    const v = values[name];
    return String((Array.isArray(v) ? v[0] : v) ?? '');
  };
  const dayMonth = (name: string) => {
    const error = errors[`${name}-day`] ? ' govuk-input--error' : '';
    return [
      { name: 'day', classes: `govuk-input--width-2${error}`, value: pick(`${name}-day`) },
      { name: 'month', classes: `govuk-input--width-2${error}`, value: pick(`${name}-month`) },
    ];
  };
  return {
    title: 'Local timescale standards',
    errors,
    intervals: INTERVAL_STANDARDS.map((s) => ({
      ...s,
      every: pick(`${s.key}Every`),
      default: describeStandard(s.key, defaults),
      unitItems: (Object.keys(UNIT_NAMES) as (keyof typeof UNIT_NAMES)[]).map((unit) => ({
        value: unit,
        text: `${UNIT_NAMES[unit]} (up to ${UNIT_MAX[unit]})`,
        selected: pick(`${s.key}Unit`) === unit,
      })),
    })),
    coreGroup: { value: pick('coreGroupWorkingDays'), default: defaults.coreGroupWorkingDays, ...CORE_GROUP_RANGE },
    pepAge: { value: pick('pepFromAge'), default: defaults.pepFromAge, ...PEP_AGE_RANGE },
    terms: TERM_NAMES.map((name, i) => ({ id: `termEnd${i + 1}`, name, items: dayMonth(`termEnd${i + 1}`), default: describeStandard('termEnds', { ...defaults, termEnds: [defaults.termEnds[i]!] }) })),
  };
}

/** The council's local timescale standards: heads of service and system administrators look and change. */
export async function timescaleAdminRoutes(app: FastifyInstance, deps: { db: Db }) {
  const { db } = deps;
  const mayChange = { preHandler: requireRole(db, 'head_of_service', 'system_admin') };

  app.get<{ Querystring: { done?: string } }>('/admin/timescales', mayChange, async (request, reply) => {
    const { settings, defaults } = await timescaleSettingsView(db, viewerOf(request));
    return reply.render(`${VIEWS}/settings.njk`, { ...formModel(formValues(settings), {}, defaults), done: request.query.done === 'saved' });
  });

  app.post('/admin/timescales', mayChange, async (request: FastifyRequest, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await changeTimescaleSettings(db, viewerOf(request), request.auditContext(), body);
    if (result.ok) return reply.redirect('/admin/timescales?done=saved', 303);
    const { defaults } = await timescaleSettingsView(db, viewerOf(request));
    return reply.code(400).render(`${VIEWS}/settings.njk`, formModel(body, result.errors, defaults));
  });
}
