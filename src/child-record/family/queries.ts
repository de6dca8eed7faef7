import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';
import type { CurrentAddress, PersonFacts, RelationshipRow } from './rules.ts';

/** Every relationship the child is in, either way round. */
export async function relationshipsOf(db: Db, childId: string): Promise<RelationshipRow[]> {
  return db
    .selectFrom('relationships')
    .select(['id', 'person_id', 'related_person_id', 'type', 'lives_with', 'parental_responsibility'])
    .where((eb) => eb.or([eb('person_id', '=', childId), eb('related_person_id', '=', childId)]))
    .orderBy('type')
    .orderBy('id')
    .execute();
}

/** The family groups the child belongs to, oldest id first. */
export async function familyIdsOf(db: Db, childId: string): Promise<string[]> {
  const rows = await db.selectFrom('family_members').select('family_id').where('person_id', '=', childId).orderBy('family_id').execute();
  return rows.map((r) => r.family_id);
}

/** Everyone in these family groups. */
export async function familyMemberIds(db: Db, familyIds: readonly string[]): Promise<string[]> {
  if (!familyIds.length) return [];
  const rows = await db.selectFrom('family_members').select('person_id').distinct().where('family_id', 'in', [...familyIds]).execute();
  return rows.map((r) => r.person_id);
}

/** The people with these ids, as facts; `visible` is filled in by the caller. */
export async function peopleByIds(db: Db, ids: readonly string[]): Promise<Omit<PersonFacts, 'visible'>[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('people')
    .select(['id', 'forename', 'surname', 'is_child', 'date_of_birth'])
    .where('id', 'in', [...ids])
    .execute();
  return rows.map((r) => ({ id: r.id, forename: r.forename, surname: r.surname, isChild: r.is_child, dateOfBirth: r.date_of_birth }));
}

/** Of these children, the ones `viewer` may open now (by the one access policy). */
export async function visibleChildIds(db: Db, viewer: Viewer, now: Date, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('people').select('people.id').where('people.id', 'in', [...ids]).where(childVisibleTo(viewer, now)).execute();
  return new Set(rows.map((r) => r.id));
}

/** Each person's current address: the open one that started last. */
export async function currentAddresses(db: Db, personIds: readonly string[]): Promise<Map<string, CurrentAddress>> {
  if (!personIds.length) return new Map();
  const rows = await db
    .selectFrom('addresses')
    .select(['person_id', 'line1', 'town', 'postcode'])
    .where('person_id', 'in', [...personIds])
    .where('end_date', 'is', null)
    .orderBy('start_date', 'asc')
    .execute();
  return new Map(rows.map((r) => [r.person_id, { line1: r.line1, town: r.town, postcode: r.postcode }]));
}

/** The child's addresses: the current one first, then the others newest first. */
export async function addressHistory(db: Db, childId: string) {
  return db
    .selectFrom('addresses')
    .select(['id', 'line1', 'town', 'postcode', 'start_date', 'end_date'])
    .where('person_id', '=', childId)
    .orderBy(sql`end_date IS NULL`, 'desc')
    .orderBy('start_date', 'desc')
    .execute();
}

/** The open address the child lives at now, locked so two moves cannot both close it. */
export async function openAddress(trx: Db, childId: string) {
  return trx
    .selectFrom('addresses')
    .select(['id', 'start_date'])
    .where('person_id', '=', childId)
    .where('end_date', 'is', null)
    .orderBy('start_date', 'desc')
    .forUpdate()
    .executeTakeFirst();
}

export async function closeOpenAddresses(trx: Db, childId: string, endDate: string): Promise<void> {
  await trx.updateTable('addresses').set({ end_date: endDate }).where('person_id', '=', childId).where('end_date', 'is', null).execute();
}

export async function insertAddress(trx: Db, personId: string, a: { line1: string; town: string | null; postcode: string; startDate: string; endDate: string | null }) {
  const row = await trx
    .insertInto('addresses')
    .values({ person_id: personId, line1: a.line1, town: a.town, postcode: a.postcode, start_date: a.startDate, end_date: a.endDate })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function professionalContactsOf(db: Db, childId: string) {
  return db
    .selectFrom('professional_contacts')
    .select(['id', 'name', 'role', 'organisation', 'phone', 'email'])
    .where('child_id', '=', childId)
    .orderBy('role')
    .orderBy('name')
    .execute();
}

export async function insertProfessionalContact(
  trx: Db,
  childId: string,
  c: { name: string; role: string; organisation: string | null; phone: string | null; email: string | null },
): Promise<string> {
  const row = await trx.insertInto('professional_contacts').values({ child_id: childId, ...c }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteProfessionalContact(trx: Db, childId: string, contactId: string): Promise<boolean> {
  const result = await trx.deleteFrom('professional_contacts').where('id', '=', contactId).where('child_id', '=', childId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertAdult(trx: Db, p: { forename: string; surname: string; dateOfBirth: string | null }): Promise<string> {
  const row = await trx
    .insertInto('people')
    .values({ is_child: false, forename: p.forename, surname: p.surname, date_of_birth: p.dateOfBirth })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The child's first family group, made (named after the child's surname) when they have none. */
export async function ensureFamily(trx: Db, childId: string, surname: string): Promise<string> {
  const existing = await familyIdsOf(trx, childId);
  if (existing[0]) return existing[0];
  const family = await trx.insertInto('families').values({ name: `${surname} family` }).returning('id').executeTakeFirstOrThrow();
  await addFamilyMember(trx, family.id, childId);
  return family.id;
}

export async function addFamilyMember(trx: Db, familyId: string, personId: string): Promise<void> {
  await trx
    .insertInto('family_members')
    .values({ family_id: familyId, person_id: personId })
    .onConflict((oc) => oc.columns(['family_id', 'person_id']).doNothing())
    .execute();
}

/** Records "person is <type> of related person". */
export async function insertRelationship(
  trx: Db,
  r: { personId: string; relatedPersonId: string; type: string; livesWith: boolean; parentalResponsibility: boolean },
): Promise<string> {
  const row = await trx
    .insertInto('relationships')
    .values({ person_id: r.personId, related_person_id: r.relatedPersonId, type: r.type, lives_with: r.livesWith, parental_responsibility: r.parentalResponsibility })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Whether the two are already recorded as related this way, either way round. */
export async function relationshipRecorded(trx: Db, a: string, b: string, type: string): Promise<boolean> {
  const row = await trx
    .selectFrom('relationships')
    .select('id')
    .where('type', '=', type)
    .where((eb) =>
      eb.or([
        eb.and([eb('person_id', '=', a), eb('related_person_id', '=', b)]),
        eb.and([eb('person_id', '=', b), eb('related_person_id', '=', a)]),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** One of the child's relationships, locked for a change when asked. */
export async function findRelationship(trx: Db, childId: string, relationshipId: string, options: { lock?: boolean } = {}) {
  let query = trx
    .selectFrom('relationships')
    .select(['id', 'person_id', 'related_person_id', 'type', 'lives_with', 'parental_responsibility'])
    .where('id', '=', relationshipId)
    .where((eb) => eb.or([eb('person_id', '=', childId), eb('related_person_id', '=', childId)]));
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function updateRelationshipFlags(trx: Db, relationshipId: string, flags: { livesWith: boolean; parentalResponsibility: boolean }) {
  await trx
    .updateTable('relationships')
    .set({ lives_with: flags.livesWith, parental_responsibility: flags.parentalResponsibility })
    .where('id', '=', relationshipId)
    .execute();
}

export async function deleteRelationship(trx: Db, relationshipId: string): Promise<void> {
  await trx.deleteFrom('relationships').where('id', '=', relationshipId).execute();
}

/**
 * People in the child's family groups, or already related to the child, whose
 * name matches: the only people a relationship may be added with.
 */
export async function familyPeopleMatching(db: Db, childId: string, name: string, limit = 30): Promise<Omit<PersonFacts, 'visible'>[]> {
  const pattern = `%${name.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectFrom('people')
    .select(['id', 'forename', 'surname', 'is_child', 'date_of_birth'])
    .where('people.id', '!=', childId)
    .where((eb) =>
      eb.or([
        eb(
          'people.id',
          'in',
          eb
            .selectFrom('family_members as theirs')
            .innerJoin('family_members as mine', 'mine.family_id', 'theirs.family_id')
            .select('theirs.person_id')
            .where('mine.person_id', '=', childId),
        ),
        eb('people.id', 'in', eb.selectFrom('relationships').select('person_id').where('related_person_id', '=', childId)),
        eb('people.id', 'in', eb.selectFrom('relationships').select('related_person_id').where('person_id', '=', childId)),
      ]),
    )
    .where(sql<boolean>`(people.forename || ' ' || people.surname || ' ' || coalesce(people.other_names, '')) ILIKE ${pattern}`)
    .orderBy('surname')
    .orderBy('forename')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, forename: r.forename, surname: r.surname, isChild: r.is_child, dateOfBirth: r.date_of_birth }));
}

/** Whether the person is in one of the child's family groups or related to the child. */
export async function inChildsFamily(db: Db, childId: string, personId: string): Promise<boolean> {
  const [member, related] = await Promise.all([
    db
      .selectFrom('family_members as theirs')
      .innerJoin('family_members as mine', 'mine.family_id', 'theirs.family_id')
      .select('theirs.person_id')
      .where('mine.person_id', '=', childId)
      .where('theirs.person_id', '=', personId)
      .executeTakeFirst(),
    db
      .selectFrom('relationships')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('person_id', '=', personId), eb('related_person_id', '=', childId)]),
          eb.and([eb('person_id', '=', childId), eb('related_person_id', '=', personId)]),
        ]),
      )
      .executeTakeFirst(),
  ]);
  return personId !== childId && (member !== undefined || related !== undefined);
}
