import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { startSession } from '../../platform/auth/sessions.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { invitePerson, resendInvitation, revokeInvitation } from './invitations.ts';
import { createPerson, disablePerson, enablePerson, unlockPerson, updatePerson } from './service.ts';

const TODAY = '2026-11-23';
const NEW_PASSWORD = 'a long and private passphrase';

describeEachEngine('people: shared use cases', (use) => {
  let teamId: string;
  let serviceId: string;
  let adminId: string;
  const context = (): AuditContext => ({ actorUserId: adminId, actorEmail: 'admin@example.org', requestId: 'req-1', ip: '127.0.0.1', at: new Date('2026-11-23T09:00:00Z') });

  before(async () => {
    ({ teamId, serviceId } = await createTeam(use().db, 'People Team'));
    adminId = await createUser(use().db, { email: 'admin@example.org', role: 'system_admin' });
  });

  const userCount = async () => Number((await use().db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const auditFor = (subjectId: string) =>
    use().db.selectFrom('audit_events').selectAll().where('subject_type', '=', 'user').where('subject_id', '=', subjectId).orderBy('id').execute();

  const worker = (email: string, extra: Record<string, unknown> = {}) => ({
    email,
    name: 'Wendy Worker',
    role: 'social_worker',
    teamId,
    qualifiedOn: '2020-03-27',
    fte: '0.8',
    password: NEW_PASSWORD,
    ...extra,
  });

  test('creating a person stores them with a hashed password and one audit row naming them, never the password', async () => {
    const result = await createPerson(use().db, worker('Wendy@Example.org'), context(), TODAY);
    assert.ok(result.ok);
    const row = await use().db.selectFrom('users').selectAll().where('id', '=', result.value.id).executeTakeFirstOrThrow();
    assert.equal(row.email, 'wendy@example.org');
    assert.equal(row.fte, 0.8);
    assert.equal(row.qualified_on, '2020-03-27');
    assert.equal(row.team_id, teamId);
    assert.equal(row.service_id, null);
    assert.ok(await verifyPassword(row.password_hash, NEW_PASSWORD));
    const audit = await auditFor(result.value.id);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.action, 'user.create');
    assert.equal(audit[0]!.actor_user_id, adminId);
    assert.match(audit[0]!.reason!, /wendy@example\.org as Social worker in People Team/);
    assert.doesNotMatch(JSON.stringify(audit), /passphrase/);
  });

  test('an email address in another case is refused, and nothing is stored', async () => {
    const count = await userCount();
    const result = await createPerson(use().db, worker('WENDY@example.ORG'), context(), TODAY);
    assert.deepEqual(result, { ok: false, errors: { email: 'Someone already has this email address' } });
    assert.equal(await userCount(), count);
  });

  test('a short or common password is refused alongside the other problems', async () => {
    const count = await userCount();
    const short = await createPerson(use().db, worker('short@example.org', { password: 'tiny', fte: '3' }), context(), TODAY);
    assert.ok(!short.ok);
    assert.deepEqual(Object.keys(short.errors).sort(), ['fte', 'password']);
    const common = await createPerson(use().db, worker('common@example.org', { password: 'password1234' }), context(), TODAY);
    assert.ok(!common.ok);
    assert.match(common.errors.password!, /too common/);
    assert.equal(await userCount(), count);
  });

  test('a future qualification date, a missing team and an unknown team are refused', async () => {
    const future = await createPerson(use().db, worker('future@example.org', { qualifiedOn: '2026-11-24' }), context(), TODAY);
    assert.ok(!future.ok && future.errors.qualifiedOn);
    const noTeam = await createPerson(use().db, worker('noteam@example.org', { teamId: '' }), context(), TODAY);
    assert.ok(!noTeam.ok && noTeam.errors.teamId);
    const unknown = await createPerson(use().db, worker('unknown@example.org', { teamId: '00000000-0000-4000-8000-000000000000' }), context(), TODAY);
    assert.ok(!unknown.ok && unknown.errors.teamId === 'Select a team from the list');
  });

  test('if the audit row cannot be written, the change is not stored either', async () => {
    const count = await userCount();
    // An actor id that is not a uuid makes the audit insert fail inside the transaction.
    const broken = { ...context(), actorUserId: 'not-a-uuid' };
    await assert.rejects(createPerson(use().db, worker('rolledback@example.org'), broken, TODAY));
    assert.equal(await userCount(), count, 'the user insert was rolled back with the audit row');

    const id = await createUser(use().db, { email: 'steady@example.org', role: 'social_worker', teamId });
    await assert.rejects(disablePerson(use().db, id, broken));
    const row = await use().db.selectFrom('users').select('disabled_at').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.disabled_at, null, 'the disable was rolled back with the audit row');
  });

  test('line management may not loop, and a disabled person cannot be a line manager', async () => {
    const top = await createUser(use().db, { email: 'top@example.org', role: 'team_manager', teamId });
    const middle = await createUser(use().db, { email: 'middle@example.org', role: 'practice_supervisor', teamId, lineManagerId: top });
    const bottom = await createUser(use().db, { email: 'bottom@example.org', role: 'social_worker', teamId, lineManagerId: middle });
    const base = { email: 'top@example.org', name: 'Top', role: 'team_manager', teamId, fte: '1' };
    const loop = await updatePerson(use().db, top, { ...base, lineManagerId: bottom }, context(), TODAY);
    assert.ok(!loop.ok);
    assert.match(loop.errors.lineManagerId!, /already manage/);
    const self = await updatePerson(use().db, top, { ...base, lineManagerId: top }, context(), TODAY);
    assert.ok(!self.ok && /own line manager/.test(self.errors.lineManagerId!));
    const row = await use().db.selectFrom('users').select('line_manager_id').where('id', '=', top).executeTakeFirstOrThrow();
    assert.equal(row.line_manager_id, null);

    const gone = await createUser(use().db, { email: 'gone@example.org', role: 'team_manager', teamId });
    assert.ok((await disablePerson(use().db, gone, context())).ok);
    const managedByGone = await createPerson(use().db, worker('managed@example.org', { lineManagerId: gone }), context(), TODAY);
    assert.ok(!managedByGone.ok && /active person/.test(managedByGone.errors.lineManagerId!));
  });

  test('an update records what changed; an update that changes nothing writes nothing', async () => {
    const id = await createUser(use().db, { email: 'mover@example.org', name: 'Mo Mover', role: 'social_worker', teamId });
    const same = { email: 'mover@example.org', name: 'Mo Mover', role: 'social_worker', teamId, fte: '1' };
    const nothing = await updatePerson(use().db, id, same, context(), TODAY);
    assert.deepEqual(nothing, { ok: true, value: { changes: '' } });
    assert.equal((await auditFor(id)).length, 0);

    const promoted = await updatePerson(use().db, id, { ...same, role: 'service_manager', teamId: '', serviceId, fte: '0.6' }, context(), TODAY);
    assert.ok(promoted.ok);
    const row = await use().db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([row.role, row.team_id, row.service_id, row.fte], ['service_manager', null, serviceId, 0.6]);
    const audit = await auditFor(id);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.action, 'user.update');
    assert.equal(audit[0]!.reason, 'role: Social worker → Service manager; team: People Team → none; service: none → People Team service; FTE: 1 → 0.6');
  });

  test('an administrator may not disable themselves or give up their own role', async () => {
    const disabled = await disablePerson(use().db, adminId, context());
    assert.deepEqual(disabled, { ok: false, message: 'You cannot disable your own account' });
    const demoted = await updatePerson(use().db, adminId, { email: 'admin@example.org', name: 'admin', role: 'social_worker', teamId }, context(), TODAY);
    assert.ok(!demoted.ok && demoted.errors.role);
  });

  test('disabling ends every session at once; enabling and unlocking are each audited', async () => {
    const db = use().db;
    const id = await createUser(db, { email: 'sessions@example.org', role: 'social_worker', teamId });
    await startSession(db, id, new Date('2026-11-23T08:00:00Z'));
    await startSession(db, id, new Date('2026-11-23T08:30:00Z'));
    assert.deepEqual(await disablePerson(db, id, context()), { ok: true, changed: true });
    assert.equal((await db.selectFrom('sessions').select('user_id').where('user_id', '=', id).execute()).length, 0);
    assert.deepEqual(await disablePerson(db, id, context()), { ok: true, changed: false }, 'twice is harmless');
    assert.deepEqual(await enablePerson(db, id, context()), { ok: true, changed: true });

    await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: new Date('2026-11-23T09:15:00Z') }).where('id', '=', id).execute();
    assert.deepEqual(await unlockPerson(db, id, context()), { ok: true, changed: true });
    const unlocked = await db.selectFrom('users').select(['locked_until', 'failed_sign_ins']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(unlocked, { locked_until: null, failed_sign_ins: 0 });

    const actions = (await auditFor(id)).map((r) => r.action);
    assert.deepEqual(actions, ['user.disable', 'user.enable', 'user.unlock']);
    const reasons = (await auditFor(id)).map((r) => r.reason).join(' ');
    assert.match(reasons, /2 sessions ended/);
  });

  const settings = { serviceName: 'Steadfast', councilName: 'Test Council', publicUrl: 'https://steadfast.example.org', invitationDays: 7 };

  test('inviting a person stores them without a password and queues one invitation email, in one transaction with its audit', async () => {
    const db = use().db;
    const { password: _password, ...details } = worker('invited@example.org');
    const result = await invitePerson(db, settings, details, context(), TODAY);
    assert.ok(result.ok);
    const id = result.value.id;
    const row = await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.password_hash, null, 'no password until they choose one');
    const tokens = await db.selectFrom('account_tokens').selectAll().where('user_id', '=', id).execute();
    assert.equal(tokens.length, 1);
    assert.equal(tokens[0]!.purpose, 'invitation');
    assert.equal(tokens[0]!.expires_at.toISOString(), '2026-11-30T09:00:00.000Z', 'seven days');
    const emails = await db.selectFrom('email_outbox').selectAll().where('user_id', '=', id).execute();
    assert.equal(emails.length, 1);
    assert.equal(emails[0]!.idempotency_key, `invitation:${tokens[0]!.id}`);
    assert.match(emails[0]!.body_text!, /https:\/\/steadfast\.example\.org\/account\/invitation\?token=/);
    assert.ok(!emails[0]!.body_text!.includes(tokens[0]!.token_hash), 'the stored hash is not the link');
    assert.deepEqual((await auditFor(id)).map((r) => r.action), ['user.create', 'user.invite']);

    // A new invitation revokes the old link; revoking leaves none.
    assert.deepEqual(await resendInvitation(db, settings, id, context()), { ok: true });
    const live = await db.selectFrom('account_tokens').select('id').where('user_id', '=', id).where('revoked_at', 'is', null).execute();
    assert.equal(live.length, 1);
    assert.equal((await db.selectFrom('email_outbox').select('id').where('user_id', '=', id).execute()).length, 2);
    assert.deepEqual(await revokeInvitation(db, id, context()), { ok: true });
    assert.deepEqual(await revokeInvitation(db, id, context()), { ok: false, message: 'There is no invitation to revoke' });
    assert.deepEqual((await auditFor(id)).map((r) => r.action), ['user.create', 'user.invite', 'user.invite', 'user.invite-revoke']);

    const refused = await invitePerson(db, settings, { ...details, fte: '3' }, context(), TODAY);
    assert.ok(!refused.ok && refused.errors.fte && refused.errors.email, 'a bad field and a taken address are both refused, nothing stored');
  });

  test('someone who has chosen a password gets no new invitation', async () => {
    const db = use().db;
    const id = await createUser(db, { email: 'chosen@example.org', role: 'social_worker', teamId });
    const result = await resendInvitation(db, settings, id, context());
    assert.ok(!result.ok && /already chosen a password/.test(result.message));
  });
});
