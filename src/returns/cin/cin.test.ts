import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Db } from '../../db/database.ts';
import { appForSuite, textOf, type Agent } from '../../../test/support/app.ts';
import { assertRefused, runCliOn } from '../../../test/support/cli.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { returnsStaff } from '../../../test/support/returns.ts';
import { buildCinCensus, censusXml, schemaErrors } from './service.ts';

// TEST_TODAY is 23 November 2026: the last finished collection year is 1 April 2025 to 31 March 2026 (2026).

describeEachEngine(
  'the CIN census of the demo council: valid against the schema kept in the project',
  (use) => {
    test('the last finished year\'s census, made from the seeded demo, is valid against CIN_schema_2025.xsd and uses the current structure', async () => {
      const census = await buildCinCensus(use().db, 2026);
      assert.ok(census.children.length > 50, `${census.children.length} children in need`);
      const episodes = census.children.flatMap((c) => c.CINdetails);
      assert.ok(episodes.some((e) => e.ChildProtectionPlans.length > 0), 'child protection plans');
      assert.ok(episodes.some((e) => e.Section47.length > 0), 'section 47 enquiries');
      assert.ok(episodes.some((e) => e.Assessments.some((a) => a.AssessmentFactors.length > 0)), 'assessment factors');
      const xml = censusXml(census, '845', new Date('2026-11-23T09:00:00Z'));
      assert.deepEqual(await schemaErrors(xml), []);
      assert.match(xml, /<Sex>[MFU]<\/Sex>/);
      assert.doesNotMatch(xml, /GenderCurrent/);
      assert.match(xml, /<PreProceedingsandFGDM>/, 'pre-proceedings where the demo has them');
    });
  },
  { fixture: 'demo' },
);

async function childInNeed(db: Db, v: { id: string; need: string | null; restricted?: boolean; teamId: string; workerId: string }) {
  const child = await db
    .insertInto('people')
    .values({ is_child: true, la_child_id: v.id, forename: 'Cee', surname: `Census${v.id}`, date_of_birth: '2016-04-05', sex: 'F', ethnicity: 'WBRI', upn_unknown_reason: 'UN1', restricted: v.restricted ?? false, restriction_reason: v.restricted ? 'A relative of a member of staff' : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('person_disabilities').values({ person_id: child.id, code: 'NONE' }).execute();
  await db.insertInto('referrals').values({ child_id: child.id, referral_date: '2025-06-02', source: '2A', primary_need: v.need }).execute();
  await db.insertInto('allocations').values({ child_id: child.id, role: 'lead', team_id: v.teamId, worker_id: v.workerId, start_date: '2025-06-02' }).execute();
  return child.id;
}

describeEachEngine('the CIN census: made from the record as XML, for those who make returns, checked, audited', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let analyst: Agent;
  let head: Agent;
  let worker: Agent;
  let manager: Agent;
  let openId: string;
  let hiddenId: string;

  before(async () => {
    const { teamId, workerId, ...agents } = await returnsStaff(t.app, db(), 'cin', 'Census Team');
    ({ analyst, head, worker, manager } = agents);
    await childInNeed(db(), { id: 'CIN1', need: 'N1', teamId, workerId });
    // Two children with no primary need on a referral that led to further action (rule 8610), one of them restricted.
    openId = await childInNeed(db(), { id: 'CIN2', need: null, teamId, workerId });
    hiddenId = await childInNeed(db(), { id: 'CIN3', need: null, restricted: true, teamId, workerId });
  });

  test('the census downloads as CIN_2026.xml, valid against the schema, with the council\'s LA code; the download is audited with what it held', async () => {
    const download = await analyst.get('/returns/cin/2026.xml');
    assert.equal(download.statusCode, 200);
    assert.match(String(download.headers['content-type']), /^application\/xml/);
    assert.match(String(download.headers['content-disposition']), /filename="CIN_2026.xml"/);
    assert.deepEqual(await schemaErrors(download.body), []);
    assert.match(download.body, /<LEA>845<\/LEA>/);
    assert.match(download.body, /<LAchildID>CIN3<\/LAchildID>/, 'a restricted child is in the census, as the DfE requires');
    assert.doesNotMatch(download.body, /Census/, 'no name is sent');
    const audit = await db().selectFrom('audit_events').select(['reason', 'subject_id']).where('action', '=', 'returns.cin.download').execute();
    assert.deepEqual(audit, [{ subject_id: 'cin-2026', reason: 'CIN census 2025 to 2026: Children 3, CIN episodes 3, Assessments 0, CIN plans 0, Section 47 enquiries 0, Child protection plans 0, Pre-proceedings 0' }]);
  });

  test('only performance analysts and heads of service download the census; others are refused, and a year not offered is not found', async () => {
    assert.equal((await head.get('/returns/cin/2026.xml')).statusCode, 200);
    assert.equal((await worker.get('/returns/cin/2026.xml')).statusCode, 403);
    assert.equal((await manager.get('/returns/cin/2026.xml')).statusCode, 403);
    assert.equal((await worker.get('/returns/cin/2026/rules/8610')).statusCode, 403);
    assert.equal((await analyst.get('/returns/cin/2019.xml')).statusCode, 404);
    assert.equal((await analyst.get('/returns/cin/2026/rules/9999')).statusCode, 404);
  });

  test('the returns page shows the census and its errors by rule, team and worker; a rule lists its children without linking records the viewer may not open', async () => {
    const page = textOf((await head.get('/returns')).body);
    assert.match(page, /Children in need census: 2025 to 2026/);
    assert.match(page, /Children\s+3\s+CIN episodes\s+3/);
    assert.match(page, /2 errors against the DfE's CIN census rules/);
    assert.match(page, /8610\s*: the children in the CIN census\s+Primary Need code is missing for a referral which led to further action\.\s+2\s+2/);
    assert.match(page, /CIN census errors by the team leading the case now Team Errors Census Team 2/);
    assert.match(page, /Sam Worker \(Census Team\) 2/);
    const rule = await head.get('/returns/cin/2026/rules/8610');
    assert.equal(rule.statusCode, 200);
    assert.match(textOf(rule.body), /CIN2\s+2025-06-02\s+Census Team: Sam Worker\s+Not a record you may open/);
    assert.ok(!rule.body.includes(openId) && !rule.body.includes(hiddenId), 'no record is linked');
  });

  test('a team manager sees their team\'s children\'s errors, each linked to where it is put right, and no download', async () => {
    const page = textOf((await manager.get('/returns')).body);
    assert.match(page, /1 error against the DfE's CIN census rules/);
    assert.doesNotMatch(page, /The CIN census as XML/);
    const rule = await manager.get('/returns/cin/2026/rules/8610');
    assert.match(textOf(rule.body), /CIN2\s+2025-06-02\s+Census Team: Sam Worker\s+Open help and protection/);
    assert.ok(rule.body.includes(`/children/${openId}/protection`));
    assert.doesNotMatch(textOf(rule.body), /CIN3/, 'the restricted child is not listed to someone not named on it');
  });

  test('the CLI writes CIN_<year>.xml; with --validate it checks the schema and the rules and exits non-zero with a summary while errors remain', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cin-'));
    const runsAudited = () => db().selectFrom('audit_events').select('action').where('action', 'in', ['returns.cin.generate', 'returns.cin.validate']).where('subject_id', '=', 'cin-2026').execute();
    const before = (await runsAudited()).length;
    try {
      const run = await runCliOn(use(), ['returns', 'cin', '--year', '2026', '--out', dir]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /CIN census 2025 to 2026 written to .*CIN_2026\.xml: Children 3, CIN episodes 3/);
      assert.deepEqual(await readdir(dir), ['CIN_2026.xml']);
      assert.deepEqual(await schemaErrors(await readFile(join(dir, 'CIN_2026.xml'), 'utf8')), []);
      const checked = await runCliOn(use(), ['returns', 'cin', '--year', '2026', '--out', dir, '--validate']);
      assert.equal(checked.code, 1);
      assert.match(checked.stdout, /Rule 8610: 2 errors, 2 children\. Primary Need code is missing/);
      assert.match(checked.stderr, /^steadfast: 0 schema errors and 2 errors against the DfE's CIN census rules/);
      assertRefused(await runCliOn(use(), ['returns', 'cin', '--year', '2019', '--out', dir]), /not a collection year that can be made/);
      assertRefused(await runCliOn(use(), ['returns', 'cin', '--year', 'last', '--out', dir]), /YYYY/);
      await db().updateTable('referrals').set({ primary_need: 'N4' }).where('primary_need', 'is', null).execute();
      const clean = await runCliOn(use(), ['returns', 'cin', '--year', '2026', '--out', dir, '--validate']);
      assert.equal(clean.code, 0, clean.stderr);
      assert.match(clean.stdout, /valid against its schema and breaks none of the rules checked/);
      assert.equal((await runsAudited()).length - before, 3, 'each run of the CLI that made the census is audited');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
