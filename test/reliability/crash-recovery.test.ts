/**
 * kill -9 in the middle of a stream of writes loses nothing that was
 * acknowledged, and leaves nothing half written: on PGlite (the data
 * directory reopened after the crash) and on a server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { availableEngines } from '../support/databases.ts';
import { recordBatteryFigure } from '../support/figures.ts';
import { HttpClient, killLeftovers, readyAt, withDeadline } from '../support/server-process.ts';
import { noteForm, serverDatabase, spawnServer, type ServerDatabase } from './support.ts';

/** At most this many writes are sent; the process is killed once KILL_AFTER of them are acknowledged. */
const MAX_WRITES = 200;
const KILL_AFTER = 40;
/** Writes in flight at once, so some are cut mid-way when the process dies. */
const IN_FLIGHT = 4;

for (const engine of availableEngines()) {
  describe(`kill -9 during writes, then a restart [${engine}]`, () => {
    let database: ServerDatabase;
    before(async () => {
      database = await serverDatabase(engine, `crash-${engine}`);
    });
    after(async () => {
      await killLeftovers();
      await database?.remove();
    });

    test('every acknowledged write is there after the restart, and every note has its audit row', { timeout: 120_000 }, async () => {
      const { childId, email } = database.cast;
      const server = spawnServer(database.settings);
      const client = new HttpClient(await readyAt(server));
      assert.equal((await client.signIn(email)).status, 303);
      const form = await client.page(`/children/${childId}/notes/new`);
      assert.equal(form.status, 200);

      const acknowledged: string[] = [];
      const unanswered: string[] = [];
      let sent = 0;
      let killed = false;
      const writer = async () => {
        while (!killed && sent < MAX_WRITES) {
          const title = `Crash write ${String(++sent).padStart(3, '0')}`;
          let response: Response;
          try {
            response = await client.post(`/children/${childId}/notes/new`, noteForm(title));
            await response.arrayBuffer();
          } catch (error) {
            // Only the writes cut by the kill go unanswered.
            if (!killed) throw error;
            unanswered.push(title);
            continue;
          }
          assert.equal(response.status, 303, `${title} is acknowledged with a redirect, not ${response.status}`);
          acknowledged.push(title);
          if (acknowledged.length === KILL_AFTER && !killed) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, writer));
      const exit = await withDeadline(server.exited, 30_000, 'the killed process');
      assert.equal(exit.signal, 'SIGKILL');
      assert.ok(acknowledged.length >= KILL_AFTER && acknowledged.length <= MAX_WRITES);

      const restartedAt = performance.now();
      const restarted = spawnServer(database.settings);
      const address = await readyAt(restarted);
      const again = new HttpClient(address);
      assert.equal((await again.signIn(email)).status, 303);
      const list = await again.page(`/children/${childId}/notes`);
      const recoverySeconds = (performance.now() - restartedAt) / 1000;
      assert.equal(list.status, 200);
      restarted.child.kill('SIGTERM');
      assert.equal((await withDeadline(restarted.exited, 60_000, 'stopping the restarted server')).code, 0);

      const opened = await database.open();
      try {
        const notes = await opened.db.selectFrom('case_notes').select(['title']).where('child_id', '=', childId).execute();
        const titles = new Set(notes.map((n) => n.title));
        assert.equal(titles.size, notes.length, 'no write is stored twice');
        const lost = acknowledged.filter((title) => !titles.has(title));
        assert.deepEqual(lost, [], 'every acknowledged write is stored');
        for (const title of titles) assert.ok(acknowledged.includes(title) || unanswered.includes(title), `${title} was sent`);
        const audited = await opened.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('subject_id', '=', childId)
          .where('action', '=', 'child.note.create')
          .where('outcome', '=', 'allowed')
          .executeTakeFirstOrThrow();
        assert.equal(Number(audited.count), notes.length, 'a note is stored if and only if its audit row is');
        // The database is whole, not only readable.
        await sql`select count(*) from case_notes`.execute(opened.db);
        console.log(
          `[${engine}] acknowledged ${acknowledged.length}, lost ${lost.length}, ` +
            `cut mid-way ${unanswered.length} (of which stored ${unanswered.filter((t) => titles.has(t)).length}); ` +
            `restart to first page ${recoverySeconds.toFixed(1)} s`,
        );
        recordBatteryFigure({
          check: `kill -9 during writes, then restart [${engine}]`,
          tried: `${acknowledged.length} acknowledged writes, ${unanswered.length} cut mid-way`,
          found: `${lost.length} acknowledged writes lost, 0 half-written; restart to first page ${recoverySeconds.toFixed(1)} s`,
          pass: lost.length === 0,
        });
      } finally {
        await opened.close();
      }
    });
  });
}
