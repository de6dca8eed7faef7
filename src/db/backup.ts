import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createReadStream, createWriteStream, existsSync, fsyncSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, openAsBlob, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Transaction } from 'kysely';
import { lockDataDir, openDatabase, type Db, type OpenedDatabase } from './database.ts';
import type { Database } from './schema.ts';

/**
 * Backups of either engine, in one file: the engine's own dump (pg_dump's
 * custom format on a server, a PGlite data-directory archive when embedded)
 * followed by a manifest: each table's row count and checksum at the moment
 * of the dump, and the dump's own length and SHA-256. A restore checks the
 * dump against its SHA-256 before it touches anything, and afterwards
 * compares every table with the manifest.
 *
 *   [dump][MANIFEST_MARK][manifest JSON][trailer: "steadfast-backup v1 manifest-bytes=000000001234\n"]
 */

export class BackupError extends Error {}

export interface TableSum {
  table: string;
  rows: number;
  checksum: string;
}

export interface Manifest {
  format: 'steadfast-backup';
  version: 1;
  engine: 'pglite' | 'postgres';
  createdAt: string;
  /** The server's (or PGlite's) PostgreSQL version. */
  serverVersion: string;
  /** The tool that wrote the dump: "pg_dump (PostgreSQL) 15.20" or "PGlite dumpDataDir". */
  dumpTool: string;
  /** The newest migration the database had. */
  migration: string | null;
  payload: { bytes: number; sha256: string };
  tables: TableSum[];
}

const MANIFEST_MARK = '\nsteadfast-backup manifest\n';
const TRAILER_LENGTH = '\nsteadfast-backup v1 manifest-bytes=000000000000\n'.length;
const TRAILER = /^\nsteadfast-backup v1 manifest-bytes=(\d{12})\n$/;

// ---------------------------------------------------------------- checksums

/**
 * Every table in schema public with its row count and a checksum: the MD5
 * of the MD5s of its rows' text, sorted (so neither the physical order nor
 * the collation of a key changes it). Values are printed the same way each
 * time (UTC, ISO dates, round-trip floats, hex bytes).
 */
export async function checksumsIn(trx: Transaction<Database>): Promise<TableSum[]> {
  await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
  await sql`SET LOCAL DateStyle = 'ISO, YMD'`.execute(trx);
  await sql`SET LOCAL IntervalStyle = 'postgres'`.execute(trx);
  await sql`SET LOCAL extra_float_digits = 1`.execute(trx);
  await sql`SET LOCAL bytea_output = 'hex'`.execute(trx);
  const { rows: tables } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname COLLATE "C"`.execute(trx);
  const sums: TableSum[] = [];
  for (const { name } of tables) {
    const { rows } = await sql<{ rows: number; checksum: string }>`
      SELECT count(*)::bigint AS rows,
             md5(coalesce(string_agg(h, '' ORDER BY h COLLATE "C"), '')) AS checksum
        FROM (SELECT md5(ROW(x.*)::text) AS h FROM ${sql.table(`public.${name}`)} AS x) AS hashed`.execute(trx);
    sums.push({ table: name, rows: Number(rows[0]!.rows), checksum: rows[0]!.checksum });
  }
  return sums;
}

export function tableChecksums(db: Db): Promise<TableSum[]> {
  return db.transaction().setIsolationLevel('repeatable read').execute(checksumsIn);
}

async function describeDatabase(trx: Db | Transaction<Database>): Promise<{ serverVersion: string; serverMajor: number; migration: string | null }> {
  const { rows } = await sql<{ version: string; num: string }>`SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num`.execute(trx);
  const { rows: m } = await sql<{ name: string }>`
    SELECT name FROM kysely_migration WHERE to_regclass('public.kysely_migration') IS NOT NULL ORDER BY name DESC LIMIT 1`
    .execute(trx)
    .catch(() => ({ rows: [] as { name: string }[] }));
  const migration = m[0]?.name ?? null;
  return { serverVersion: rows[0]!.version, serverMajor: Math.floor(Number(rows[0]!.num) / 10000), migration };
}

export interface Comparison extends TableSum {
  expectedRows: number | null;
  expectedChecksum: string | null;
  equal: boolean;
}

/** Each table of the manifest and of the restored database, side by side. */
export function compareWithManifest(manifest: Manifest, restored: TableSum[]): Comparison[] {
  const found = new Map(restored.map((t) => [t.table, t]));
  const rows: Comparison[] = manifest.tables.map((expected) => {
    const actual = found.get(expected.table);
    found.delete(expected.table);
    return {
      table: expected.table,
      rows: actual?.rows ?? 0,
      checksum: actual?.checksum ?? '(missing)',
      expectedRows: expected.rows,
      expectedChecksum: expected.checksum,
      equal: actual !== undefined && actual.rows === expected.rows && actual.checksum === expected.checksum,
    };
  });
  for (const extra of found.values()) rows.push({ ...extra, expectedRows: null, expectedChecksum: null, equal: false });
  return rows;
}

// ---------------------------------------------------------------- the file

function hashingSink(path: string) {
  const hash = createHash('sha256');
  let bytes = 0;
  const file = createWriteStream(path, { flags: 'wx' });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      if (file.write(chunk)) done();
      else file.once('drain', () => done());
    },
    final(done) {
      file.end(done);
    },
    destroy(error, done) {
      file.destroy(error ?? undefined);
      done(error);
    },
  });
  return { sink, result: () => ({ bytes, sha256: hash.digest('hex') }) };
}

/**
 * Writes the dump through `writeDump`, then the manifest, into FILE.partial,
 * and renames it to FILE only when complete: a backup that failed half-way
 * never looks like one that worked.
 */
async function writeBackupFile(out: string, overwrite: boolean, writeDump: (sink: Writable) => Promise<void>, manifest: Omit<Manifest, 'payload'>): Promise<Manifest> {
  if (existsSync(out) && !overwrite) throw new BackupError(`${out} already exists: choose another name, or add --force to replace it`);
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  try {
    const { sink, result } = hashingSink(partial);
    await writeDump(sink);
    await new Promise<void>((done, fail) => sink.end((error?: Error | null) => (error ? fail(error) : done())));
    const complete: Manifest = { ...manifest, payload: result() };
    const json = Buffer.from(JSON.stringify(complete), 'utf8');
    const trailer = `\nsteadfast-backup v1 manifest-bytes=${String(json.length).padStart(12, '0')}\n`;
    const fd = openSync(partial, 'a');
    try {
      for (const part of [Buffer.from(MANIFEST_MARK, 'utf8'), json, Buffer.from(trailer, 'utf8')]) {
        let written = 0;
        while (written < part.length) written += writeSync(fd, part, written);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, out);
    return complete;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

export interface OpenedBackup {
  file: string;
  manifest: Manifest;
  payloadBytes: number;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, buffer, read, length - read, position + read);
    if (n === 0) break;
    read += n;
  }
  return buffer.subarray(0, read);
}

/** Reads the manifest and checks the dump against its SHA-256, before anything is restored. */
export async function openBackupFile(file: string): Promise<OpenedBackup> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new BackupError(`${file} does not exist or cannot be read`);
  }
  const notOurs = new BackupError(`${file} is not a complete Steadfast backup (no manifest at its end): nothing was restored`);
  if (size < TRAILER_LENGTH + MANIFEST_MARK.length) throw notOurs;
  const fd = openSync(file, 'r');
  let manifest: Manifest;
  let payloadBytes: number;
  try {
    const trailer = TRAILER.exec(readAt(fd, size - TRAILER_LENGTH, TRAILER_LENGTH).toString('latin1'));
    if (!trailer) throw notOurs;
    const manifestBytes = Number(trailer[1]);
    payloadBytes = size - TRAILER_LENGTH - manifestBytes - MANIFEST_MARK.length;
    if (payloadBytes < 0) throw notOurs;
    if (readAt(fd, payloadBytes, MANIFEST_MARK.length).toString('utf8') !== MANIFEST_MARK) throw notOurs;
    try {
      manifest = JSON.parse(readAt(fd, payloadBytes + MANIFEST_MARK.length, manifestBytes).toString('utf8')) as Manifest;
    } catch {
      throw new BackupError(`${file} is damaged: its manifest cannot be read; nothing was restored`);
    }
  } finally {
    closeSync(fd);
  }
  if (manifest.format !== 'steadfast-backup' || manifest.version !== 1 || !Array.isArray(manifest.tables) || !manifest.payload) {
    throw new BackupError(`${file} has a manifest this version of Steadfast does not know: nothing was restored`);
  }
  if (manifest.payload.bytes !== payloadBytes) {
    throw new BackupError(`${file} is damaged: its dump is ${payloadBytes} bytes but was ${manifest.payload.bytes} when made; nothing was restored`);
  }
  const hash = createHash('sha256');
  if (payloadBytes > 0) await pipeline(createReadStream(file, { start: 0, end: payloadBytes - 1 }), hash);
  if (hash.digest('hex') !== manifest.payload.sha256) {
    throw new BackupError(`${file} is damaged: its dump does not match the SHA-256 recorded when it was made; nothing was restored`);
  }
  return { file, manifest, payloadBytes };
}

// ---------------------------------------------------------------- PostgreSQL client tools

type Env = Record<string, string | undefined>;

function toolPath(tool: 'pg_dump' | 'pg_restore', env: Env): string {
  return env.PG_BIN_DIR ? join(env.PG_BIN_DIR, tool) : tool;
}

/** The tool's major version, or a clear refusal when it is missing or older than the server. */
export function checkTool(tool: 'pg_dump' | 'pg_restore', env: Env, atLeast: number, against: string): string {
  const path = toolPath(tool, env);
  const run = spawnSync(path, ['--version'], { encoding: 'utf8', env: { ...process.env, ...env } });
  const where = env.PG_BIN_DIR ? ` in PG_BIN_DIR (${env.PG_BIN_DIR})` : ' on the PATH';
  if (run.error || run.status !== 0) {
    throw new BackupError(
      `${tool} was not found${where}: install the PostgreSQL ${atLeast} client tools (Debian: apt-get install postgresql-client-${atLeast}), or set PG_BIN_DIR to their directory`,
    );
  }
  const version = run.stdout.trim();
  const major = Number(/\(PostgreSQL\)\s+(\d+)/.exec(version)?.[1] ?? /(\d+)(\.\d+)*\s*$/.exec(version)?.[1] ?? NaN);
  if (!Number.isFinite(major)) throw new BackupError(`${path} --version said "${version}": not a PostgreSQL ${tool}`);
  if (major < atLeast) {
    throw new BackupError(
      `${tool} is version ${major} but ${against} is ${atLeast}: an older ${tool} cannot ${tool === 'pg_dump' ? 'dump a newer server' : 'read a newer dump'}; install postgresql-client-${atLeast} or newer, or set PG_BIN_DIR`,
    );
  }
  return version;
}

/** The URL without its password (which goes in PGPASSWORD, so other users never see it in the process list). */
function connectionFor(url: string): { dbname: string; password: string | undefined } {
  const parsed = new URL(url);
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.password = '';
  return { dbname: parsed.toString(), password };
}

function runTool(
  tool: 'pg_dump' | 'pg_restore',
  env: Env,
  url: string,
  args: string[],
  streams: { stdin?: NodeJS.ReadableStream; stdout?: Writable },
): Promise<void> {
  const { dbname, password } = connectionFor(url);
  const child = spawn(toolPath(tool, env), [...args, `--dbname=${dbname}`], {
    env: { ...process.env, ...env, ...(password ? { PGPASSWORD: password } : {}) },
    stdio: [streams.stdin ? 'pipe' : 'ignore', streams.stdout ? 'pipe' : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const piping: Promise<void>[] = [];
  if (streams.stdin) piping.push(pipeline(streams.stdin, child.stdin!).catch(() => {}));
  if (streams.stdout) piping.push(pipeline(child.stdout!, streams.stdout, { end: false }));
  const exited = new Promise<number>((done, fail) => {
    child.once('error', fail);
    child.once('close', (code) => done(code ?? 1));
  });
  return Promise.all([exited, ...piping]).then(([code]) => {
    if (code !== 0) {
      const first = stderr.split('\n').find((line) => line.trim()) ?? `exit status ${code}`;
      throw new BackupError(`${tool} failed: ${first.replace(/^pg_(dump|restore): (error: )?/, '')}`);
    }
  });
}

// ---------------------------------------------------------------- back up

export interface BackupOptions {
  out: string;
  overwrite: boolean;
  env: Env;
  now: Date;
}

/**
 * A server: one read-only snapshot gives the checksums and, exported to
 * pg_dump, the dump itself, so the manifest describes exactly what was dumped
 * while the application goes on writing.
 */
export async function backUpServer(db: Db, url: string, options: BackupOptions): Promise<Manifest> {
  const described = await describeDatabase(db);
  const dumpTool = checkTool('pg_dump', options.env, described.serverMajor, `the server`);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const { rows } = await sql<{ snapshot: string }>`SELECT pg_export_snapshot() AS snapshot`.execute(trx);
      const tables = await checksumsIn(trx);
      return writeBackupFile(
        options.out,
        options.overwrite,
        (sink) => runTool('pg_dump', options.env, url, ['--format=custom', `--snapshot=${rows[0]!.snapshot}`, '--no-password'], { stdout: sink }),
        {
          format: 'steadfast-backup',
          version: 1,
          engine: 'postgres',
          createdAt: options.now.toISOString(),
          serverVersion: described.serverVersion,
          dumpTool,
          migration: described.migration,
          tables,
        },
      );
    });
}

/** The embedded database, held open by this process alone (the data directory's lock), so nothing changes between the checksums and the archive. */
export async function backUpEmbedded(opened: OpenedDatabase, options: BackupOptions): Promise<Manifest> {
  if (!opened.pglite) throw new BackupError('the embedded database is not open');
  const described = await describeDatabase(opened.db);
  const tables = await tableChecksums(opened.db);
  const archive = await opened.pglite.dumpDataDir('gzip');
  return writeBackupFile(
    options.out,
    options.overwrite,
    async (sink) => {
      const bytes = Buffer.from(await archive.arrayBuffer());
      await new Promise<void>((done, fail) => sink.write(bytes, (error) => (error ? fail(error) : done())));
    },
    {
      format: 'steadfast-backup',
      version: 1,
      engine: 'pglite',
      createdAt: options.now.toISOString(),
      serverVersion: described.serverVersion,
      dumpTool: 'PGlite dumpDataDir',
      migration: described.migration,
      tables,
    },
  );
}

// ---------------------------------------------------------------- restore

export interface RestoreResult {
  comparison: Comparison[];
  equal: boolean;
}

/**
 * Into a server database through pg_restore, in one transaction (a failure
 * leaves nothing half-restored). An empty database is required unless
 * `replace` is set, when the objects in the dump are dropped first.
 * Ownership and grants are not restored: objects belong to the role that
 * restores, and `db roles` grants the application role its rights again.
 */
export async function restoreServer(db: Db, url: string, backup: OpenedBackup, options: { replace: boolean; env: Env }): Promise<RestoreResult> {
  const described = await describeDatabase(db);
  const dumpMajor = Number(/\(PostgreSQL\)\s+(\d+)/.exec(backup.manifest.dumpTool)?.[1] ?? 0);
  checkTool('pg_restore', options.env, Math.max(dumpMajor, described.serverMajor), dumpMajor > described.serverMajor ? 'the dump' : 'the server');
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`.execute(db);
  if (rows[0]!.n > 0 && !options.replace) {
    throw new BackupError(`the database already has ${rows[0]!.n} tables: restore into an empty database, or add --force to replace what the backup holds`);
  }
  const args = ['--format=custom', '--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', '--no-password'];
  if (options.replace) args.push('--clean', '--if-exists');
  const stdin = backup.payloadBytes > 0 ? createReadStream(backup.file, { start: 0, end: backup.payloadBytes - 1 }) : undefined;
  await runTool('pg_restore', options.env, url, args, { stdin });
  const comparison = compareWithManifest(backup.manifest, await tableChecksums(db));
  return { comparison, equal: comparison.every((row) => row.equal) };
}

function isEmptyDirectory(path: string): boolean {
  return !existsSync(path) || readdirSync(path).length === 0;
}

/**
 * Into an embedded data directory: the archive is unpacked beside the
 * database (DATA_DIR/restoring), compared with the manifest, and only then
 * put in place, with the directory locked against a server starting. A
 * directory that already holds a database is refused unless `replace`.
 * `afterVerify` runs on the restored database before it is closed (the
 * restore's own audit row).
 */
export async function restoreEmbedded(
  dataDir: string,
  backup: OpenedBackup,
  options: { replace: boolean; afterVerify?: (db: Db) => Promise<void> },
): Promise<RestoreResult> {
  const target = resolve(dataDir, 'pg');
  if (!isEmptyDirectory(target) && !options.replace) {
    throw new BackupError(`${dataDir} already holds a database: restore into an empty or new DATA_DIR, or add --force to replace it`);
  }
  const release = lockDataDir(dataDir);
  const staging = join(dataDir, 'restoring');
  try {
    rmSync(staging, { recursive: true, force: true });
    const archive = (await openAsBlob(backup.file)).slice(0, backup.payloadBytes);
    const opened = await openDatabase({ dataDir: staging, loadDataDir: archive });
    let result: RestoreResult;
    try {
      const comparison = compareWithManifest(backup.manifest, await tableChecksums(opened.db));
      result = { comparison, equal: comparison.every((row) => row.equal) };
      if (result.equal) await options.afterVerify?.(opened.db);
    } finally {
      await opened.close();
    }
    if (!result.equal) {
      rmSync(staging, { recursive: true, force: true });
      return result;
    }
    rmSync(target, { recursive: true, force: true });
    renameSync(join(staging, 'pg'), target);
    rmSync(staging, { recursive: true, force: true });
    return result;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    release();
  }
}
