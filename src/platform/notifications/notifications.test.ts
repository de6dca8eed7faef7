import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { notify, queueNotificationEmails } from './notifications.ts';

const SERVICE = { serviceName: 'Steadfast', councilName: 'Test Council', publicUrl: 'https://steadfast.example.org' };

describeEachEngine('notifications', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let managerId: string;
  let quietId: string;

  before(async () => {
    const { teamId } = await createTeam(db());
    managerId = await createUser(db(), { email: 'manager@example.org', role: 'team_manager', teamId, name: 'Mina Manager' });
    quietId = await createUser(db(), { email: 'quiet@example.org', role: 'team_manager', teamId });
    await createUser(db(), { email: 'other@example.org', role: 'social_worker', teamId });
  });

  const event = (key: string, userIds: (string | null)[]) => notify(db(), { kind: 'variance-opened', eventKey: key, userIds, link: `/variances/${key}`, now: t.clock.now() });

  test('each person is told once of an event, however often it is reported', async () => {
    await event('e1', [managerId, managerId, null]);
    await event('e1', [managerId]);
    const rows = await db().selectFrom('notifications').select(['user_id', 'event_key']).where('event_key', '=', 'variance-opened:e1').execute();
    assert.deepEqual(rows, [{ user_id: managerId, event_key: 'variance-opened:e1' }]);
  });

  test('the page lists them with a count in the header; opening one marks it read and goes to its page; another person’s is not found', async () => {
    await event('e2', [managerId]);
    const agent = await signedIn(t.app, 'manager@example.org');
    const home = await agent.get('/');
    assert.match(textOf(home.body), /Notifications \(2 new ?\)/);
    const page = await agent.get('/notifications');
    assert.equal(page.statusCode, 200);
    assert.equal([...textOf(page.body).matchAll(/A caseload in your team has gone over a recommended level/g)].length, 3, 'two notifications and the email choice');
    const id = (await db().selectFrom('notifications').select('id').where('event_key', '=', 'variance-opened:e2').executeTakeFirstOrThrow()).id;
    const open = await agent.get(`/notifications/${id}`);
    assert.equal(open.statusCode, 303);
    assert.equal(open.headers.location, '/variances/e2');
    assert.match(textOf((await agent.get('/')).body), /Notifications \(1 new ?\)/);

    const other = await signedIn(t.app, 'other@example.org');
    assert.equal((await other.get(`/notifications/${id}`)).statusCode, 404);
    assert.equal((await other.get('/notifications/not-an-id')).statusCode, 404);

    await agent.get('/notifications');
    assert.equal((await agent.post('/notifications/read')).statusCode, 303);
    assert.doesNotMatch(textOf((await agent.get('/')).body), /new ?\)/);
  });

  test('emails go to the outbox for those who want them, naming no child, once; a person may choose none', async () => {
    const quiet = await signedIn(t.app, 'quiet@example.org');
    await quiet.get('/notifications');
    assert.equal((await quiet.post('/notifications/choices', {})).statusCode, 303);
    const choice = await db().selectFrom('audit_events').select('reason').where('action', '=', 'notifications.choices').where('actor_user_id', '=', quietId).executeTakeFirstOrThrow();
    assert.equal(choice.reason, 'by email: none');

    await event('e3', [managerId, quietId]);
    const queued = await queueNotificationEmails(db(), SERVICE, t.clock.now());
    assert.ok(queued >= 1);
    const emails = await db().selectFrom('email_outbox').select(['recipient', 'subject', 'body_text', 'link']).where('idempotency_key', 'like', 'notification:%').execute();
    assert.ok(emails.every((e) => e.recipient === 'manager@example.org'), 'the person who chose no email gets none');
    const e3 = emails.find((e) => e.link === 'https://steadfast.example.org/variances/e3')!;
    assert.equal(e3.subject, 'A caseload in your team has gone over a recommended level');
    assert.match(e3.body_text!, /^Hello Mina Manager,/);
    assert.equal(await queueNotificationEmails(db(), SERVICE, t.clock.now()), 0, 'nothing is queued twice');
    const left = await db().selectFrom('notifications').select('id').where('email_queued_at', 'is', null).execute();
    assert.equal(left.length, 0);
  });
});
