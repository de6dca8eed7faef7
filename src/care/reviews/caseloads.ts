// IRO caseloads: for each independent reviewing officer the viewer oversees,
// the children they hold today against the IRO Handbook's range, reviews due
// and overdue, and recommendations open and overdue. Counts follow the access
// policy: a restricted child is counted only for people named on them.
import type { Viewer } from '../../platform/access/policy.ts';
import { seesCouncil } from '../../platform/access/staff.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { addDays, formatDate } from '../../platform/calendar/dates.ts';
import { groupBy } from '../../platform/collections/group-by.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { NotFound } from '../../platform/http/errors.ts';
import type { Reader } from '../../platform/record-access/viewer.ts';
import { dueForChildren } from '../../timescales/index.ts';
import { findIroChildren, listIros, openRecommendations } from './queries.ts';
import { caseloadBand, IRO_CASELOAD } from './rules.ts';

const TEAM_MANAGERS: readonly Viewer['role'][] = ['practice_supervisor', 'team_manager'];
/** The reviews an IRO chairs: looked-after reviews and child protection review conferences. */
const REVIEW_KINDS = ['cla_review', 'cp_review'];
/** How far ahead "reviews due soon" looks. */
export const DUE_SOON_DAYS = 28;

type Iro = Awaited<ReturnType<typeof listIros>>[number];

/**
 * The IROs whose caseloads the viewer sees, following the caseload pages:
 * heads of service and analysts the council's; a service manager their
 * service's; a team manager or practice supervisor their team's; an IRO
 * their own team's (their own line highlighted), or their own alone.
 */
export function irosInScope(viewer: Viewer, iros: readonly Iro[]): Iro[] {
  if (seesCouncil(viewer)) return [...iros];
  if (viewer.role === 'service_manager') return iros.filter((i) => viewer.serviceId !== null && i.service_id === viewer.serviceId);
  if (TEAM_MANAGERS.includes(viewer.role)) return iros.filter((i) => viewer.teamId !== null && i.team_id === viewer.teamId);
  if (viewer.role === 'iro') return iros.filter((i) => i.id === viewer.id || (viewer.teamId !== null && i.team_id === viewer.teamId));
  return [];
}

async function caseloadRows(r: Reader, iros: readonly Iro[]) {
  const children = await findIroChildren(r.db, r.viewer, r.now, r.today, iros.map((i) => i.id));
  const childIds = [...new Set(children.map((c) => c.child_id))];
  const [due, recs] = await Promise.all([dueForChildren(r.db, childIds, r.today), openRecommendations(r.db, childIds)]);
  const soon = addDays(r.today, DUE_SOON_DAYS);
  const recsByChild = groupBy(recs, (rec) => rec.child_id);
  const perChild = new Map(
    childIds.map((id) => {
      const reviews = (due.get(id) ?? []).filter((i) => REVIEW_KINDS.includes(i.kind));
      const open = recsByChild.get(id) ?? [];
      return [
        id,
        {
          nextReview: reviews.map((i) => i.dueDate).sort()[0] ?? null,
          reviewsOverdue: reviews.filter((i) => i.status === 'overdue').length,
          reviewsSoon: reviews.filter((i) => i.status !== 'overdue' && i.dueDate <= soon).length,
          recsOpen: open.length,
          recsOverdue: open.filter((rec) => rec.due_date < r.today).length,
        },
      ];
    }),
  );
  return { children, perChild };
}

/** Every IRO in the viewer's scope with their figures today, and the council's (or scope's) totals. */
export async function iroCaseloads(r: Reader) {
  return r.db.transaction().execute(async (trx) => {
    const reader = { ...r, db: trx };
    const iros = irosInScope(r.viewer, await listIros(trx));
    const { children, perChild } = await caseloadRows(reader, iros);
    const childrenByIro = groupBy(children, (c) => c.iro_id);
    const rows = iros.map((iro) => {
      const held = childrenByIro.get(iro.id) ?? [];
      const figures = held.map((c) => perChild.get(c.child_id)!);
      const lookedAfter = held.filter((c) => c.looked_after).length;
      const band = caseloadBand(lookedAfter, iro.fte);
      return {
        id: iro.id,
        name: iro.name,
        teamName: iro.team_name,
        fte: iro.fte,
        mine: iro.id === r.viewer.id,
        href: `/care/reviewing/${iro.id}`,
        children: held.length,
        lookedAfter,
        onPlan: held.filter((c) => c.on_plan).length,
        band: band.band,
        bandText: band.band === 'above' ? `Above ${band.to}` : band.band === 'below' ? `Below ${band.from}` : `Within ${band.from}–${band.to}`,
        bandTag: band.band === 'above' ? 'govuk-tag--red' : band.band === 'below' ? 'govuk-tag--grey' : 'govuk-tag--green',
        reviewsSoon: figures.reduce((n, f) => n + f.reviewsSoon, 0),
        reviewsOverdue: figures.reduce((n, f) => n + f.reviewsOverdue, 0),
        recsOpen: figures.reduce((n, f) => n + f.recsOpen, 0),
        recsOverdue: figures.reduce((n, f) => n + f.recsOverdue, 0),
      };
    });
    const sum = (key: 'reviewsSoon' | 'reviewsOverdue' | 'recsOpen' | 'recsOverdue') => rows.reduce((n, row) => n + row[key], 0);
    const distinct = new Map(children.map((c) => [c.child_id, c]));
    const view = {
      heading: seesCouncil(r.viewer) ? 'The council’s IROs' : r.viewer.role === 'service_manager' ? 'Your service’s IROs' : 'Your team’s IROs',
      rows,
      totals: {
        iros: rows.length,
        children: distinct.size,
        lookedAfter: [...distinct.values()].filter((c) => c.looked_after).length,
        onPlan: [...distinct.values()].filter((c) => c.on_plan).length,
        reviewsSoon: sum('reviewsSoon'),
        reviewsOverdue: sum('reviewsOverdue'),
        recsOpen: sum('recsOpen'),
        recsOverdue: sum('recsOverdue'),
      },
      range: IRO_CASELOAD,
      dueSoonDays: DUE_SOON_DAYS,
    };
    await recordAudit(trx, r.context, { action: 'care.reviewing.view', outcome: 'allowed', subjectType: 'user', subjectId: r.viewer.id, reason: `${rows.length} IROs shown` });
    return view;
  });
}

/** One IRO's children: those the viewer may open named, with their next review and recommendations; the others counted. */
export async function iroCaseload(r: Reader, iroId: string) {
  return r.db.transaction().execute(async (trx) => {
    const reader = { ...r, db: trx };
    const iro = isUuid(iroId) ? irosInScope(r.viewer, await listIros(trx)).find((i) => i.id === iroId) : undefined;
    if (!iro) throw new NotFound();
    const { children, perChild } = await caseloadRows(reader, [iro]);
    const listed = children
      .filter((c) => c.visible)
      .map((c) => {
        const f = perChild.get(c.child_id)!;
        return {
          id: c.child_id,
          name: `${c.forename} ${c.surname}`,
          laChildId: c.la_child_id,
          href: `/children/${c.child_id}/care/reviews`,
          statusText: [c.looked_after ? 'Looked after' : null, c.on_plan ? 'Child protection plan' : null].filter(Boolean).join('; ') || 'Neither looked after nor on a plan today',
          nextReviewText: f.nextReview ? formatDate(f.nextReview) : 'None due',
          nextReview: f.nextReview,
          reviewOverdue: f.reviewsOverdue > 0,
          recsOpen: f.recsOpen,
          recsOverdue: f.recsOverdue,
        };
      })
      .sort((a, b) => ((a.nextReview ?? '9999') < (b.nextReview ?? '9999') ? -1 : (a.nextReview ?? '9999') > (b.nextReview ?? '9999') ? 1 : 0));
    const lookedAfter = children.filter((c) => c.looked_after).length;
    const band = caseloadBand(lookedAfter, iro.fte);
    await recordAudit(trx, r.context, { action: 'care.reviewing.view-iro', outcome: 'allowed', subjectType: 'user', subjectId: iro.id, reason: `${listed.length} children listed` });
    return {
      iro: { id: iro.id, name: iro.name, teamName: iro.team_name, fte: iro.fte, mine: iro.id === r.viewer.id },
      children: listed,
      notListed: children.length - listed.length,
      lookedAfter,
      band,
      range: IRO_CASELOAD,
    };
  });
}
