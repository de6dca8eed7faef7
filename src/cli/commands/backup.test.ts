import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { tableChecksums } from '../../db/backup.ts';
import { openDatabase } from '../../db/database.ts';
import { verifyAuditChain } from '../../platform/audit/chain.ts';
import { assertRefused, runCliOn } from '../../../test/support/cli.ts';
import { describeEachEngine, testRunId, urlWithDatabase } from '../../../test/support/databases.ts';
import { postgresAdminUrl } from '../../../test/support/environment.ts';
import { recordBatteryFigure } from '../../../test/support/figures.ts';

/** Flips one byte in the middle of the dump, as a bad disk or a partial copy would. */
function corrupt(from: string, to: string): void {
  copyFileSync(from, to);
  const bytes = readFileSync(to);
  const at = Math.floor(bytes.length / 3);
  bytes[at] = bytes[at]! ^ 0xff;
  writeFileSync(to, bytes);
}

/** Each table and its printed row: name, rows, checksum, equal. */
function printedTables(stdout: string): Map<string, string[]> {
  const lines = stdout.split('\n').filter(Boolean);
  assert.match(lines[0]!, /^TABLE\s+ROWS\s+CHECKSUM\s+EQUAL$/);
  return new Map(
    lines
      .slice(1)
      .filter((line) => !line.startsWith('Restored'))
      .map((line) => line.split(/\s{2,}/))
      .map((cells) => [cells[0]!, cells]),
  );
}

describeEachEngine(
  'backup and restore',
  (use, engine) => {
    let dir: string;
    let backupFile: string;
    const serverDatabases: string[] = [];

    async function emptyServerDatabase(): Promise<string> {
      const name = `steadfast_test_${testRunId()}_suite_restore_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: postgresAdminUrl() });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      serverDatabases.push(name);
      return urlWithDatabase(postgresAdminUrl()!, name);
    }

    const sourceEnv = () => (engine === 'postgres' ? { DATABASE_URL: use().url! } : {});

    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'steadfast-backup-'));
      backupFile = join(dir, 'demo.backup');
    });

    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      if (serverDatabases.length === 0) return;
      const admin = new pg.Client({ connectionString: postgresAdminUrl() });
      await admin.connect();
      try {
        for (const name of serverDatabases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    });

    test('backs up the demo council, and refuses to overwrite the file', async () => {
      const run = await runCliOn(use(), ['backup', '--out', backupFile], sourceEnv());
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^Backed up ${engine === 'postgres' ? 'a PostgreSQL server' : 'the embedded database'} to .*demo\\.backup: \\d+ tables, \\d+ rows`, 'm'));
      assert.ok(statSync(backupFile).size > 1000);
      assert.ok(!existsSync(`${backupFile}.partial`));
      const audit = await use().db.selectFrom('audit_events').select('reason').where('action', '=', 'database.backup').execute();
      assert.equal(audit.length, 1);
      assertRefused(await runCliOn(use(), ['backup', '--out', backupFile], sourceEnv()), /already exists: choose another name, or add --force/);
    });

    test('restores into a fresh target: every table equal, the demo data and the audit chain intact', async () => {
      const targetEnv = engine === 'postgres' ? { DATABASE_URL: await emptyServerDatabase() } : { DATA_DIR: join(dir, 'restored') };
      const run = await runCliOn(use(), ['restore', '--from', backupFile], targetEnv);
      assert.equal(run.code, 0, run.stderr);
      const printed = printedTables(run.stdout);
      assert.ok(printed.size > 40, 'every table is listed');
      for (const [table, cells] of printed) assert.equal(cells[3], 'yes', `${table} equals the backup`);
      assert.match(run.stdout, /every table equals the backup\.$/m);

      const restored = await openDatabase(engine === 'postgres' ? { databaseUrl: targetEnv.DATABASE_URL } : { dataDir: targetEnv.DATA_DIR });
      try {
        const source = new Map((await tableChecksums(use().db)).map((t) => [t.table, t]));
        const compared = await tableChecksums(restored.db);
        for (const table of compared) {
          // The source has its backup's audit row since; the restore has its own.
          if (table.table === 'audit_events') continue;
          assert.deepEqual(table, source.get(table.table), `${table.table} as in the source`);
        }
        assert.ok(Number(printed.get('people')![1]) > 100, 'the demo council came back');
        assert.equal((await verifyAuditChain(restored.db)).ok, true);
        const restoreAudit = await restored.db.selectFrom('audit_events').select('actor_email').where('action', '=', 'database.restore').execute();
        assert.deepEqual(restoreAudit, [{ actor_email: 'cli' }]);
        recordBatteryFigure({
          check: `backup, then restore into a fresh target [${engine}]`,
          tried: `${compared.length} tables, ${printed.get('people')![1]} people`,
          found: 'every table equal by row count and checksum; audit chain intact',
          pass: true,
        });
      } finally {
        await restored.close();
      }

      // The same target again: refused, unless --force.
      assertRefused(await runCliOn(use(), ['restore', '--from', backupFile], targetEnv), /already (holds a database|has \d+ tables).*--force/);
      const forced = await runCliOn(use(), ['restore', '--from', backupFile, '--force'], targetEnv);
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(forced.stdout, /every table equals the backup\.$/m);
    });

    test('a corrupted or cut-short backup is refused with one line, and nothing is touched', async () => {
      const damaged = join(dir, 'damaged.backup');
      corrupt(backupFile, damaged);
      const targetEnv = engine === 'postgres' ? { DATABASE_URL: await emptyServerDatabase() } : { DATA_DIR: join(dir, 'never') };
      assertRefused(await runCliOn(use(), ['restore', '--from', damaged], targetEnv), /damaged\.backup is damaged: its dump does not match the SHA-256 recorded when it was made; nothing was restored/);
      const cut = join(dir, 'cut.backup');
      copyFileSync(backupFile, cut);
      truncateSync(cut, Math.floor(statSync(cut).size / 2));
      assertRefused(await runCliOn(use(), ['restore', '--from', cut], targetEnv), /cut\.backup is not a complete Steadfast backup/);
      assertRefused(await runCliOn(use(), ['restore', '--from', join(dir, 'absent.backup')], targetEnv), /absent\.backup does not exist/);
      if (engine === 'pglite') {
        assert.ok(!existsSync(join(dir, 'never')), 'no data directory was made');
      } else {
        const target = await openDatabase({ databaseUrl: targetEnv.DATABASE_URL });
        try {
          assert.deepEqual(await tableChecksums(target.db), [], 'the target has no tables');
        } finally {
          await target.close();
        }
      }
    });

    test('a backup of one engine is not restored into the other', async () => {
      const otherEnv = engine === 'postgres' ? { DATABASE_URL: '', DATA_DIR: join(dir, 'other') } : { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
      assertRefused(await runCliOn(use(), ['restore', '--from', backupFile], otherEnv), /is a backup of .* and this would restore into/);
    });

    if (engine === 'postgres') {
      test('pg_dump missing, or older than the server, is named in one line', async () => {
        const missing = await runCliOn(use(), ['backup', '--out', join(dir, 'x.backup')], { ...sourceEnv(), PG_BIN_DIR: join(dir, 'no-such-directory') });
        assertRefused(missing, /pg_dump was not found in PG_BIN_DIR .*: install the PostgreSQL \d+ client tools/);
        const oldTools = join(dir, 'old-tools');
        rmSync(oldTools, { recursive: true, force: true });
        mkdirSync(oldTools);
        writeFileSync(join(oldTools, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n');
        chmodSync(join(oldTools, 'pg_dump'), 0o755);
        const old = await runCliOn(use(), ['backup', '--out', join(dir, 'x.backup')], { ...sourceEnv(), PG_BIN_DIR: oldTools });
        assertRefused(old, /pg_dump is version 9 but the server is \d+: .*install postgresql-client-\d+ or newer/);
        assert.ok(!readdirSync(dir).some((name) => name.startsWith('x.backup')), 'no file left behind');
      });
    }
  },
  { fixture: 'demo' },
);
