import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildAccessScenario, EXPECTED_VISIBILITY, type AccessScenario, type ScenarioChild, type ScenarioUser } from '../../../test/support/access-scenario.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { childAccess, childVisibleTo } from './policy.ts';

const NOW = new Date('2026-11-23T09:00:00Z');

describeEachEngine('the access policy', (use) => {
  let scenario: AccessScenario;
  before(async () => {
    scenario = await buildAccessScenario(use().db);
  });

  const visibleTo = async (user: ScenarioUser, at = NOW) => {
    const rows = await use()
      .db.selectFrom('people')
      .select('id')
      .where(childVisibleTo(scenario.users[user], at))
      .execute();
    const byId = new Map(Object.entries(scenario.children).map(([key, value]) => [value.id, key as ScenarioChild]));
    return rows.map((r) => byId.get(r.id)).filter(Boolean).sort();
  };

  for (const user of Object.keys(EXPECTED_VISIBILITY) as ScenarioUser[]) {
    test(`${user} sees exactly the children their relationships allow, in lists and single records alike`, async () => {
      assert.deepEqual(await visibleTo(user), [...EXPECTED_VISIBILITY[user]].sort());
      for (const [key, child] of Object.entries(scenario.children)) {
        const access = await childAccess(use().db, scenario.users[user], child.id, NOW);
        assert.equal(access.allowed, EXPECTED_VISIBILITY[user].includes(key as ScenarioChild), `${user} opening ${key}`);
      }
    });
  }

  test('a grant opens one unrestricted record until it expires, and never a restricted one', async () => {
    const db = use().db;
    const colleague = scenario.users.teamColleague;
    const expires = new Date(NOW.getTime() + 8 * 3_600_000);
    for (const key of ['otherService', 'restricted'] as const) {
      await db
        .insertInto('access_grants')
        .values({ user_id: colleague.id, child_id: scenario.children[key].id, reason: 'on duty: the family phoned', granted_at: NOW, expires_at: expires })
        .execute();
    }
    assert.deepEqual(await visibleTo('teamColleague'), ['otherService']);
    assert.deepEqual(await childAccess(db, colleague, scenario.children.otherService.id, NOW), { allowed: true, via: 'grant', grantExpiresAt: expires });
    assert.equal((await childAccess(db, colleague, scenario.children.restricted.id, NOW)).allowed, false);
    const later = new Date(expires.getTime() + 1000);
    assert.deepEqual(await visibleTo('teamColleague', later), []);
    assert.equal((await childAccess(db, colleague, scenario.children.otherService.id, later)).allowed, false);
  });

  test('an ended allocation no longer gives access', async () => {
    const db = use().db;
    await db
      .updateTable('allocations')
      .set({ end_date: '2026-11-20', end_reason: 'MANAGE' })
      .where('child_id', '=', scenario.children.careLeaver.id)
      .execute();
    assert.deepEqual(await visibleTo('personalAdviser'), []);
  });

  test('a malformed or unknown id is simply not accessible', async () => {
    assert.equal((await childAccess(use().db, scenario.users.worker, 'not-a-uuid', NOW)).allowed, false);
    assert.equal((await childAccess(use().db, scenario.users.worker, '00000000-0000-4000-8000-000000000000', NOW)).allowed, false);
  });
});
