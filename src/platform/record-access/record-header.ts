import type { ChildStatus } from '../../db/schema.ts';
import type { Db } from '../../db/database.ts';
import { describeCode } from '../../reference/codes.ts';
import { ageOn, daysBetween, describeDuration } from '../calendar/dates.ts';

export const STATUS_LABELS: Record<ChildStatus, string> = {
  looked_after: 'Looked after',
  child_protection: 'Child protection plan',
  care_leaver: 'Care leaver',
  child_in_need: 'Child in need',
  awaiting_decision: 'Contact: awaiting decision',
  closed: 'Case closed',
};

/** GOV.UK tag colour for each status, so a list can be scanned at a glance. */
export const STATUS_TAG_CLASSES: Record<ChildStatus, string> = {
  looked_after: 'govuk-tag--purple',
  child_protection: 'govuk-tag--red',
  care_leaver: 'govuk-tag--turquoise',
  child_in_need: 'govuk-tag--blue',
  awaiting_decision: 'govuk-tag--yellow',
  closed: 'govuk-tag--grey',
};

/** The columns that name a child on a list or a page: id, council number, names and date of birth. */
export const CHILD_NAME_COLUMNS = ['people.id', 'people.la_child_id', 'people.forename', 'people.surname', 'people.date_of_birth'] as const;

/** Children with their status and who leads their case now, worker and team (either may be missing): the lead allocation, or a care leaver's personal adviser. */
export function childrenWithLead(db: Db) {
  return db
    .selectFrom('people')
    .innerJoin('child_status', 'child_status.child_id', 'people.id')
    .leftJoin('case_leads as lead', 'lead.child_id', 'people.id')
    .leftJoin('users as worker', 'worker.id', 'lead.worker_id')
    .leftJoin('teams', 'teams.id', 'lead.team_id');
}

/** What every page of a child's record shows at the top. */
export async function findChildHeader(db: Db, childId: string) {
  return childrenWithLead(db)
    .select([
      ...CHILD_NAME_COLUMNS,
      'people.other_names',
      'people.expected_date_of_birth',
      'people.date_of_death',
      'people.sex',
      'people.restricted',
      'people.uasc',
      'child_status.status',
      'child_status.legal_status',
      'child_status.cp_category',
      'child_status.placement_type',
      'child_status.placement_out_of_area',
      'child_status.placement_distance_miles',
      'child_status.care_leaver_category',
      'lead.start_date as allocated_since',
      'lead.role as lead_role',
      'lead.team_id',
      'teams.name as team_name',
      'worker.id as worker_id',
      'worker.name as worker_name',
    ])
    .where('people.id', '=', childId)
    .executeTakeFirstOrThrow();
}

export type ChildHeader = Awaited<ReturnType<typeof findChildHeader>>;

/**
 * The header shown on every page of a child's record, ready for the template
 * `platform/record-access/views/record-layout.njk` (pass it as `child`).
 */
export async function childHeaderView(db: Db, childId: string, today: string) {
  const header = await findChildHeader(db, childId);
  const relationshipDays = header.allocated_since && header.worker_id ? daysBetween(header.allocated_since, today) : null;
  return {
    ...header,
    name: `${header.forename} ${header.surname}`,
    age: header.date_of_birth ? ageOn(header.date_of_birth, header.date_of_death ?? today) : null,
    unborn: !header.date_of_birth && Boolean(header.expected_date_of_birth),
    statusLabel: STATUS_LABELS[header.status],
    statusTagClass: STATUS_TAG_CLASSES[header.status],
    legalStatusLabel: header.legal_status ? `${header.legal_status}: ${describeCode('legalStatus', header.legal_status)}` : null,
    cpCategoryLabel: header.cp_category ? describeCode('cpCategory', header.cp_category) : null,
    relationshipLength: relationshipDays === null ? null : describeDuration(relationshipDays),
    leadLabel: header.lead_role === 'personal_adviser' ? 'Personal adviser' : 'Social worker',
  };
}

export type ChildHeaderView = Awaited<ReturnType<typeof childHeaderView>>;
