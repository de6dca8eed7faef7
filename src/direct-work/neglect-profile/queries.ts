import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { NEGLECT_CATEGORY } from './rules.ts';

export interface DomainFields {
  key: string;
  name: string;
  grade_1: string;
  grade_2: string;
  grade_3: string;
  grade_4: string;
  grade_5: string;
}

/** The council's profile as it stands: its latest version and that version's domains in order; undefined before the first. */
export async function currentVersion(db: Db) {
  const version = await db
    .selectFrom('neglect_profile_versions as v')
    .leftJoin('users', 'users.id', 'v.made_by')
    .select(['v.version', 'v.change_note', 'v.made_at', 'users.name as made_by_name'])
    .orderBy('v.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!version) return undefined;
  const domains = await db.selectFrom('neglect_profile_domains').select(['key', 'name', 'grade_1', 'grade_2', 'grade_3', 'grade_4', 'grade_5']).where('version', '=', version.version).orderBy('position').execute();
  return { ...version, domains };
}

export type VersionWithDomains = NonNullable<Awaited<ReturnType<typeof currentVersion>>>;

/** Every version, newest first, with who made it and how many completions used it. */
export function listVersions(db: Db) {
  return db
    .selectFrom('neglect_profile_versions as v')
    .leftJoin('users', 'users.id', 'v.made_by')
    .select((eb) => [
      'v.version',
      'v.change_note',
      'v.made_at',
      'users.name as made_by_name',
      eb.selectFrom('neglect_profile_domains as d').select((e) => e.fn.countAll<string>().as('n')).whereRef('d.version', '=', 'v.version').as('domains'),
      eb.selectFrom('neglect_profiles as p').select((e) => e.fn.countAll<string>().as('n')).whereRef('p.version', '=', 'v.version').as('completions'),
    ])
    .orderBy('v.version', 'desc')
    .execute();
}

/** Holds the versions until the transaction ends, so two keepers saving at once make versions one after the other. */
export async function lockVersions(db: Db): Promise<void> {
  await sql`LOCK TABLE neglect_profile_versions IN SHARE ROW EXCLUSIVE MODE`.execute(db);
}

/** Every key a domain has had in any version: a new domain may not take one. */
export async function keysEverUsed(db: Db): Promise<Set<string>> {
  return new Set((await db.selectFrom('neglect_profile_domains').select('key').distinct().execute()).map((r) => r.key));
}

export async function insertVersion(db: Db, row: { version: number; change_note: string; made_by: string | null; made_at: Date }, domains: readonly DomainFields[]): Promise<void> {
  await db.insertInto('neglect_profile_versions').values(row).execute();
  await db
    .insertInto('neglect_profile_domains')
    .values(domains.map((d, i) => ({ ...d, version: row.version, position: i + 1 })))
    .execute();
}

/** A child's completions, newest first, each with its grades in the order of its version. */
export async function listProfiles(db: Db, childId: string) {
  const profiles = await db
    .selectFrom('neglect_profiles as p')
    .innerJoin('users as recorder', 'recorder.id', 'p.recorded_by')
    .select(['p.id', 'p.version', 'p.completed_on', 'p.with_family', 'p.took_part', 'p.summary', 'p.next_steps', 'p.recorded_at', 'recorder.name as recorder_name'])
    .where('p.child_id', '=', childId)
    .orderBy('p.completed_on', 'desc')
    .orderBy('p.recorded_at', 'desc')
    .execute();
  const grades = profiles.length
    ? await db
        .selectFrom('neglect_profile_grades')
        .select(['profile_id', 'domain_key', 'domain_name', 'grade', 'descriptor', 'evidence'])
        .where(
          'profile_id',
          'in',
          profiles.map((p) => p.id),
        )
        .orderBy('profile_id')
        .orderBy('position')
        .execute()
    : [];
  return profiles.map((p) => ({ ...p, grades: grades.filter((g) => g.profile_id === p.id) }));
}

export type ProfileRow = Awaited<ReturnType<typeof listProfiles>>[number];

export interface NewProfile {
  child_id: string;
  version: number;
  completed_on: string;
  with_family: boolean;
  took_part: string;
  summary: string;
  next_steps: string;
  recorded_by: string;
  recorded_at: Date;
}

export interface NewGrade {
  domain_key: string;
  domain_name: string;
  grade: number;
  descriptor: string;
  evidence: string | null;
}

export async function insertProfile(db: Db, row: NewProfile, grades: readonly NewGrade[]): Promise<string> {
  const { id } = await db.insertInto('neglect_profiles').values(row).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('neglect_profile_grades')
    .values(grades.map((g, i) => ({ ...g, profile_id: id, position: i + 1 })))
    .execute();
  return id;
}

/** The start of the earliest open child protection plan for neglect, or null when the child has none. */
export async function openNeglectPlanStart(db: Db, childId: string): Promise<string | null> {
  const row = await db
    .selectFrom('cp_plans')
    .select((eb) => eb.fn.min('start_date').as('start'))
    .where('child_id', '=', childId)
    .where('end_date', 'is', null)
    .where('latest_category', '=', NEGLECT_CATEGORY)
    .executeTakeFirst();
  return (row?.start as string | null | undefined) ?? null;
}

/** The date of the child's latest completion, or null. */
export async function lastCompletedOn(db: Db, childId: string): Promise<string | null> {
  const row = await db.selectFrom('neglect_profiles').select((eb) => eb.fn.max('completed_on').as('last')).where('child_id', '=', childId).executeTakeFirst();
  return (row?.last as string | null | undefined) ?? null;
}

/**
 * The child's plan and review dates: each child protection plan's start and
 * end, its initial and review conferences, and looked-after reviews.
 */
export async function planDates(db: Db, childId: string): Promise<{ date: string; what: string }[]> {
  const plans = await db.selectFrom('cp_plans').select(['start_date', 'end_date', 'latest_category']).where('child_id', '=', childId).execute();
  const meetings = await db
    .selectFrom('case_events')
    .select(['event_date', 'kind'])
    .where('child_id', '=', childId)
    .where('kind', 'in', ['icpc', 'cp_review', 'cla_review'])
    .execute();
  const kindText = { icpc: 'Initial child protection conference', cp_review: 'Child protection review conference', cla_review: 'Looked-after review' } as const;
  const planText = (p: { latest_category: string }) => `child protection plan${p.latest_category === NEGLECT_CATEGORY ? ' (neglect)' : ''}`;
  return [
    ...plans.flatMap((p) => [{ date: p.start_date, what: `Start of the ${planText(p)}` }, ...(p.end_date ? [{ date: p.end_date, what: `End of the ${planText(p)}` }] : [])]),
    ...meetings.map((m) => ({ date: m.event_date, what: kindText[m.kind as keyof typeof kindText] })),
  ].sort((a, b) => a.date.localeCompare(b.date) || a.what.localeCompare(b.what));
}
