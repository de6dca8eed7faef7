import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Db } from '../../db/database.ts';
import { csvText } from '../../platform/csv/csv.ts';
import { assertRefused, runCliOn } from '../../../test/support/cli.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { emptyImportTarget, type ImportTarget } from '../../../test/support/returns.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { buildSsda903, SSDA903_TABLES } from '../index.ts';
import { IMPORTED_TABLES } from './rules.ts';

// TEST_TODAY is 23 November 2026; the files are of the year 1 April 2025 to 31 March 2026 (2026).
// Codes are the SSDA903 schema 2024's; dates dd/mm/yyyy as the DfE's guide to the SSDA903 collection writes them.

const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB';
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';

/**
 * The files of the year 2026 with two good children (IMP1, and IMP6 adopted
 * in the year), four bad ones (IMP2 to IMP4 fail the checks; IMP7 names a
 * social worker no one on the record is) and one already on the record (IMP5).
 */
const FILES: Record<string, string[]> = {
  Header: [
    HEADER,
    'IMP1,1,03/02/2014,WBRI,UN1,,',
    'IMP2,2,05/06/2015,WBRI,UN2,0,',
    'IMP3,1,07/08/2012,WBRI,UN1,,',
    'IMP4,1,07/08/2012,WBRI,UN1,,',
    'IMP5,2,01/01/2011,WBRI,A845123456789,0,',
    'IMP6,2,10/10/2021,WBRI,UN1,,',
    'IMP7,1,01/01/2016,WBRI,UN1,,',
  ],
  Episodes: [
    EPISODES,
    'IMP1,01/05/2025,S,C2,N1,U4,PR1,01/09/2025,X1,CARPL,TN34 1AA,BN21 4AB,',
    'IMP1,01/09/2025,P,C2,N1,U4,PR1,,,,TN34 1AA,BN21 4AB,',
    'IMP2,01/01/2015,S,C2,N1,U4,PR1,,,,,,',
    'IMP3,01/05/2025,S,X9,N1,U4,PR1,,,,,,',
    'IMP4,01/05/2025,S,C2,N1,U4,PR1,,,,,,',
    'IMP6,20/02/2025,S,C1,N1,U4,PR1,01/05/2025,X1,,TN34 2BB,BN22 7CD,',
    'IMP6,01/05/2025,L,E1,N1,U4,PR1,15/07/2025,X1,,TN34 2BB,BN22 7CD,',
    'IMP6,15/07/2025,P,E1,N1,A6,PR2,20/01/2026,E11,,TN34 2BB,BN3 4EF,',
    'IMP7,01/05/2025,S,C2,N1,U4,PR1,,,,,,',
  ],
  Reviews: ['CHILD,DOB,REVIEW,REVIEW_CODE', 'IMP1,03/02/2014,28/05/2025,PN1', 'IMP4,07/08/2012,31/02/2025,PN1'],
  UASC: ['CHILD,DOB,SEX,DUC', 'IMP1,03/02/2014,1,'],
  Missing: ['CHILD,DOB,MISSING,MIS_START,MIS_END', 'IMP1,03/02/2014,M,10/06/2025,12/06/2025'],
  OC2: ['CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED', 'IMP1,03/02/2014,14,,0,,1,1,1,0,,'],
  PrevPerm: ['CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM', 'IMP1,03/02/2014,Z1,,'],
  AD1: ['CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR', 'IMP6,10/10/2021,10/04/2025,01/07/2025,0,2,MF,L0'],
  PlacedAdoption: ['CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED', 'IMP6,10/10/2021,10/04/2025,,'],
  SWEpisodes: ['CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON', 'IMP6,10/10/2021,SW900001,20/02/2025,20/01/2026,', 'IMP7,01/01/2016,SW999999,01/05/2025,,'],
  DoLo: ['CHILD,DOB,DOLO_START,DOLO_END', 'IMP1,03/02/2014,01/10/2025,'],
};

async function writeFiles(files: Record<string, string[]>, year = 2026): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'steadfast-import-'));
  for (const [table, lines] of Object.entries(files)) await writeFile(join(dir, `SSDA903_${year}_${table}.csv`), `${lines.join('\n')}\n`);
  return dir;
}

/** Every row of the tables an import writes, without ids or times: to compare before and after. */
async function recordRows(db: Db) {
  const [people, episodes, events, reviews, missing, checks, allocations, health, previous, adoption, liberty] = await Promise.all([
    db.selectFrom('people').select(['la_child_id', 'forename', 'surname', 'date_of_birth', 'sex', 'ethnicity', 'upn', 'upn_unknown_reason', 'uasc', 'restricted']).orderBy('la_child_id').execute(),
    db.selectFrom('care_episodes').selectAll().orderBy('id').execute(),
    db.selectFrom('case_events').select(['id', 'child_id', 'kind', 'event_date']).orderBy('id').execute(),
    db.selectFrom('care_reviews').select(['case_event_id', 'participation']).orderBy('case_event_id').execute(),
    db.selectFrom('missing_episodes').select(['id', 'kind', 'start_date', 'end_date']).orderBy('id').execute(),
    db.selectFrom('care_leaver_outcomes').select(['id', 'birthday_age', 'in_touch']).orderBy('id').execute(),
    db.selectFrom('allocations').select(['id', 'child_id', 'team_id', 'worker_id', 'end_date']).orderBy('id').execute(),
    db.selectFrom('care_health_years').select(['id', 'year_ending', 'sdq_score']).orderBy('id').execute(),
    db.selectFrom('previous_permanence').select(['id', 'care_started_on', 'option']).orderBy('id').execute(),
    db.selectFrom('adoption_decisions').selectAll().orderBy('id').execute(),
    db.selectFrom('deprivation_of_liberty_orders').selectAll().orderBy('id').execute(),
  ]);
  return { people, episodes, events, reviews, missing, checks, allocations, health, previous, adoption, liberty };
}

describeEachEngine('importing an earlier year\'s SSDA903 files: checked row by row, a child whole or not at all, twice changes nothing', (use) => {
  const db = () => use().db;
  let dir: string;
  let teamId: string;
  let workerId: string;

  before(async () => {
    ({ teamId } = await createTeam(db(), 'Import Team'));
    await createUser(db(), { email: 'imp-pa@example.org', role: 'performance_analyst', name: 'Pat Analyst' });
    workerId = await createUser(db(), { email: 'imp-sw@example.org', role: 'social_worker', teamId, name: 'Sam Worker' });
    await db().insertInto('staff_records').values({ user_id: workerId, swe_number: 'SW900001' }).execute();
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
    assert.match(run.stdout, /SSDA903 2025 to 2026 dry run \(nothing written\) from .*: children created 2, enriched 1, unchanged 0, refused 4;/);
    assert.match(run.stderr, /^steadfast: 4 problems refused 4 children \(listed above\); the other children would be imported\n$/);
    assert.deepEqual(await recordRows(db()), before);
  });

  test('each bad row is one line with file, line and field (a date before birth, a code not in the schema, a date that does not exist); the bad child is written not at all, the rest is imported', async () => {
    const run = await runCliOn(use(), ['returns', 'import', '903', '--dir', dir, '--as', 'imp-pa@example.org', '--team', 'Import Team']);
    assert.equal(run.code, 1);
    const lines = run.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(0, 4), [
      "SSDA903_2026_Episodes.csv:4 DECOM: the episode starts on 01/01/2015 is before the child's date of birth 05/06/2015",
      'SSDA903_2026_Episodes.csv:5 LS: "X9" is not one of the DfE\'s codes for LS',
      'SSDA903_2026_Reviews.csv:3 REVIEW: "31/02/2025" is not a date written dd/mm/yyyy',
      'SSDA903_2026_SWEpisodes.csv:3 SW_ID: no member of staff has the Social Work England number SW999999: add them (Workforce, their staff record) and import again',
    ]);
    assert.match(
      lines[4]!,
      /imported from .*: children created 2, enriched 1, unchanged 0, refused 4; rows imported\/unchanged\/refused: Header 3\/0\/4, Episodes 5\/0\/4, Reviews 1\/0\/1, UASC 1\/0\/0, Missing 1\/0\/0, OC2 1\/0\/0, OC3 0\/0\/0, PrevPerm 1\/0\/0, AD1 1\/0\/0, PlacedAdoption 1\/0\/0, SWEpisodes 1\/0\/1, DoLo 1\/0\/0\.$/,
    );
    assertRefused(run, /4 problems refused 4 children \(listed above\); the other children were imported/);

    // Nothing of the refused children: not even their Header row.
    const refused = await db().selectFrom('people').select('la_child_id').where('la_child_id', 'in', ['IMP2', 'IMP3', 'IMP4', 'IMP7']).execute();
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
    // Under 16 when the order started: the High Court's inherent jurisdiction, not the Court of Protection's.
    const liberty = await db().selectFrom('deprivation_of_liberty_orders').select(['court', 'made_on', 'start_date', 'end_date']).where('child_id', '=', child.id).execute();
    assert.deepEqual(liberty, [{ court: 'high_court', made_on: '2025-10-01', start_date: '2025-10-01', end_date: null }]);

    // Adopted in the year: the decision with its match and adopters, the placement order from the first E1
    // episode, the placement with the adopters from the first adoptive placement, the order the day care ended.
    const adopted = await db().selectFrom('people').select('id').where('la_child_id', '=', 'IMP6').executeTakeFirstOrThrow();
    const decision = await db()
      .selectFrom('adoption_decisions')
      .select(['decided_on', 'authority', 'authority_on', 'matched_on', 'foster_carers', 'adopters_count', 'adopters_sex', 'adopters_legal_status', 'placed_on', 'adopted_on', 'ceased_on'])
      .where('child_id', '=', adopted.id)
      .execute();
    assert.deepEqual(decision, [
      {
        decided_on: '2025-04-10',
        authority: 'placement_order',
        authority_on: '2025-05-01',
        matched_on: '2025-07-01',
        foster_carers: false,
        adopters_count: 2,
        adopters_sex: 'MF',
        adopters_legal_status: 'L0',
        placed_on: '2025-07-15',
        adopted_on: '2026-01-20',
        ceased_on: null,
      },
    ]);
    // Their social worker's episode, in the worker's own team; and the team chosen for the case from today.
    const allocations = await db().selectFrom('allocations').select(['worker_id', 'team_id', 'start_date', 'end_date']).where('child_id', '=', adopted.id).orderBy('start_date').execute();
    assert.deepEqual(allocations, [
      { worker_id: workerId, team_id: teamId, start_date: '2025-02-20', end_date: '2026-01-20' },
      { worker_id: null, team_id: teamId, start_date: TEST_TODAY, end_date: null },
    ]);

    // The child already on the record keeps its name; the files fill what it lacked.
    const known = await db().selectFrom('people').selectAll().where('la_child_id', '=', 'IMP5').executeTakeFirstOrThrow();
    assert.deepEqual([known.forename, known.ethnicity, known.upn], ['Ima', 'WBRI', 'A845123456789']);
    assert.equal((await db().selectFrom('allocations').select('id').where('child_id', '=', known.id).execute()).length, 0, 'an existing child keeps its allocations');

    const audit = await db().selectFrom('audit_events').select(['action', 'subject_type', 'reason', 'actor_email']).where('action', 'like', 'returns.ssda903.import%').where('outcome', '=', 'allowed').orderBy('occurred_at').orderBy('id').execute();
    const run1 = audit.filter((a) => a.action === 'returns.ssda903.import');
    assert.equal(run1.length, 1);
    assert.equal(run1[0]!.actor_email, 'imp-pa@example.org');
    assert.match(run1[0]!.reason!, /^SSDA903 2025 to 2026 import of SSDA903_2026_AD1\.csv, .*SSDA903_2026_UASC\.csv: children created 2, enriched 1/);
    assert.deepEqual(
      audit.filter((a) => a.action === 'returns.ssda903.import.child').map((a) => a.reason),
      [
        'SSDA903 2025 to 2026 import, child IMP1 created: Header 1, Episodes 2, Reviews 1, UASC 1, Missing 1, OC2 1, PrevPerm 1, DoLo 1',
        'SSDA903 2025 to 2026 import, child IMP5 enriched: Header 1',
        'SSDA903 2025 to 2026 import, child IMP6 created: Header 1, Episodes 3, AD1 1, PlacedAdoption 1, SWEpisodes 1',
      ],
    );
  });

  test('importing the same files again changes nothing: every child and row unchanged, the record identical', async () => {
    const before = await recordRows(db());
    const run = await runCliOn(use(), ['returns', 'import', '903', '--dir', dir, '--as', 'imp-pa@example.org', '--team', 'Import Team']);
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /children created 0, enriched 0, unchanged 3, refused 4; rows imported\/unchanged\/refused: Header 0\/3\/4, Episodes 0\/5\/4, Reviews 0\/1\/1, UASC 0\/1\/0, Missing 0\/1\/0, OC2 0\/1\/0, OC3 0\/0\/0, PrevPerm 0\/1\/0, AD1 0\/1\/0, PlacedAdoption 0\/1\/0, SWEpisodes 0\/1\/1, DoLo 0\/1\/0\.$/m,
    );
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

    test('every table comes back the same, row for row, once the staff named in SWEpisodes are on the new record', async () => {
      const { target, dir } = trip;
      // The small demo has no missing episode in the year: one is added, so the Missing table is carried over too.
      const source = use().db;
      const first = (await buildSsda903(source, 2026)).Episodes[0]!;
      const child = await source.selectFrom('people').select('id').where('la_child_id', '=', first.CHILD!).executeTakeFirstOrThrow();
      const someone = await source.selectFrom('users').select('id').executeTakeFirstOrThrow();
      await source.insertInto('missing_episodes').values({ child_id: child.id, kind: 'A', start_date: '2025-10-04', end_date: '2025-10-05', reported_to_police: true, recorded_by: someone.id, recorded_at: new Date('2025-10-05T10:00:00Z') }).execute();
      // Nor a child adopted in the year, nor an order depriving a child of liberty: one of each is added, for AD1 and DoLo.
      await source.insertInto('deprivation_of_liberty_orders').values({ child_id: child.id, court: 'high_court', made_on: '2025-09-01', start_date: '2025-09-01', end_date: '2026-01-15', recorded_by: someone.id, recorded_at: new Date('2025-09-01T10:00:00Z') }).execute();
      const waiting = await source
        .selectFrom('adoption_decisions as d')
        .innerJoin('care_episodes as e', (join) => join.onRef('e.child_id', '=', 'd.child_id').on('e.end_date', 'is', null))
        .select(['d.id', 'd.decided_on', 'e.id as episodeId'])
        .where('d.ceased_on', 'is', null)
        .where('d.adopted_on', 'is', null)
        .where('d.decided_on', '<', '2026-01-01')
        .where('e.start_date', '<', '2026-02-01')
        .executeTakeFirstOrThrow();
      await source.updateTable('care_episodes').set({ end_date: '2026-03-02', reason_ceased: 'E11' }).where('id', '=', waiting.episodeId).execute();
      await source
        .updateTable('adoption_decisions')
        .set({ authority: 'consent', authority_on: waiting.decided_on, matched_on: '2026-01-10', adopters_count: 2, adopters_sex: 'MF', adopters_legal_status: 'L0', foster_carers: false, placed_on: '2026-02-01', adopted_on: '2026-03-02' })
        .where('id', '=', waiting.id)
        .execute();
      const exported = await buildSsda903(source, 2026);
      for (const table of IMPORTED_TABLES) assert.ok(exported[table].length > 0, `the demo's return has ${table} rows to carry over`);
      for (const table of SSDA903_TABLES) {
        const columns: readonly string[] = table.columns;
        await writeFile(join(dir, `SSDA903_2026_${table.name}.csv`), await csvText(exported[table.name], { columns }));
      }
      // A council moving to Steadfast adds its staff first: each social worker in the return, with their number, in a team.
      const { teamId } = await createTeam(target.db, 'Moved Team');
      for (const swe of new Set(exported.SWEpisodes.map((r) => r.SW_ID!))) {
        const id = await createUser(target.db, { email: `${swe.toLowerCase()}@example.org`, role: 'social_worker', teamId });
        await target.db.insertInto('staff_records').values({ user_id: id, swe_number: swe }).execute();
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
