import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { addNeglectToolkit, caseloadWorldForSuite } from '../../../test/support/caseload-world.ts';

/**
 * Learning on the small caseload council: the neglect toolkit is required of
 * social workers every 36 months. In North A, Alex Able did it in January
 * 2025 (in date); Bea Baker in March 2022 (expired); Cal Cole and Rae Reed
 * never. So the team holds 1 of 4: 25%.
 */
describeEachEngine('learning: catalogue, attendance and compliance', (use) => {
  const { w, as } = caseloadWorldForSuite(use);
  let courseId: string;
  const db = () => use().db;

  before(async () => {
    courseId = await addNeglectToolkit(db(), [
      { userId: w.users.workerA.id, on: '2025-01-10' },
      { userId: w.users.workerB.id, on: '2022-03-01' },
    ]);
  });

  test('the catalogue shows each person where they stand', async () => {
    assert.match(textOf((await (await as('workerA')).get('/learning')).body), /Direct-work toolkit: neglect .* Up to date 10 January 2025/);
    assert.match(textOf((await (await as('workerB')).get('/learning')).body), /Expired 1 March 2022/);
    assert.match(textOf((await (await as('tmA')).get('/learning')).body), /Not required/);
    assert.equal((await (await as('admin')).get('/learning')).statusCode, 403);
  });

  test('team compliance for the team’s managers; other teams get 404', async () => {
    const page = textOf((await (await as('tmA')).get(`/learning/teams/${w.teams.northA}`)).body);
    assert.match(page, /25% of the training the team’s roles require is held and in date \(1 of 4\)/);
    assert.match(page, /Bea Baker Social worker Expired Direct-work toolkit: neglect/);
    assert.equal((await (await as('tmB')).get(`/learning/teams/${w.teams.northA}`)).statusCode, 404);
  });

  test('a manager records attendance; the person may not; bad input is refused and nothing stored', async () => {
    const url = `/learning/staff/${w.users.workerC.id}`;
    const count = async () => (await db().selectFrom('training_attendance').select('id').where('user_id', '=', w.users.workerC.id).execute()).length;
    const worker = await as('workerC');
    assert.equal((await worker.get(url)).statusCode, 200);
    assert.equal((await worker.post(url, { courseId, 'attendedOn-day': '1', 'attendedOn-month': '11', 'attendedOn-year': '2026' })).statusCode, 403);
    assert.equal((await (await as('workerD')).get(url)).statusCode, 404);
    const tm = await as('tmA');
    await tm.get(url);
    const bad = await tm.post(url, { courseId: '', 'attendedOn-day': '1', 'attendedOn-month': '12', 'attendedOn-year': '2026' });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /There is a problem Select the course Date attended must be today or in the past/);
    assert.equal(await count(), 0);
    const ok = await tm.post(url, { courseId, 'attendedOn-day': '1', 'attendedOn-month': '11', 'attendedOn-year': '2026' });
    assert.equal(ok.statusCode, 303);
    assert.equal(await count(), 1);
    assert.match(textOf((await tm.get(`/learning/teams/${w.teams.northA}`)).body), /\(2 of 4\)/);
  });
});
