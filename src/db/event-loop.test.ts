import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';

describeEachEngine('the server keeps reading its sockets while a request’s queries run', (use) => {
  test('each answer leaves the event loop a turn, so new connections are accepted between queries, not after the whole request', async () => {
    // A ticker that runs once per turn of the event loop (setImmediate runs after the loop has polled its sockets).
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const queries = 12;
    for (let i = 0; i < queries; i++) await use().db.selectFrom('users').select('id').where('email', '=', `nobody${i}@example.org`).execute();
    ticking = false;
    assert.ok(turns >= queries, `the loop turned ${turns} times during ${queries} queries in a row`);
  });
});
