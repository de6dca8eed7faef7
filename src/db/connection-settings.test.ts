import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/support/databases.ts';

describeEachEngine('the settings of every connection', (use, engine) => {
  if (engine !== 'postgres') return;
  test('no connection compiles plans (JIT): a page’s queries run in milliseconds, and compiling a high-costed plan took longer than running it', async () => {
    const db = use().db;
    // Held open together, the transactions are on as many connections, each as the pool made it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    const reads = Array.from({ length: 3 }, () =>
      db.transaction().execute(async (trx) => {
        const row = await sql<{ jit: string; pid: number }>`SELECT current_setting('jit') AS jit, pg_backend_pid() AS pid`.execute(trx);
        seen.push(`${row.rows[0]!.pid}:${row.rows[0]!.jit}`);
        if (seen.length === 3) release();
        await held;
      }),
    );
    await Promise.all(reads);
    assert.equal(new Set(seen.map((s) => s.split(':')[0])).size, 3, 'three connections');
    assert.deepEqual(seen.map((s) => s.split(':')[1]), ['off', 'off', 'off']);
  });
});
