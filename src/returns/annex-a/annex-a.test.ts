import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/database.ts';
import { appForSuite, textOf, type Agent } from '../../../test/support/app.ts';
import { assertRefused, runCliOn } from '../../../test/support/cli.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { returnsStaff } from '../../../test/support/returns.ts';

// TEST_TODAY is 23 November 2026: the six months to it run from 24 May 2026.

async function childWithContact(db: Db, v: { id: string; contactOn: string; restricted?: boolean }) {
  const child = await db
    .insertInto('people')
    .values({ is_child: true, la_child_id: v.id, forename: 'Ana', surname: `Annex${v.id}`, date_of_birth: '2015-01-25', sex: 'F', ethnicity: 'WBRI', restricted: v.restricted ?? false, restriction_reason: v.restricted ? 'A relative of a member of staff' : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('contacts').values({ child_id: child.id, contact_date: v.contactOn, source: '6', outcome: 'referral' }).execute();
  return child.id;
}

async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

const idsIn = (sheet: ExcelJS.Worksheet) => sheet.getSheetValues().slice(2).map((row) => (row as unknown[])[1]);

describeEachEngine('Ofsted Annex A: made from the record for the day chosen, for those who make returns, audited', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let analyst: Agent;
  let head: Agent;
  let worker: Agent;
  let manager: Agent;

  before(async () => {
    const { teamId, workerId, ...agents } = await returnsStaff(t.app, db(), 'ax', 'Annex Team');
    ({ analyst, head, worker, manager } = agents);
    const first = await childWithContact(db(), { id: 'AX1', contactOn: '2026-05-24' });
    await childWithContact(db(), { id: 'AX2', contactOn: '2026-05-23' });
    await childWithContact(db(), { id: 'AX3', contactOn: '2026-11-23', restricted: true });
    await db().insertInto('allocations').values({ child_id: first, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2026-05-24' }).execute();
  });

  test("the workbook downloads with the template's sheets; List 1 has the contact on the first day of the six months, not the day before, and the restricted child", async () => {
    const response = await analyst.get('/returns/annex-a.xlsx?date=2026-11-23');
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(response.headers['content-disposition'], 'attachment; filename="Annex_A_2026-11-23.xlsx"');
    const workbook = await workbookOf(response.rawPayload);
    assert.deepEqual(workbook.worksheets.map((s) => s.name), ['List 1', 'List 2', 'List 3', 'List 4', 'List 5', 'List 6', 'List 7', 'List 8', 'List 9', 'List 10', 'List 11']);
    const list1 = workbook.getWorksheet('List 1')!;
    assert.deepEqual(idsIn(list1), ['AX1', 'AX3']);
    assert.deepEqual((list1.getRow(2).values as unknown[]).slice(1, 3), ['AX1', 'b) Female']);
    assert.equal((list1.getRow(2).getCell(6).value as Date).toISOString().slice(0, 10), '2026-05-24');
    assert.equal(list1.getRow(2).getCell(6).numFmt, 'dd/mm/yyyy');
    assert.equal(workbook.getWorksheet('List 11')!.rowCount, 1, 'adopters are not held: the headers alone');
    const earlier = await workbookOf((await head.get('/returns/annex-a.xlsx?date=2026-11-22')).rawPayload);
    assert.deepEqual(idsIn(earlier.getWorksheet('List 1')!), ['AX2', 'AX1'], "to the day before, the six months start a day earlier and today's contact is not yet in");
  });

  test('each download is audited with the day and the rows in each list', async () => {
    await analyst.get('/returns/annex-a.xlsx');
    const rows = await db().selectFrom('audit_events').select(['action', 'reason', 'subject_id']).where('action', '=', 'returns.annex-a.download').where('actor_email', '=', 'ax-pa@example.org').execute();
    assert.ok(rows.some((r) => r.subject_id === 'annex-a-2026-11-23' && r.reason === 'Ofsted Annex A to 2026-11-23: List 1 2, List 2 0, List 3 0, List 4 0, List 5 0, List 6 0, List 7 0, List 8 0, List 9 0, List 10 0, List 11 0'));
  });

  test('a day in the future or not a real date is refused with a clear message', async () => {
    const future = await analyst.get('/returns/annex-a.xlsx?date=2026-11-24');
    assert.equal(future.statusCode, 400);
    assert.match(textOf(future.body), /2026-11-24 is in the future/);
    const bad = await analyst.get('/returns/annex-a.xlsx?date=2026-02-30');
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /2026-02-30 is not a real date/);
  });

  test('the page chooses the day with a GOV.UK date input, sends a real past day to the download and shows an error summary otherwise, naming no child', async () => {
    const page = await analyst.get('/returns/annex-a');
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /List 1: Contacts\s+Every contact received in the six months to the day\s+24 May 2026 to 23 November 2026/);
    assert.doesNotMatch(page.body, /Annex(AX|\w*AX)/, 'no child is named on the page');
    const chosen = await analyst.get('/returns/annex-a?date-day=1&date-month=11&date-year=2026');
    assert.equal(chosen.statusCode, 303);
    assert.equal(chosen.headers.location, '/returns/annex-a.xlsx?date=2026-11-01');
    const future = await analyst.get('/returns/annex-a?date-day=1&date-month=12&date-year=2026');
    assert.equal(future.statusCode, 400);
    assert.match(textOf(future.body), /There is a problem\s+The last day must be today or in the past/);
    const unreal = await analyst.get('/returns/annex-a?date-day=31&date-month=2&date-year=2026');
    assert.match(textOf(unreal.body), /The last day must be a real date/);
    const empty = await analyst.get('/returns/annex-a?date-day=&date-month=&date-year=');
    assert.match(textOf(empty.body), /Enter the last day the lists cover/);
    assert.match(textOf((await analyst.get('/returns')).body), /Ofsted Annex A\s+The child-level lists Ofsted asks for/);
  });

  test('only performance analysts and heads of service make it: a social worker and a team manager are refused, and the refusals audited', async () => {
    for (const agent of [worker, manager]) {
      assert.equal((await agent.get('/returns/annex-a.xlsx')).statusCode, 403);
      assert.equal((await agent.get('/returns/annex-a')).statusCode, 403);
    }
    assert.doesNotMatch(textOf((await manager.get('/returns')).body), /Ofsted Annex A/);
    const denied = await db().selectFrom('audit_events').select('action').where('actor_email', 'in', ['ax-sw@example.org', 'ax-tm@example.org']).where('outcome', '=', 'denied').execute();
    assert.ok(denied.length >= 4);
  });

  test('the CLI writes Annex_A_<date>.xlsx with the counts per list, and refuses a bad or future date with one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'annex-a-'));
    try {
      const run = await runCliOn(use(), ['returns', 'annex-a', '--date', '2026-11-22', '--out', dir]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Ofsted Annex A to 2026-11-22 written to .*Annex_A_2026-11-22\.xlsx:\n {2}List 1 \(Contacts\): 2\n/);
      assert.match(run.stdout, /List 11 \(Adopters\): 0 \(not held in Steadfast: headers only\)/);
      assert.deepEqual(await readdir(dir), ['Annex_A_2026-11-22.xlsx']);
      const today = await runCliOn(use(), ['returns', 'annex-a', '--out', dir]);
      assert.match(today.stdout, /Annex A to 2026-11-23 .*\n {2}List 1 \(Contacts\): 2\n/);
      assertRefused(await runCliOn(use(), ['returns', 'annex-a', '--date', '2026-11-24', '--out', dir]), /--date 2026-11-24 is in the future/);
      assertRefused(await runCliOn(use(), ['returns', 'annex-a', '--date', '23/11/2026', '--out', dir]), /--date 23\/11\/2026 is not a real date: write it YYYY-MM-DD/);
      const audited = await db().selectFrom('audit_events').select('reason').where('action', '=', 'returns.annex-a.generate').execute();
      assert.ok(audited.some((r) => r.reason?.startsWith('Ofsted Annex A to 2026-11-22: List 1 2, ')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
