import type { Db } from '../../db/database.ts';
import { describeCode } from '../../reference/codes.ts';
import { findChildHeader } from './queries.ts';
import { ageOn, daysBetween, describeDuration, STATUS_LABELS, STATUS_TAG_CLASSES } from './rules.ts';

/**
 * The header shown on every page of a child's record, ready for the template
 * `child-record/record/views/record-layout.njk` (pass it as `child`).
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
  };
}

export type ChildHeaderView = Awaited<ReturnType<typeof childHeaderView>>;
