import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { recordAudit } from '../platform/audit/audit.ts';
import { verifyAuditChain } from '../platform/audit/chain.ts';
import { signedIn, startTestApp, type TestApp } from '../../test/support/app.ts';
import { assertRefused, runCliOn } from '../../test/support/cli.ts';
import { describeEachEngine, testRunId, type TestDatabase } from '../../test/support/databases.ts';
import { postgresAdminUrl } from '../../test/support/environment.ts';
import { createTeam, createUser } from '../../test/support/users.ts';
import { openDatabase } from './database.ts';

const context = { actorUserId: null, actorEmail: 'app@example.org', requestId: 'req-role', ip: null, at: new Date('2026-11-23T09:00:00Z') };

function asRole(url: string, role: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = '';
  return u.toString();
}

describeEachEngine('the application role', (use, engine) => {
  if (engine === 'pglite') {
    test('db roles is refused on the embedded database, which has a single user', async () => {
      assertRefused(await runCliOn(use(), ['db', 'roles', '--app-role', 'steadfast_app']), /single user: separate roles need a PostgreSQL server/);
    });
    return;
  }

  const role = `steadfast_app_${testRunId()}`;
  let app: TestDatabase;
  let t: TestApp | undefined;

  before(async () => {
    const first = await runCliOn(use(), ['db', 'roles', '--app-role', role]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`^Created role ${role} \\(LOGIN\\)\\.$`, 'm'));
    assert.match(first.stdout, /^audit_events: revoked UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER \(INSERT and SELECT only\)\.$/m);
    app = { ...(await openDatabase({ databaseUrl: asRole(use().url!, role), poolSize: 3 })), url: asRole(use().url!, role) };
  });

  after(async () => {
    await t?.app.close();
    await app?.close();
    await sql`DROP OWNED BY ${sql.id(role)}`.execute(use().db).catch(() => {});
    const admin = new pg.Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    try {
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
    } finally {
      await admin.end();
    }
  });

  test('running it again changes nothing and says the role exists', async () => {
    const again = await runCliOn(use(), ['db', 'roles', '--app-role', role]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`^Role ${role} exists\\.$`, 'm'));
    assert.doesNotMatch(again.stdout, /Created role/);
  });

  test('as the application role, audit rows can be added and read, but not changed, removed or unprotected', async () => {
    await recordAudit(app.db, context, { action: 'test.as-app', outcome: 'allowed' });
    const rows = await app.db.selectFrom('audit_events').select(['action', 'hash']).where('action', '=', 'test.as-app').execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.hash?.length, 32, 'chained although the role may not update the table');
    await assert.rejects(sql`UPDATE audit_events SET reason = 'changed' WHERE action = 'test.as-app'`.execute(app.db), /permission denied/);
    await assert.rejects(sql`DELETE FROM audit_events WHERE action = 'test.as-app'`.execute(app.db), /permission denied/);
    await assert.rejects(sql`TRUNCATE audit_events`.execute(app.db), /permission denied/);
    await assert.rejects(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_or_delete`.execute(app.db), /must be owner/);
    await assert.rejects(sql`ALTER TABLE audit_events DISABLE TRIGGER ALL`.execute(app.db), /must be owner/);
    await assert.rejects(sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('x', 'y')`.execute(app.db), /permission denied/);
    const after = await app.db.selectFrom('audit_events').select('reason').where('action', '=', 'test.as-app').execute();
    assert.deepEqual(after, [{ reason: null }]);
  });

  test('tables a later migration creates (as the owner) are open to the application role', async () => {
    await sql`CREATE TABLE later_things (id int PRIMARY KEY GENERATED ALWAYS AS IDENTITY, label text)`.execute(use().db);
    await sql`INSERT INTO later_things (label) VALUES ('added as the application')`.execute(app.db);
    const { rows } = await sql<{ label: string }>`SELECT label FROM later_things`.execute(app.db);
    assert.deepEqual(rows, [{ label: 'added as the application' }]);
  });

  test('the application itself works as the application role: sign in, a change, its audit rows', async () => {
    const { teamId } = await createTeam(use().db, 'Role Team');
    await createUser(use().db, { email: 'role.admin@example.org', name: 'Role Admin', role: 'system_admin' });
    const leaverId = await createUser(use().db, { email: 'role.leaver@example.org', name: 'Lee Leaver', role: 'social_worker', teamId });
    t = await startTestApp(app);
    const admin = await signedIn(t.app, 'role.admin@example.org');
    await admin.get(`/admin/users/${leaverId}`);
    assert.equal((await admin.post(`/admin/users/${leaverId}/disable`)).statusCode, 303);
    const disabled = await use().db.selectFrom('users').select('disabled_at').where('id', '=', leaverId).executeTakeFirstOrThrow();
    assert.ok(disabled.disabled_at);
    const audit = await use().db.selectFrom('audit_events').select(['action', 'hash']).where('subject_id', '=', leaverId).where('action', '=', 'user.disable').execute();
    assert.equal(audit.length, 1);
    assert.equal((await verifyAuditChain(use().db)).ok, true);
  });

  test('refusals: a bad role name, the owner itself, and a run by a role that does not own the tables', async () => {
    assertRefused(await runCliOn(use(), ['db', 'roles', '--app-role', 'App-Role']), /--app-role: a role name is lower-case letters/);
    assertRefused(await runCliOn(use(), ['db', 'roles', '--app-role', 'postgres']), /must be a different role from the owner/);
    const notOwner = await runCliOn(app, ['db', 'roles', '--app-role', `${role}_x`]);
    assertRefused(notOwner, new RegExp(`run this as the owner of the tables \\(postgres\\).*this connection is ${role}`));
  });
});
