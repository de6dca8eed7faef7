import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, Agent, signedIn } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { insertChild } from '../../../test/support/records.ts';
import { allocate } from '../../../test/support/caseload-helpers.ts';

/**
 * A change of legal status changes a worker's caseload points, so the worker
 * is reassessed in the same request: the variance register never waits for
 * the nightly check to catch up with a child protection plan or a care episode.
 */
describeEachEngine('legal status changes reassess the worker', (use) => {
  const t = appForSuite(use);
  let workerId: string;
  let worker: Agent;
  let childId: string;

  before(async () => {
    const db = use().db;
    const { teamId } = await createTeam(db, 'Status team');
    workerId = await createUser(db, { email: 'status-worker@example.org', role: 'social_worker', teamId, name: 'Stan Worker' });
    childId = await insertChild(db, { laChildId: 'LS0001', forename: 'Lia', surname: 'Status', dateOfBirth: '2015-04-02', sex: 'F' });
    await allocate(db, { childId, teamId, workerId, start: '2026-01-05' });
    worker = await signedIn(t.app, 'status-worker@example.org');
  });

  async function submit(path: string, form: Record<string, string>) {
    assert.equal((await worker.get(path)).statusCode, 200, `GET ${path}`);
    const response = await worker.post(path, form);
    assert.equal(response.statusCode, 303, `POST ${path}`);
  }

  const underFloor = () =>
    use()
      .db.selectFrom('variances')
      .select(['id', 'opened_trigger', 'current_value', 'closed_trigger'])
      .where('worker_id', '=', workerId)
      .where('kind', '=', 'under_floor')
      .orderBy('opened_at')
      .execute();

  test('opening a referral, starting and ending a plan each move the variance with them', async () => {
    assert.deepEqual(await underFloor(), [], 'no check has run for this worker yet');

    await submit(`/children/${childId}/timeline/referrals/new`, { ...dateFields('referralDate', '2026-03-02'), source: '6', primaryNeed: 'N1' });
    const [opened] = await underFloor();
    assert.equal(opened?.opened_trigger, 'legal status change');
    const asChildInNeed = Number(opened!.current_value);

    await submit(`/children/${childId}/timeline/cp-plans/new`, { ...dateFields('startDate', '2026-03-20'), category: 'NEG' });
    const [onPlan] = await underFloor();
    assert.equal(onPlan!.id, opened!.id, 'the same variance, updated');
    assert.ok(Number(onPlan!.current_value) > asChildInNeed, `a plan weighs more than child in need: ${onPlan!.current_value} > ${asChildInNeed}`);

    const plan = await use().db.selectFrom('cp_plans').select('id').where('child_id', '=', childId).executeTakeFirstOrThrow();
    await submit(`/children/${childId}/timeline/cp-plans/${plan.id}/end`, dateFields('endDate', '2026-09-01'));
    const [afterPlan] = await underFloor();
    assert.equal(Number(afterPlan!.current_value), asChildInNeed, 'back to a child in need case');

    const events = await use().db.selectFrom('variance_events').select('detail').where('variance_id', '=', opened!.id).execute();
    assert.ok(events.some((e) => /after legal status change/.test(e.detail)));
  });

  test('a refused change reassesses nothing', async () => {
    const before = await underFloor();
    const path = `/children/${childId}/timeline/cp-plans/new`;
    await worker.get(path);
    assert.equal((await worker.post(path, { ...dateFields('startDate', '2030-01-01'), category: 'NEG' })).statusCode, 400);
    assert.deepEqual(await underFloor(), before);
  });
});
