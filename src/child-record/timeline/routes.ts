import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { CareEpisodesTable } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { careEpisodeChoices, careLeaverChoices, cpChoices, readCareEpisode, readCareEpisodeEnd, readCareLeaver, readCpCategory, readCpPlan, readEndDate, readReferral, readReferralClose, referralChoices } from './forms.ts';
import { dateItems } from '../../platform/http/forms.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import {
  careEpisodeEndFormView,
  careEpisodeFormView,
  careLeaverFormView,
  changeCpCategory,
  clearCareLeaver,
  closeReferral,
  cpPlanChangeFormView,
  cpPlanFormView,
  endCareEpisode,
  endCpPlan,
  openReferral,
  referralCloseFormView,
  referralFormView,
  setCareLeaver,
  startCareEpisode,
  startCpPlan,
  timelineView,
} from './service.ts';

const VIEWS = 'child-record/timeline/views';

const DONE: Record<string, string> = {
  'referral-opened': 'Referral recorded: the child is open as a child in need.',
  'referral-closed': 'Child in need episode closed.',
  'cp-started': 'Child protection plan started.',
  'cp-ended': 'Child protection plan ended.',
  'cp-category': 'Latest category of abuse changed.',
  'care-started': 'Care episode recorded.',
  'care-ended': 'Care ended.',
  'care-leaver-set': 'Care leaver category saved.',
  'care-leaver-cleared': 'Care leaver category removed.',
};

/** The timeline page and the forms that change a child's timeline. */
export async function timelineRoutes(app: FastifyInstance, deps: { config: Config; db: Db; clock: Clock }) {
  const { config } = deps;
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'timeline', views: VIEWS });

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/timeline', reader, async (request, reply) => {
    const view = await timelineView(actor(request));
    return reply.render(`${VIEWS}/timeline.njk`, {
      title: `${view.child.name}: timeline`,
      activeTab: 'timeline',
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  formPage({
    path: 'referrals/new',
    template: 'referral-form.njk',
    title: 'Record a referral',
    view: (a) => referralFormView(a),
    model: (values, errors) => ({ ...referralChoices(), referralDateItems: dateItems(values, 'referralDate', errors) }),
    save: (a, _params, body) => openReferral(a, readReferral(body)),
    done: 'referral-opened',
  });

  formPage({
    path: 'referrals/:referralId/close',
    template: 'referral-close.njk',
    title: 'Close the child in need episode',
    view: (a, params) => referralCloseFormView(a, params.referralId!),
    model: (values, errors) => ({ ...referralChoices(), closeDateItems: dateItems(values, 'closeDate', errors) }),
    save: (a, params, body) => closeReferral(a, params.referralId!, readReferralClose(body)),
    done: 'referral-closed',
  });

  formPage({
    path: 'cp-plans/new',
    template: 'cp-plan-form.njk',
    title: 'Start a child protection plan',
    view: (a) => cpPlanFormView(a),
    model: (values, errors) => ({ ...cpChoices(), startDateItems: dateItems(values, 'startDate', errors) }),
    save: (a, _params, body) => startCpPlan(a, readCpPlan(body)),
    done: 'cp-started',
  });

  formPage({
    path: 'cp-plans/:planId/end',
    template: 'cp-plan-end.njk',
    title: 'End the child protection plan',
    view: (a, params) => cpPlanChangeFormView(a, params.planId!, 'end'),
    model: (values, errors) => ({ endDateItems: dateItems(values, 'endDate', errors) }),
    save: (a, params, body) => endCpPlan(a, params.planId!, readEndDate(body, 'End date')),
    done: 'cp-ended',
  });

  formPage({
    path: 'cp-plans/:planId/category',
    template: 'cp-plan-category.njk',
    title: 'Change the category of abuse',
    view: (a, params) => cpPlanChangeFormView(a, params.planId!, 'category'),
    defaults: (view) => ({ category: (view.plan as { latest_category: string }).latest_category }),
    model: () => cpChoices(),
    save: (a, params, body) => changeCpCategory(a, params.planId!, readCpCategory(body)),
    done: 'cp-category',
  });

  formPage({
    path: 'care-episodes/new',
    template: 'care-episode-form.njk',
    title: 'Record a care episode',
    view: (a) => careEpisodeFormView(a),
    // A change starts from the current episode, so only what changed is edited.
    defaults: (view) => {
      const open = view.openEpisode as null | Pick<CareEpisodesTable, 'legal_status' | 'primary_need' | 'placement_type' | 'placement_provider' | 'placement_postcode' | 'placement_urn'>;
      if (!open) return { reasonNewEpisode: 'S' };
      return {
        legalStatus: open.legal_status,
        primaryNeed: open.primary_need,
        placementType: open.placement_type,
        placementProvider: open.placement_provider ?? '',
        placementPostcode: open.placement_postcode ?? '',
        placementUrn: open.placement_urn ?? '',
      };
    },
    model: (values, errors) => ({ ...careEpisodeChoices(), startDateItems: dateItems(values, 'startDate', errors) }),
    save: (a, _params, body) => startCareEpisode(a, readCareEpisode(body), config.councilAreaCode),
    done: 'care-started',
  });

  formPage({
    path: 'care-episodes/:episodeId/end',
    template: 'care-episode-end.njk',
    title: 'End care',
    view: (a, params) => careEpisodeEndFormView(a, params.episodeId!),
    model: (values, errors) => ({ ...careEpisodeChoices(), endDateItems: dateItems(values, 'endDate', errors) }),
    save: (a, params, body) => endCareEpisode(a, params.episodeId!, readCareEpisodeEnd(body)),
    done: 'care-ended',
  });

  formPage({
    path: 'care-leaver',
    template: 'care-leaver.njk',
    title: 'Care leaver category',
    view: (a) => careLeaverFormView(a),
    defaults: (view) => ({ category: (view.careLeaver as { category: string } | null)?.category ?? '' }),
    model: () => careLeaverChoices(),
    save: (a, _params, body) => setCareLeaver(a, readCareLeaver(body)),
    done: 'care-leaver-set',
  });

  app.post<{ Params: RecordParams }>('/children/:childId/timeline/care-leaver/clear', reader, async (request, reply) => {
    await clearCareLeaver(actor(request));
    return reply.redirect(`/children/${request.params.childId}/timeline?done=care-leaver-cleared`, 303);
  });
}
