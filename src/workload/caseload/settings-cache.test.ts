import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { caseloadWorldForSuite } from '../../../test/support/caseload-world.ts';

/** The statements sent to the database while `work` runs (every engine's pool is built on pg's client). */
async function statementsOf(work: () => Promise<void>): Promise<string[]> {
  const sent: string[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as { text?: string } | string;
    sent.push(typeof config === 'string' ? config : (config?.text ?? ''));
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    proto.query = original;
  }
  return sent;
}

const readsShared = (text: string) => /from "(caseload_settings|weighting_models|supervision_settings)"/.test(text);

describeEachEngine('caseload settings held between pages', (use) => {
  const { w, as } = caseloadWorldForSuite(use);
  const db = () => use().db;
  const teamUrl = () => `/caseload/teams/${w.teams.northA}`;
  const workerUrl = () => `/caseload/workers/${w.users.workerA.id}`;

  test('the team and worker pages read neither the settings nor the weighting model again while they stand', async () => {
    const tm = await as('tmA');
    assert.equal((await tm.get(teamUrl())).statusCode, 200);
    assert.equal((await tm.get(workerUrl())).statusCode, 200);
    let team = '';
    let worker = '';
    const sent = await statementsOf(async () => {
      team = textOf((await tm.get(teamUrl())).body);
      worker = textOf((await tm.get(workerUrl())).body);
    });
    assert.deepEqual(sent.filter(readsShared), [], 'both pages take them from memory');
    assert.match(team, /capacity from \d+% to 100%, red over 110%/);
    assert.match(worker, /child protection plan: 7 points/);
  });

  test('a change made elsewhere to the supervision settings is in force on the team page’s next view', async () => {
    const tm = await as('tmA');
    const nextSupervisions = (text: string) => (text.match(/Last none recorded (Was due|Due) \d+ \w+ \d{4}/g) ?? []).length;
    const before = textOf((await tm.get(teamUrl())).body);
    assert.equal(nextSupervisions(before), 6, 'the team manager sees the next supervision of each of the six people in the team');
    // Only reviewing officers supervised, committed as another instance's settings screen would.
    await sql`INSERT INTO supervision_settings (id, settings) VALUES (1, '{"supervisedRoles": ["iro"]}')
      ON CONFLICT (id) DO UPDATE SET settings = supervision_settings.settings || excluded.settings`.execute(db());
    try {
      assert.equal(nextSupervisions(textOf((await tm.get(teamUrl())).body)), 0, 'nobody in the team is supervised now');
    } finally {
      await sql`UPDATE supervision_settings SET settings = settings - 'supervisedRoles'`.execute(db());
    }
    assert.equal(textOf((await tm.get(teamUrl())).body), before, 'and undone as quickly');
  });

  test('a change made elsewhere (another instance) to the levels or the weighting model is in force on the next page', async () => {
    const tm = await as('tmA');
    await tm.get(teamUrl());
    await tm.get(workerUrl());
    // Straight into the database, as another instance's admin screen would commit it.
    await sql`INSERT INTO caseload_settings (id, settings) VALUES (1, '{"amberPercent": 95}')
      ON CONFLICT (id) DO UPDATE SET settings = caseload_settings.settings || excluded.settings`.execute(db());
    await sql`INSERT INTO weighting_models (effective_from, rules) VALUES ('2020-01-01', '{"points": {"child_protection": 9}}')`.execute(db());
    try {
      assert.match(textOf((await tm.get(teamUrl())).body), /capacity from \d+% to 95%, red over 110%/);
      const worker = textOf((await tm.get(workerUrl())).body);
      assert.match(worker, /child protection plan: 9 points/);
      assert.match(worker, /Weighted capacity 23%/, '21 points with the child protection case at 9 instead of 7');
    } finally {
      await sql`DELETE FROM weighting_models WHERE effective_from = '2020-01-01'`.execute(db());
      await sql`UPDATE caseload_settings SET settings = settings - 'amberPercent'`.execute(db());
    }
    assert.match(textOf((await tm.get(teamUrl())).body), /capacity from \d+% to 100%, red over 110%/, 'and undone as quickly');
    assert.match(textOf((await tm.get(workerUrl())).body), /child protection plan: 7 points/);
  });
});
