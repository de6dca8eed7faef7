import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Db } from '../db/database.ts';
import { appForSuite, textOf, type Agent } from '../../test/support/app.ts';
import { assertRefused, runCliOn } from '../../test/support/cli.ts';
import { describeEachEngine } from '../../test/support/databases.ts';
import { returnsStaff } from '../../test/support/returns.ts';

// TEST_TODAY is 23 November 2026: the last finished collection year is 1 April 2025 to 31 March 2026 (2026).

async function lookedAfter(db: Db, v: { id: string; birth: string; since: string; until?: string; restricted?: boolean; upn?: string; teamId: string; workerId: string }) {
  const child = await db
    .insertInto('people')
    .values({ is_child: true, la_child_id: v.id, forename: 'Ren', surname: `Return${v.id}`, date_of_birth: v.birth, sex: 'M', ethnicity: 'WBRI', upn: v.upn ?? null, upn_unknown_reason: v.upn ? null : 'UN1', restricted: v.restricted ?? false, restriction_reason: v.restricted ? 'A relative of a member of staff' : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('care_episodes')
    .values({ child_id: child.id, start_date: v.since, end_date: v.until ?? null, reason_ceased: v.until ? 'E13' : null, reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U4', placement_provider: 'PR1', placement_postcode: 'BN21 4AB', home_postcode: 'TN34 1AA' })
    .execute();
  await db.insertInto('allocations').values({ child_id: child.id, role: 'lead', team_id: v.teamId, worker_id: v.workerId, start_date: v.since, end_date: v.until ?? null, end_reason: v.until ? 'CHCHAN' : null }).execute();
  return child.id;
}

describeEachEngine('the SSDA903 return: made from the record, for those who make returns, audited', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let analyst: Agent;
  let head: Agent;
  let worker: Agent;
  let manager: Agent;
  let hiddenId: string;
  let openId: string;

  before(async () => {
    const { teamId, workerId, ...agents } = await returnsStaff(t.app, db(), 'ret', 'Returns Team');
    ({ analyst, head, worker, manager } = agents);
    await db().insertInto('staff_records').values({ user_id: workerId, swe_number: 'SW123456' }).execute();
    const review = await lookedAfter(db(), { id: 'RET1', birth: '2014-02-03', since: '2025-05-01', teamId, workerId });
    hiddenId = await lookedAfter(db(), { id: 'RET2', birth: '2012-07-08', since: '2024-01-10', until: '2025-12-01', restricted: true, teamId, workerId });
    await lookedAfter(db(), { id: 'RET3', birth: '2010-01-01', since: '2020-01-01', until: '2025-03-01', teamId, workerId });
    // Two children whose unique pupil numbers are not valid (rule 168), one of them restricted.
    openId = await lookedAfter(db(), { id: 'RET4', birth: '2013-03-03', since: '2025-06-01', upn: 'BAD123', teamId, workerId });
    await db().updateTable('people').set({ upn: 'A84512345678', upn_unknown_reason: null }).where('id', '=', hiddenId).execute();
    const event = await db().insertInto('case_events').values({ child_id: review, kind: 'cla_review', event_date: '2025-05-28', recorded_by: workerId, recorded_at: new Date('2025-05-28T12:00:00Z') }).returning('id').executeTakeFirstOrThrow();
    await db().insertInto('care_reviews').values({ case_event_id: event.id, child_id: review, chair_id: workerId, chair_was_allocated: false, participation: 'PN1', plan_endorsed: true, recorded_by: workerId, recorded_at: new Date('2025-05-28T12:00:00Z') }).execute();
  });

  test('the returns page shows each table of the last finished year with its rows; a restricted child is in the return, a child who left care before the year is not', async () => {
    const page = await analyst.get('/returns');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Children looked after \(SSDA903\): 2025 to 2026/);
    assert.match(text, /Header\s+3\s+Header as CSV/);
    assert.match(text, /Episodes\s+3\s+/);
    assert.match(text, /Reviews\s+1\s+/);
    assert.doesNotMatch(page.body, /ReturnRET/, 'no child is named on the page');
    assert.equal((await head.get('/returns?year=2027')).statusCode, 200);
  });

  test('a table downloads as the DfE\'s CSV: its columns, codes and dd/mm/yyyy dates', async () => {
    const episodes = await analyst.get('/returns/ssda903/2026/Episodes.csv');
    assert.equal(episodes.statusCode, 200);
    assert.match(String(episodes.headers['content-type']), /^text\/csv/);
    assert.equal(
      episodes.body.trim(),
      [
        'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
        'RET1,01/05/2025,S,C2,N1,U4,PR1,,,,TN34 1AA,BN21 4AB,',
        'RET2,10/01/2024,S,C2,N1,U4,PR1,01/12/2025,E13,,TN34 1AA,BN21 4AB,',
        'RET4,01/06/2025,S,C2,N1,U4,PR1,,,,TN34 1AA,BN21 4AB,',
      ].join('\n'),
    );
    const workers = await analyst.get('/returns/ssda903/2026/SWEpisodes.csv');
    assert.equal(workers.body.trim().split('\n')[2], 'RET2,08/07/2012,SW123456,10/01/2024,01/12/2025,CHCHAN');
    const header = await analyst.get('/returns/ssda903/2026/Header.csv');
    assert.equal(header.body.trim().split('\n')[1], 'RET1,1,03/02/2014,WBRI,UN1,,');
  });

  test('each generation and download is audited with the year and what it contained', async () => {
    await analyst.get('/returns/ssda903/2026/Reviews.csv');
    const rows = await db().selectFrom('audit_events').select(['action', 'reason', 'subject_id']).where('action', 'like', 'returns.%').where('actor_email', '=', 'ret-pa@example.org').execute();
    assert.ok(rows.some((r) => r.action === 'returns.ssda903.download' && r.subject_id === 'ssda903-2026' && r.reason === 'SSDA903 2025 to 2026: Reviews 1 rows'));
    assert.ok(rows.some((r) => r.action === 'returns.ssda903.validate' && /^SSDA903 2025 to 2026: Header 3, Episodes 3, Reviews 1, .*; 2 errors$/.test(r.reason ?? '')));
  });

  test('only performance analysts and heads of service make returns: a social worker is refused and the refusal audited', async () => {
    assert.equal((await worker.get('/returns')).statusCode, 403);
    assert.equal((await worker.get('/returns/ssda903/2026/Header.csv')).statusCode, 403);
    const denied = await db().selectFrom('audit_events').select('action').where('actor_email', '=', 'ret-sw@example.org').where('outcome', '=', 'denied').execute();
    assert.ok(denied.length >= 1);
  });

  test('the errors the DfE\'s rules find are listed by rule, team and worker; a rule lists its children, linked to the page to put it right only where the viewer may open the record', async () => {
    const page = textOf((await head.get('/returns')).body);
    assert.match(page, /2 rows break the DfE's rules/);
    assert.match(page, /168\s*: the children\s+Unique Pupil Number \(UPN\) is not valid\. If unknown, default codes should be UN1, UN2, UN3, UN4 or UN5\.\s+2\s+2/);
    // The restricted child's care, and so its case, ended in December: no team leads it now.
    assert.match(page, /By the team leading the case now Team Errors No team leads the case now 1 Returns Team 1/);
    assert.match(page, /Sam Worker \(Returns Team\) 1/);
    const rule = await head.get('/returns/ssda903/2026/rules/168');
    assert.equal(rule.statusCode, 200);
    // A head of service opens no child's record without a part in it: the children are listed, not linked.
    assert.match(textOf(rule.body), /RET2\s+Header, row 2\s+No team leads the case now\s+Not a record you may open/);
    assert.match(textOf(rule.body), /RET4\s+Header, row 3\s+Returns Team: Sam Worker\s+Not a record you may open/);
    assert.ok(!rule.body.includes(hiddenId) && !rule.body.includes(openId), 'no record is linked');
    assert.equal((await head.get('/returns/ssda903/2026/rules/9999')).statusCode, 404);
    assert.equal((await worker.get('/returns/ssda903/2026/rules/168')).statusCode, 403);
  });

  test('a team manager sees the errors of their team\'s children, each linked to the page where it is put right, and no tables to download', async () => {
    const page = await manager.get('/returns');
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /1 row breaks the DfE's rules/);
    assert.doesNotMatch(textOf(page.body), /as CSV/);
    const rule = await manager.get('/returns/ssda903/2026/rules/168');
    assert.match(textOf(rule.body), /RET4\s+Header, row 3\s+Returns Team: Sam Worker\s+Open their details/);
    assert.ok(rule.body.includes(`/children/${openId}/details/edit`));
    assert.doesNotMatch(textOf(rule.body), /RET2/, 'the restricted child is not listed to someone not named on it');
    assert.equal((await manager.get('/returns/ssda903/2026/Header.csv')).statusCode, 403);
  });

  test('a year not offered and a table not in the return are not found', async () => {
    assert.equal((await analyst.get('/returns?year=2019')).statusCode, 404);
    assert.equal((await analyst.get('/returns/ssda903/2026/Nope.csv')).statusCode, 404);
    assert.equal((await analyst.get('/returns/ssda903/2031/Header.csv')).statusCode, 404);
  });

  test('the CLI writes every table for a year, and refuses a year it cannot make with one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ssda903-'));
    try {
      const run = await runCliOn(use(), ['returns', '903', '--year', '2026', '--out', dir]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /SSDA903 2025 to 2026 written to .*: Header 3, Episodes 3, Reviews 1, UASC 0/);
      const files = await readdir(dir);
      assert.equal(files.length, 12);
      assert.match(await readFile(join(dir, 'SSDA903_2026_Reviews.csv'), 'utf8'), /^CHILD,DOB,REVIEW,REVIEW_CODE\nRET1,03\/02\/2014,28\/05\/2025,PN1\n$/);
      assertRefused(await runCliOn(use(), ['returns', '903', '--year', '2019', '--out', dir]), /not a collection year that can be made/);
      const checked = await runCliOn(use(), ['returns', '903', '--year', '2026', '--out', dir, '--validate']);
      assert.equal(checked.code, 1);
      assert.match(checked.stdout, /Rule 168: 2 rows, 2 children\. Unique Pupil Number/);
      assert.match(checked.stderr, /^steadfast: 2 rows break the DfE's validation rules/);
      assertRefused(await runCliOn(use(), ['returns', '903', '--year', 'last', '--out', dir]), /YYYY/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
