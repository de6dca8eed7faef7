import { sql } from 'kysely';
import { inCaseScope, openCasesOf, type CaseScope } from '../../platform/access/case-scope.ts';
import type { Db } from '../../db/database.ts';
import { anyOf } from '../../platform/db/any-of.ts';
import { listTeamsWithServices } from '../../db/teams.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';
import { scopeComputedOn, statutoryVisit } from '../../timescales/index.ts';


/**
 * Open cases in scope with the facts the work lists show: the lead worker and
 * team (and its base), and where a child in care lives. `listed` limits them
 * to records the viewer may open (the access policy in SQL); `counted` to
 * what may be counted for them: every unrestricted case in scope, and the
 * restricted ones they are named on; `workload` is every case in scope,
 * restricted ones included, for figures about a worker's or a team's work
 * that never name a child (docs/decisions/0006).
 */
export async function findCases(db: Db, viewer: Viewer, now: Date, scope: CaseScope, mode: CaseMode) {
  return casesInScope(db, viewer, now, scope, mode)
    .leftJoin('users as worker', 'worker.id', 'lead.worker_id')
    .leftJoin('care_episodes as ce', (join) => join.onRef('ce.child_id', '=', 'people.id').on('ce.end_date', 'is', null))
    .select([
      'people.id',
      'people.la_child_id',
      'people.forename',
      'people.surname',
      'lead.worker_id',
      'worker.name as worker_name',
      'teams.id as team_id',
      'teams.name as team_name',
      'teams.service_id',
      'teams.base_postcode',
      'ce.placement_postcode',
      'ce.placement_out_of_area',
      scope.workerId
        ? sql<string>`(SELECT string_agg(DISTINCT m.role, ',') FROM allocations m WHERE m.child_id = people.id AND m.worker_id = ${scope.workerId} AND m.end_date IS NULL)`.as('my_roles')
        : sql<string>`''`.as('my_roles'),
    ])
    .orderBy('people.surname')
    .orderBy('people.forename')
    .orderBy('people.id')
    .execute();
}

type CaseMode = 'listed' | 'counted' | 'workload';

/** The open cases in scope for the mode (see findCases): people, their lead allocation and its team. */
function casesInScope(db: Db, viewer: Viewer, now: Date, scope: CaseScope, mode: CaseMode) {
  let query = db
    .selectFrom('people')
    .innerJoin('case_leads as lead', 'lead.child_id', 'people.id')
    .innerJoin('teams', 'teams.id', 'lead.team_id')
    .where('people.is_child', '=', true)
    .where(inCaseScope(scope));
  if (mode === 'listed') query = query.where(childVisibleTo(viewer, now));
  else if (mode === 'counted') query = query.where((eb) => eb.or([eb('people.restricted', '=', false), childVisibleTo(viewer, now)(eb)]));
  return query;
}

export interface DueCount {
  worker_id: string | null;
  team_id: string;
  kind: string;
  status: 'overdue' | 'this_week' | 'next_4_weeks' | 'later';
  items: number;
}

/**
 * The stored due items of the cases in scope, or of the children named (a
 * worker's, found first: few, so read by child rather than by testing every
 * item in the council); the caller first brings them up to date for `today`
 * (see timescales/store.ts). Counted
 * by lead worker, team, kind and status in the database. Each stored item
 * carries the case's lead when it was worked out (a change of lead forgets
 * the child), so the figures read the store's index without joining the
 * cases; the viewer's access is applied only where it changes the count.
 */
export async function countDueItems(
  db: Db,
  viewer: Viewer,
  now: Date,
  scope: CaseScope & { childIds?: readonly string[] },
  mode: CaseMode,
  statuses: readonly DueCount['status'][],
  today: string,
): Promise<DueCount[]> {
  if (scope.childIds?.length === 0) return [];
  return toDueCounts(await dueCountsQuery(db, viewer, now, scope, mode, statuses, today).execute());
}

/**
 * The same counts for a scope, asked together with whether every child led in
 * it is worked out for `today` (as on every read after the day's first): one
 * round trip. Null when some are not, and the caller must work them out first.
 */
export async function countDueItemsIfStored(
  db: Db,
  viewer: Viewer,
  now: Date,
  scope: CaseScope,
  mode: CaseMode,
  statuses: readonly DueCount['status'][],
  today: string,
): Promise<DueCount[] | null> {
  const rows = await db
    .with('stored', (qc) => qc.selectNoFrom(() => scopeComputedOn(today, scope).as('all_worked_out')))
    .with('counted', () => dueCountsQuery(db, viewer, now, scope, mode, statuses, today))
    .selectFrom('stored')
    .leftJoin('counted', (join) => join.onTrue())
    .selectAll('counted')
    .select('stored.all_worked_out')
    .execute();
  if (!rows[0]?.all_worked_out) return null;
  return toDueCounts(rows.flatMap((r) => (r.kind === null || r.status === null ? [] : [{ ...r, kind: r.kind, status: r.status }])));
}

function dueCountsQuery(
  db: Db,
  viewer: Viewer,
  now: Date,
  scope: CaseScope & { childIds?: readonly string[] },
  mode: CaseMode,
  statuses: readonly DueCount['status'][],
  today: string,
) {
  const { teamId, serviceId, workerId, childIds } = scope;
  return db
    .selectFrom('due_items')
    .where('due_items.as_at', '=', today)
    .where('due_items.status', 'in', [...statuses])
    .where('due_items.lead_team_id', 'is not', null)
    .$if(Boolean(teamId), (qb) => qb.where('due_items.lead_team_id', '=', teamId!))
    .$if(Boolean(serviceId), (qb) => qb.where('due_items.lead_team_id', 'in', (eb) => eb.selectFrom('teams').select('teams.id').where('teams.service_id', '=', serviceId!)))
    .$if(Boolean(workerId), (qb) => qb.where('due_items.child_id', 'in', openCasesOf(workerId!)))
    .$if(childIds !== undefined, (qb) => qb.where('due_items.child_id', '=', anyOf(childIds!)))
    .$if(mode !== 'workload', (qb) =>
      qb
        .innerJoin('people', 'people.id', 'due_items.child_id')
        .where((eb) => (mode === 'listed' ? childVisibleTo(viewer, now)(eb) : eb.or([eb('people.restricted', '=', false), childVisibleTo(viewer, now)(eb)]))),
    )
    .select((eb) => ['due_items.lead_worker_id', 'due_items.lead_team_id', 'due_items.kind', 'due_items.status', eb.fn.countAll<number>().as('items')])
    .groupBy(['due_items.lead_worker_id', 'due_items.lead_team_id', 'due_items.kind', 'due_items.status']);
}

function toDueCounts(rows: readonly { lead_worker_id: string | null; lead_team_id: string | null; kind: string; status: DueCount['status']; items: unknown }[]): DueCount[] {
  return rows.map((r) => ({ worker_id: r.lead_worker_id, team_id: r.lead_team_id!, kind: r.kind, status: r.status, items: Number(r.items) }));
}

export type CaseRow = Awaited<ReturnType<typeof findCases>>[number];


/** Every team with its service, by service then team, named as the work-due filters read them. */
export async function findServicesAndTeams(db: Db) {
  const teams = await listTeamsWithServices(db);
  return teams.map((t) => ({ team_id: t.id, team_name: t.name, service_id: t.service_id, service_name: t.service_name }));
}

/**
 * For the timeliness measures: every child whose case was led in scope at any
 * time since `since` (by a lead allocation, or by a personal adviser while
 * there was no lead), with all those allocations, in scope or not, so that
 * the caller can say which team and worker led the case on each due date.
 * Restricted records are left out, as they are of every count of children.
 */
export async function findLeadHistory(db: Db, scope: { teamId?: string; serviceId?: string }, since: string) {
  const leading = ['lead', 'personal_adviser'] as const;
  const ledInScope = db
    .selectFrom('allocations as held')
    .innerJoin('teams as held_team', 'held_team.id', 'held.team_id')
    .select('held.child_id')
    .where('held.role', 'in', leading)
    .where((eb) => eb.or([eb('held.end_date', 'is', null), eb('held.end_date', '>=', since)]))
    .$if(Boolean(scope.teamId), (qb) => qb.where('held.team_id', '=', scope.teamId!))
    .$if(Boolean(scope.serviceId), (qb) => qb.where('held_team.service_id', '=', scope.serviceId!));
  return db
    .selectFrom('allocations')
    .innerJoin('people', 'people.id', 'allocations.child_id')
    .innerJoin('teams', 'teams.id', 'allocations.team_id')
    .select(['allocations.child_id', 'allocations.role', 'allocations.team_id', 'teams.service_id', 'allocations.worker_id', 'allocations.start_date', 'allocations.end_date'])
    .where('allocations.role', 'in', leading)
    .where('people.restricted', '=', false)
    .where((eb) => eb.or([eb('allocations.end_date', 'is', null), eb('allocations.end_date', '>=', since)]))
    .where('allocations.child_id', 'in', ledInScope)
    .execute();
}

/**
 * Statutory social worker visits since `since` at which the child was seen
 * while looked after (short breaks apart), on a child protection plan or
 * privately fostered (whose officer must speak to them alone, reg 8(3)):
 * the visits whose "seen alone" the measures count.
 */
export async function findSeenVisits(db: Db, childIds: readonly string[], since: string) {
  const rows: { child_id: string; visit_date: string; seen_alone: boolean | null }[] = [];
  for (let i = 0; i < childIds.length; i += 2000) {
    const ids = childIds.slice(i, i + 2000);
    rows.push(
      ...(await db
        .selectFrom('visits')
        .select(['visits.child_id', 'visits.visit_date', 'visits.seen_alone'])
        .where('visits.child_id', '=', anyOf(ids))
        .where('visits.visit_date', '>=', since)
        .where('visits.kind', '=', 'social_worker')
        .where('visits.child_seen', '=', true)
        .where(statutoryVisit)
        .where((eb) =>
          eb.or([
            eb.exists(
              eb
                .selectFrom('cp_plans')
                .select('cp_plans.id')
                .whereRef('cp_plans.child_id', '=', 'visits.child_id')
                .whereRef('cp_plans.start_date', '<=', 'visits.visit_date')
                .where((w) => w.or([w('cp_plans.end_date', 'is', null), w('cp_plans.end_date', '>', w.ref('visits.visit_date'))])),
            ),
            eb.exists(
              eb
                .selectFrom('private_fostering')
                .select('private_fostering.id')
                .whereRef('private_fostering.child_id', '=', 'visits.child_id')
                .whereRef('private_fostering.notified_on', '<=', 'visits.visit_date')
                .where((w) => w.or([w('private_fostering.ended_on', 'is', null), w('private_fostering.ended_on', '>=', w.ref('visits.visit_date'))])),
            ),
            eb.exists(
              eb
                .selectFrom('care_episodes')
                .select('care_episodes.id')
                .whereRef('care_episodes.child_id', '=', 'visits.child_id')
                .whereRef('care_episodes.start_date', '<=', 'visits.visit_date')
                .where((w) => w.or([w('care_episodes.end_date', 'is', null), w('care_episodes.end_date', '>', w.ref('visits.visit_date'))]))
                .where('care_episodes.legal_status', 'not in', ['V3', 'V4']),
            ),
          ]),
        )
        .execute()),
    );
  }
  return rows;
}

/**
 * Stored overdue items of these kinds, as at `today`, that fell due on or
 * after `since`, with the case's lead worker and their line manager (active
 * people only): for telling them the item is overdue.
 */
export async function findOverdueForNotice(db: Db, today: string, kinds: readonly string[], since: string) {
  return db
    .selectFrom('due_items')
    .innerJoin('users', 'users.id', 'due_items.lead_worker_id')
    .select(['due_items.child_id', 'due_items.kind', 'due_items.due_date', 'due_items.lead_worker_id', 'due_items.lead_team_id', 'users.line_manager_id'])
    .where('due_items.as_at', '=', today)
    .where('due_items.status', '=', 'overdue')
    .where('due_items.kind', 'in', kinds)
    .where('due_items.due_date', '>=', since)
    .where('users.disabled_at', 'is', null)
    .orderBy('due_items.due_date')
    .execute();
}
