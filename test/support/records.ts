import type { Db } from '../../src/db/database.ts';

/**
 * A named child for a test that reads the name back (pages, exports,
 * searches). For children that only need to count, `addChild` in
 * caseload-helpers.ts makes up the name.
 */
export interface NamedChild {
  laChildId: string;
  forename: string;
  surname: string;
  dateOfBirth: string;
  sex?: 'M' | 'F' | 'U';
  restricted?: boolean;
  ethnicity?: string;
  nhsNumber?: string | null;
}

export async function insertChild(db: Db, child: NamedChild): Promise<string> {
  const row = await db
    .insertInto('people')
    .values({
      is_child: true,
      la_child_id: child.laChildId,
      forename: child.forename,
      surname: child.surname,
      date_of_birth: child.dateOfBirth,
      sex: child.sex ?? null,
      ethnicity: child.ethnicity ?? null,
      nhs_number: child.nhsNumber ?? null,
      restricted: child.restricted ?? false,
      restriction_reason: child.restricted ? 'Adoption' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A user's id and team, found by their sign-in email. */
export async function userByEmail(db: Db, email: string): Promise<{ id: string; teamId: string }> {
  const user = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', email).executeTakeFirstOrThrow();
  if (!user.team_id) throw new Error(`${email} has no team`);
  return { id: user.id, teamId: user.team_id };
}
