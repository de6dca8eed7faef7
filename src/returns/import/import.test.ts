import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Db } from '../../db/database.ts';
import { csvText } from '../../platform/csv/csv.ts';
import { assertRefused, runCliOn } from '../../../test/support/cli.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { emptyImportTarget, type ImportTarget } from '../../../test/support/returns.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { buildSsda903, SSDA903_TABLES } from '../index.ts';
import { IMPORTED_TABLES } from './rules.ts';

// TEST_TODAY is 23 November 2026; the files are of the year 1 April 2025 to 31 March 2026 (2026).
// Codes are the SSDA903 schema 2024's; dates dd/mm/yyyy as the DfE's guide to the SSDA903 collection writes them.

const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB';
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';

/** The files of the year 2026 with one good child (IMP1), three bad ones (IMP2 to IMP4) and one already on the record (IMP5). */
const FILES: Record<string, string[]> = {
  Header: [HEADER, 'IMP1,1,03/02/2014,WBRI,UN1,,', 'IMP2,2,05/06/2015,WBRI,UN2,0,', 'IMP3,1,07/08/2012,WBRI,UN1,,', 'IMP4,1,07/08/2012,WBRI,UN1,,', 'IMP5,2,01/01/2011,WBRI,A845123456789,0,'],
  Episodes: [
    EPISODES,
    'IMP1,01/05/2025,S,C2,N1,U4,PR1,01/09/2025,X1,CARPL,TN34 1AA,BN21 4AB,',
    'IMP1,01/09/2025,P,C2,N1,U4,PR1,,,,TN34 1AA,BN21 4AB,',
    'IMP2,01/01/2015,S,C2,N1,U4,PR1,,,,,,',
    'IMP3,01/05/2025,S,X9,N1,U4,PR1,,,,,,',
    'IMP4,01/05/2025,S,C2,N1,U4,PR1,,,,,,',
  ],
  Reviews: ['CHILD,DOB,REVIEW,REVIEW_CODE', 'IMP1,03/02/2014,28/05/2025,PN1', 'IMP4,07/08/2012,31/02/2025,PN1'],
  UASC: ['CHILD,DOB,SEX,DUC', 'IMP1,03/02/2014,1,'],
  Missing: ['CHILD,DOB,MISSING,MIS_START,MIS_END', 'IMP1,03/02/2014,M,10/06/2025,12/06/2025'],
  OC2: ['CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED', 'IMP1,03/02/2014,14,,0,,1,1,1,0,,'],
  PrevPerm: ['CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM', 'IMP1,03/02/2014,Z1,,'],
  AD1: ['CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR', 'IMP1,03/02/2014,01/06/2025,,,,,'],
};

async function writeFiles(files: Record<string, string[]>, year = 2026): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'steadfast-import-'));
  for (const [table, lines] of Object.entries(files)) await writeFile(join(dir, `SSDA903_${year}_${table}.csv`), `${lines.join('\n')}\n`);
  return dir;
}

/** Every row of the tables an import writes, without ids or times: to compare before and after. */
async function recordRows(db: Db) {
  const [people, episodes, events, reviews, missing, checks, allocations, health, previous] = await Promise.all([
    db.selectFrom('people').select(['la_child_id', 'forename', 'surname', 'date_of_birth', 'sex', 'ethnicity', 'upn', 'upn_unknown_reason', 'uasc', 'restricted']).orderBy('la_child_id').execute(),
    db.selectFrom('care_episodes').selectAll().orderBy('id').execute(),
    db.selectFrom('case_events').select(['id', 'child_id', 'kind', 'event_date']).orderBy('id').execute(),
    db.selectFrom('care_reviews').select(['case_event_id', 'participation']).orderBy('case_event_id').execute(),
    db.selectFrom('missing_episodes').select(['id', 'kind', 'start_date', 'end_date']).orderBy('id').execute(),
    db.selectFrom('care_leaver_outcomes').select(['id', 'birthday_age', 'in_touch']).orderBy('id').execute(),
    db.selectFrom('allocations').select(['id', 'child_id', 'team_id', 'worker_id', 'end_date']).orderBy('id').execute(),
    db.selectFrom('care_health_years').select(['id', 'year_ending', 'sdq_score']).orderBy('id').execute(),
    db.selectFrom('previous_permanence').select(['id', 'care_started_on', 'option']).orderBy('id').execute(),
  ]);
  return { people, episodes, events, reviews, missing, checks, allocations, health, previous };
}

describeEachEngine('importing an earlier year\'s SSDA903 files: checked row by row, a child whole or not at all, twice changes nothing', (use) => {
  const db = () => use().db;
  let dir: string;
  let teamId: string;

  before(async () => {
    ({ teamId } = await createTeam(db(), 'Import Team'));
    await createUser(db(), { email: 'imp-pa@example.org', role: 'performance_analyst', name: 'Pat Analyst' });
    await createUser(db(), { email: 'imp-sw@example.org', role: 'social_worker', teamId, name: 'Sam Worker' });
    // IMP5 is on the record already, without an ethnicity or a unique pupil number.
    await db().insertInto('people').values({ is_child: true, la_child_id: 'IMP5', forename: 'Ima', surname: 'Known', date_of_birth: '2011-01-01', sex: 'F' }).execute();
    dir = await writeFiles(FILES);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('someone who does not make returns is refused, in one line, and the refusal is audited', async () => {
    assertRefused(await runCliOn(use(), ['returns', 'import', '903', '--dir', dir, '--as', 'imp-sw@example.org']), /imp-sw@example\.org is not an active account of someone who makes the returns/);
    const denied = await db().selectFrom('audit_events').select('reason').where('action', '=', 'returns.ssda903.import').where('outcome', '=', 'denied').execute();
    assert.equal(denied.length, 1);
    assert.equal((await db().selectFrom('people').select('id').where('la_child_id', '=', 'IMP1').execute()).length, 0);
  });

  test('a dry run reports what it would do and writes nothing', async () => {
    const before = await recordRows(db());
    const run = await runCliOn(use(), ['returns', 'import', '903', '--dir', dir, '--as', 'imp-pa@example.org', '--dry-run']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /SSDA903 2025 to 2026 dry run \(nothing written\) from .*: children created 1, enriched 1, unchanged 0, refused 3;/);
    assert.match(run.stderr, /^steadfast: 3 problems refused 3 children \(listed above\); the other children would be imported\n$/);
    assert.deepEqual(await recordRows(db()), before);
  });

  test('each bad row is one line with file, line and field (a date before birth, a code not in the schema, a date that does not exist); the bad child is written not at all, the rest is imported', async () => {
    const run = await runCliOn(use(), ['returns', 'import', '903', '--dir', dir, '--as', 'imp-pa@example.org', '--team', 'Import Team']);
    assert.equal(run.code, 1);
    const lines = run.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(0, 3), [
      "SSDA903_2026_Episodes.csv:4 DECOM: the episode starts on 01/01/2015 is before the child's date of birth 05/06/2015",
      'SSDA903_2026_Episodes.csv:5 LS: "X9" is not one of the DfE\'s codes for LS',
      'SSDA903_2026_Reviews.csv:3 REVIEW: "31/02/2025" is not a date written dd/mm/yyyy',
    ]);
    assert.match(lines[3]!, /imported from .*: children created 1, enriched 1, unchanged 0, refused 3; rows imported\/unchanged\/refused: Header 2\/0\/3, Episodes 2\/0\/3, Reviews 1\/0\/1, UASC 1\/0\/0, Missing 1\/0\/0, OC2 1\/0\/0, OC3 0\/0\/0, PrevPerm 1\/0\/0; not imported: AD1 1\.$/);
    assertRefused(run, /3 problems refused 3 children \(listed above\); the other children were imported/);

    // Nothing of the refused children: not even their Header row.
    const refused = await db().selectFrom('people').select('la_child_id').where('la_child_id', 'in', ['IMP2', 'IMP3', 'IMP4']).execute();
    assert.deepEqual(refused, []);

    const child = await db().selectFrom('people').selectAll().where('la_child_id', '=', 'IMP1').executeTakeFirstOrThrow();
    assert.equal(`${child.forename} ${child.surname}`, 'Imported child IMP1');
    assert.deepEqual([child.date_of_birth, child.sex, child.ethnicity, child.upn, child.upn_unknown_reason, child.uasc, child.restricted], ['2014-02-03', 'M', 'WBRI', null, 'UN1', true, false]);
    const episodes = await db().selectFrom('care_episodes').select(['start_date', 'end_date', 'reason_ceased', 'reason_place_change', 'legal_status', 'placement_postcode']).where('child_id', '=', child.id).orderBy('start_date').execute();
    assert.deepEqual(episodes, [
      { start_date: '2025-05-01', end_date: '2025-09-01', reason_ceased: 'X1', reason_place_change: 'CARPL', legal_status: 'C2', placement_postcode: 'BN21 4AB' },
      { start_date: '2025-09-01', end_date: null, reason_ceased: null, reason_place_change: null, legal_status: 'C2', placement_postcode: 'BN21 4AB' },
    ]);
    const review = await db().selectFrom('case_events').innerJoin('care_reviews', 'care_reviews.case_event_id', 'case_events.id').select(['event_date', 'participation']).where('case_events.child_id', '=', child.id).execute();
    assert.deepEqual(review, [{ event_date: '2025-05-28', participation: 'PN1' }]);
    const missing = await db().selectFrom('missing_episodes').select(['kind', 'start_date', 'end_date']).where('child_id', '=', child.id).execute();
    assert.deepEqual(missing, [{ kind: 'M', start_date: '2025-06-10', end_date: '2025-06-12' }]);
    const health = await db().selectFrom('care_health_years').select(['year_ending', 'sdq_score', 'sdq_reason', 'convicted', 'immunisations', 'substance_misuse']).where('child_id', '=', child.id).execute();
    assert.deepEqual(health, [{ year_ending: '2026-03-31', sdq_score: 14, sdq_reason: null, convicted: false, immunisations: true, substance_misuse: false }]);
    // PrevPerm belongs to the care that started in the year: the episode with RNE S.
    const previous = await db().selectFrom('previous_permanence').select(['care_started_on', 'option']).where('child_id', '=', child.id).execute();
    assert.deepEqual(previous, [{ care_started_on: '2025-05-01', option: 'Z1' }]);
    // Placed in the team asked for, with no worker yet: the team's managers see the child and allocate.
    const lead = await db().selectFrom('case_leads').select(['team_id', 'worker_id']).where('child_id', '=', child.id).execute();
    assert.deepEqual(lead, [{ team_id: teamId, worker_id: null }]);

    // The child already on the record keeps its name; the files fill what it lacked.
    const known = await db().selectFrom('people').selectAll().where('la_child_id', '=', 'IMP5').executeTakeFirstOrThrow();
    assert.deepEqual([known.forename, known.ethnicity, known.upn], ['Ima', 'WBRI', 'A845123456789']);
    assert.equal((await db().selectFrom('allocations').select('id').where('child_id', '=', known.id).execute()).length, 0, 'an existing child keeps its allocations');

    const audit = await db().selectFrom('audit_events').select(['action', 'subject_type', 'reason', 'actor_email']).where('action', 'like', 'returns.ssda903.import%').where('outcome', '=', 'allowed').orderBy('occurred_at').orderBy('id').execute();
    const run1 = audit.filter((a) => a.action === 'returns.ssda903.import');
    assert.equal(run1.length, 1);
    assert.equal(run1[0]!.actor_email, 'imp-pa@example.org');
    assert.match(run1[0]!.reason!, /^SSDA903 2025 to 2026 import of SSDA903_2026_AD1\.csv, .*SSDA903_2026_UASC\.csv: children created 1, enriched 1/);
    assert.deepEqual(
      audit.filter((a) => a.action === 'returns.ssda903.import.child').map((a) => a.reason),
      ['SSDA903 2025 to 2026 import, child IMP1 created: Header 1, Episodes 2, Reviews 1, UASC 1, Missing 1, OC2 1, PrevPerm 1', 'SSDA903 2025 to 2026 import, child IMP5 enriched: Header 1'],
    );
  });

  test('importing the same files again changes nothing: every child and row unchanged, the record identical', async () => {
    const before = await recordRows(db());
    const run = await runCliOn(use(), ['returns', 'import', '903', '--dir', dir, '--as', 'imp-pa@example.org', '--team', 'Import Team']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /children created 0, enriched 0, unchanged 2, refused 3; rows imported\/unchanged\/refused: Header 0\/2\/3, Episodes 0\/2\/3, Reviews 0\/1\/1, UASC 0\/1\/0, Missing 0\/1\/0, OC2 0\/1\/0, OC3 0\/0\/0, PrevPerm 0\/1\/0;/);
    assert.deepEqual(await recordRows(db()), before);
  });

  test('files that cannot be the return are refused in one line, nothing read', async () => {
    assertRefused(await runCliOn(use(), ['returns', 'import', '903', '--dir', join(dir, 'none'), '--as', 'imp-pa@example.org']), /cannot read the directory/);
    assertRefused(await runCliOn(use(), ['returns', 'import', '903', '--dir', dir, '--as', 'imp-pa@example.org', '--year', '2024']), /holds no SSDA903 table files for 2024/);
    assertRefused(await runCliOn(use(), ['returns', 'import', '903', '--dir', dir, '--as', 'imp-pa@example.org', '--team', 'No Such Team']), /there is no team "No Such Team"/);
  });
});

describeEachEngine(
  'the round trip: the 903 of a demo council imported into an empty database makes the same tables again',
  (use, engine) => {
    let trip: ImportTarget;
    before(async () => {
      trip = await emptyImportTarget(engine);
    });
    after(() => trip.close());

    test('Header, Episodes, Reviews, UASC, Missing, OC2, OC3 and PrevPerm come back the same, row for row', async () => {
      const { target, dir } = trip;
      // The small demo has no missing episode in the year: one is added, so the Missing table is carried over too.
      const source = use().db;
      const first = (await buildSsda903(source, 2026)).Episodes[0]!;
      const child = await source.selectFrom('people').select('id').where('la_child_id', '=', first.CHILD!).executeTakeFirstOrThrow();
      const someone = await source.selectFrom('users').select('id').executeTakeFirstOrThrow();
      await source.insertInto('missing_episodes').values({ child_id: child.id, kind: 'A', start_date: '2025-10-04', end_date: '2025-10-05', reported_to_police: true, recorded_by: someone.id, recorded_at: new Date('2025-10-05T10:00:00Z') }).execute();
      const exported = await buildSsda903(source, 2026);
      for (const table of IMPORTED_TABLES) assert.ok(exported[table].length > 0, `the demo's return has ${table} rows to carry over`);
      for (const table of SSDA903_TABLES) {
        const columns: readonly string[] = table.columns;
        await writeFile(join(dir, `SSDA903_2026_${table.name}.csv`), await csvText(exported[table.name], { columns }));
      }
      const run = await runCliOn(target, ['returns', 'import', '903', '--dir', dir, '--as', 'trip-pa@example.org']);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const again = await buildSsda903(target.db, 2026);
      // MOTHER and MC_DOB are not imported (the return does not name the child's own child).
      const header = (rows: Record<string, string>[]) => rows.map(({ MOTHER: _m, MC_DOB: _d, ...rest }) => rest);
      assert.deepEqual(header(again.Header), header(exported.Header));
      for (const table of IMPORTED_TABLES.filter((t) => t !== 'Header')) assert.deepEqual(again[table], exported[table], table);

      const second = await runCliOn(target, ['returns', 'import', '903', '--dir', dir, '--as', 'trip-pa@example.org']);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /children created 0, enriched 0, unchanged \d+, refused 0;/);
    });
  },
  { fixture: 'demo' },
);
