import { sql } from 'kysely';
import type { OpenedDatabase } from '../../src/db/database.ts';
import { generateDemo } from '../../src/demo/generate.ts';
import { copyCsv, csvLines, insertRows, loadPathFor, onRowsLoaded } from '../../src/demo/insert.ts';
import type { Database } from '../../src/db/schema.ts';
import { openEmpty } from '../lib/datasets.ts';
import type { Scenario } from '../lib/scenario.ts';
import { perSecond } from '../lib/stats.ts';

type Rows = Record<string, unknown>[];
interface Part {
  table: string;
  rows: Rows;
}

/** Every row the generator sends through the bulk path, in order, a table at a time. */
async function captureGeneratedRows(engine: 'pglite' | 'postgres', spec: { scale: number; seed: number; today: string }) {
  const parts: Part[] = [];
  const stop = onRowsLoaded((table, batch) => {
    const last = parts.at(-1);
    if (last && last.table === table) last.rows.push(...batch);
    else parts.push({ table, rows: [...batch] });
  });
  const opened = await openEmpty(engine);
  try {
    const started = performance.now();
    await generateDemo(opened.db, spec);
    return { parts, seedMs: performance.now() - started };
  } finally {
    stop();
    await opened.close();
  }
}

/** Loads into an empty database with foreign keys unchecked (the rows refer to staff and teams made outside the bulk path). */
async function intoEmpty(engine: 'pglite' | 'postgres', load: (opened: OpenedDatabase) => Promise<void>): Promise<number> {
  const opened = await openEmpty(engine);
  try {
    const started = performance.now();
    await load(opened);
    return performance.now() - started;
  } finally {
    await opened.close();
  }
}

/**
 * Rows per second of the demo load path (`insertRows`: COPY on a server,
 * batched JSON on PGlite) next to raw COPY of the same rows already written
 * as CSV, the floor no loader can beat. Both load the rows the generator
 * made, in the same order, into an empty database in one transaction.
 */
export const loadScenario: Scenario = {
  name: 'load',
  description: 'rows per second of the bulk load path next to raw COPY of the same rows',
  async run({ engine, scale, seed, today, log }) {
    const { parts, seedMs } = await captureGeneratedRows(engine, { scale, seed, today });
    const rows = parts.reduce((n, p) => n + p.rows.length, 0);

    const bulkMs = await intoEmpty(engine, (opened) =>
      opened.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        const path = await loadPathFor(trx);
        for (const part of parts) await insertRows(trx, part.table as keyof Database & string, part.rows as never, path);
      }),
    );

    const csv = parts.map((p) => ({ table: p.table, columns: Object.keys(p.rows[0]!), text: csvLines(Object.keys(p.rows[0]!), p.rows) }));
    const rawMs = await intoEmpty(engine, async (opened) => {
      if (engine === 'pglite') {
        const pglite = opened.pglite!;
        await pglite.exec('BEGIN; SET LOCAL session_replication_role = replica;');
        for (const part of csv) {
          const columns = part.columns.map((c) => `"${c}"`).join(', ');
          await pglite.query(`COPY "${part.table}" (${columns}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([part.text]) });
        }
        await pglite.exec('COMMIT');
        return;
      }
      await opened.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        for (const part of csv) await copyCsv(trx, part.table, part.columns, [part.text]);
      });
    });

    const bulk = perSecond(rows, bulkMs);
    const raw = perSecond(rows, rawMs);
    log(`  ${rows} rows: bulk path ${bulk} rows/s, raw COPY ${raw} rows/s`);
    return [
      {
        scenario: 'load',
        engine,
        subject: engine === 'postgres' ? 'insertRows (COPY, CSV)' : 'insertRows (JSON batches)',
        figures: {
          rows,
          'bulk s': Math.round(bulkMs) / 1000,
          'bulk rows/s': bulk,
          'raw COPY rows/s': raw,
          'bulk % of raw': Math.round((bulk / raw) * 100),
          'whole seed rows/s': perSecond(rows, seedMs),
          'target %': 30,
        },
      },
    ];
  },
};
