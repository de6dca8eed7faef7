import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { queueNotificationEmails } from '../../platform/notifications/notifications.ts';
import { sendDueEmails } from '../../platform/email/worker.ts';
import type { ScheduledJob } from '../../platform/scheduler/scheduler.ts';
import { workloadJobs } from '../../workload/index.ts';
import { workforceJobs } from '../../workforce/index.ts';
import { runWeeklyDigest } from './digest.ts';

const SERVICE = { serviceName: 'Steadfast', councilName: 'Test Council', publicUrl: 'https://steadfast.example.org' };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

// The fake clock starts on Monday 23 November 2026, 09:00 (London time too: GMT).
describeEachEngine('notifications of each kind, the council’s required emails and the weekly summary', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let teamId: string;
  let serviceId: string;
  let managerId: string;
  let workerId: string;
  let otherId: string;
  let headId: string;
  let childId: string;

  const job = (jobs: ScheduledJob[], name: string) => jobs.find((j) => j.name === name)!;
  const mine = (userId: string, kind: string) =>
    db().selectFrom('notifications').select(['id', 'event_key', 'link', 'detail']).where('user_id', '=', userId).where('kind', '=', kind).orderBy('created_at').execute();

  before(async () => {
    ({ teamId, serviceId } = await createTeam(db(), 'Notice Team'));
    managerId = await createUser(db(), { email: 'nk-tm@example.org', role: 'team_manager', teamId, name: 'Tess Manager' });
    workerId = await createUser(db(), { email: 'nk-sw@example.org', role: 'social_worker', teamId, name: 'Will Worker', lineManagerId: managerId, qualifiedOn: '2015-07-01' });
    otherId = await createUser(db(), { email: 'nk-sm@example.org', role: 'service_manager', serviceId, name: 'Sid Service' });
    headId = await createUser(db(), { email: 'nk-hos@example.org', role: 'head_of_service', name: 'Hana Head' });
    // A child on a child protection plan since 2 November: the first visit was due by 16 November and has not happened.
    const child = await db()
      .insertInto('people')
      .values({ is_child: true, la_child_id: 'NK1', forename: 'Kit', surname: 'Zebedee', date_of_birth: '2014-04-04', sex: 'M', restricted: false })
      .returning('id')
      .executeTakeFirstOrThrow();
    childId = child.id;
    await db().insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2026-10-01' }).execute();
    await db().insertInto('cp_plans').values({ child_id: childId, start_date: '2026-11-02', initial_category: 'NEG', latest_category: 'NEG' }).execute();
    // Will's last supervision was on 15 October: monthly, so due by 15 November and overdue now.
    await db()
      .insertInto('supervisions')
      .values({ worker_id: workerId, supervisor_id: managerId, held_on: '2026-10-15', kind: 'reflective', wellbeing: 'well', workload_discussed: false, summary: 'Held.', recorded_by: managerId, recorded_at: new Date('2026-10-15T15:00:00Z') })
      .execute();
  });

  test('an overdue visit tells the lead worker once however often the daily job runs, and their line manager only after the set days', async () => {
    const jobs = workloadJobs(db(), t.clock, { notifyManagerAfterOverdueDays: 10 });
    const notices = job(jobs, 'overdue work notices');
    assert.match((await notices.run())!, /^1 notifications of overdue visits and reviews for 2026-11-23$/);
    assert.equal(await notices.run(), null, 'a second run the same day, as by another instance, does nothing');
    const told = await mine(workerId, 'item-overdue');
    assert.equal(told.length, 1);
    assert.equal(told[0]!.link, '/work', 'the link opens the worker’s own work due, which applies its own rules');
    assert.equal((await mine(managerId, 'item-overdue-manager')).length, 0, 'seven days late: the manager is not told yet');

    t.clock.set('2026-11-26T09:00:00Z'); // ten days late
    await notices.run();
    await notices.run();
    assert.equal((await mine(workerId, 'item-overdue')).length, 1, 'the worker is not told again of the same visit');
    const manager = await mine(managerId, 'item-overdue-manager');
    assert.equal(manager.length, 1);
    assert.equal(manager[0]!.link, `/work/teams/${teamId}`);

    const will = await signedIn(t.app, 'nk-sw@example.org');
    const page = textOf((await will.get('/notifications')).body);
    assert.match(page, /A visit or review for a child you work with is overdue/);
    assert.doesNotMatch(page, /Zebedee|Kit /, 'a notification never names the child');
    assert.match(textOf((await will.get('/')).body), /Notifications \(1 new ?\)/, 'the header counts the unread notification on every page');
    assert.equal((await will.post('/notifications/read')).statusCode, 303);
    const afterReading = textOf((await will.get('/')).body);
    assert.match(afterReading, /Notifications/);
    assert.doesNotMatch(afterReading, /Notifications \(/, 'read, the count goes');
    t.clock.set('2026-11-23T09:00:00Z');
  });

  test('overdue supervision tells the worker and their line manager once', async () => {
    const supervision = job(workforceJobs(db(), t.clock), 'supervision notices');
    await supervision.run();
    await supervision.run();
    const worker = await mine(workerId, 'supervision-overdue');
    const manager = await mine(managerId, 'supervision-overdue');
    assert.deepEqual(
      [worker.map((n) => n.link), manager.map((n) => n.link)],
      [['/supervision'], [`/supervision/workers/${workerId}`]],
    );
    assert.equal((await mine(managerId, 'supervision-overdue')).length, 1);
  });

  test('naming someone on a restricted record tells the record’s holders named on it, not the person who did it', async () => {
    await db().updateTable('people').set({ restricted: true, restriction_reason: 'Relative of staff' }).where('id', '=', childId).execute();
    await db()
      .insertInto('restricted_access')
      .values([workerId, managerId].map((user_id) => ({ child_id: childId, user_id, granted_by: managerId })))
      .execute();
    const manager = await signedIn(t.app, 'nk-tm@example.org');
    assert.equal((await manager.get(`/children/${childId}/details/restricted-access`)).statusCode, 200);
    const added = await manager.post(`/children/${childId}/details/restricted-access/add`, { userId: otherId });
    assert.equal(added.statusCode, 303);
    const worker = await mine(workerId, 'restricted-access-granted');
    assert.equal(worker.length, 1);
    assert.equal(worker[0]!.link, `/children/${childId}/details/restricted-access`);
    assert.equal((await mine(managerId, 'restricted-access-granted')).length, 0, 'the manager named them: they are not told of their own act');
    assert.equal((await mine(otherId, 'restricted-access-granted')).length, 0);
    await db().deleteFrom('restricted_access').where('child_id', '=', childId).execute();
    await db().updateTable('people').set({ restricted: false, restriction_reason: null }).where('id', '=', childId).execute();
  });

  test('a notification’s email is queued once and tried again after a failed send', async () => {
    await queueNotificationEmails(db(), SERVICE, t.clock.now());
    assert.equal(await queueNotificationEmails(db(), SERVICE, t.clock.now()), 0, 'nothing is queued twice');
    const emails = await db().selectFrom('email_outbox').select(['idempotency_key', 'subject', 'body_text']).where('recipient', '=', 'nk-sw@example.org').execute();
    const overdue = emails.filter((e) => e.subject === 'A visit or review for a child you work with is overdue');
    assert.equal(overdue.length, 1);
    assert.doesNotMatch(overdue[0]!.body_text!, /Zebedee|Kit|NK1/);
    assert.doesNotMatch(overdue[0]!.body_text!, UUID, 'the link goes to the worker’s work due, without the child’s id');

    const failing = { send: async () => Promise.reject(new Error('mail server away')), close() {} };
    const first = await sendDueEmails(db(), failing, t.clock, { maxAttempts: 3 });
    assert.ok(first.retrying >= 1);
    const sent: string[] = [];
    const working = { send: async (m: { to: string; subject: string }) => void sent.push(`${m.to}: ${m.subject}`), close() {} };
    assert.equal((await sendDueEmails(db(), working, t.clock, { maxAttempts: 3 })).sent, 0, 'not before its retry time');
    t.clock.advanceMinutes(10);
    await sendDueEmails(db(), working, t.clock, { maxAttempts: 3 });
    assert.equal(sent.filter((s) => s === 'nk-sw@example.org: A visit or review for a child you work with is overdue').length, 1, 'sent once, on the second try');
    t.clock.set('2026-11-23T09:00:00Z');
  });

  test('a kind the council requires is emailed to someone who turned it off, and they cannot turn it off; only managers of the settings may set it', async () => {
    const worker = await signedIn(t.app, 'nk-sw@example.org');
    assert.equal((await worker.get('/admin/notifications')).statusCode, 403);
    await worker.get('/notifications');
    assert.equal((await worker.post('/notifications/choices', {})).statusCode, 303, 'they choose no emails at all');

    const head = await signedIn(t.app, 'nk-hos@example.org');
    assert.equal((await head.get('/admin/notifications')).statusCode, 200);
    assert.equal((await head.post('/admin/notifications', { required: 'supervision-overdue' })).statusCode, 303);
    const audit = await db().selectFrom('audit_events').select('reason').where('action', '=', 'notifications.required').where('actor_user_id', '=', headId).executeTakeFirstOrThrow();
    assert.match(audit.reason!, /now required: supervision-overdue/);

    const page = await worker.get('/notifications');
    assert.doesNotMatch(page.body, /value="supervision-overdue"/, 'a required email is not offered as a choice');
    assert.match(textOf(page.body), /The council requires these emails, so they are always sent: Supervision is overdue/);

    await db().insertInto('notifications').values({ user_id: workerId, kind: 'supervision-overdue', event_key: 'supervision-overdue:required-test', link: '/supervision', created_at: t.clock.now() }).execute();
    await db().insertInto('notifications').values({ user_id: workerId, kind: 'item-overdue', event_key: 'item-overdue:not-wanted', link: '/work', created_at: t.clock.now() }).execute();
    await queueNotificationEmails(db(), SERVICE, t.clock.now());
    const keys = new Set((await db().selectFrom('email_outbox').select('idempotency_key').where('recipient', '=', 'nk-sw@example.org').execute()).map((r) => r.idempotency_key));
    const subjects = (await mine(workerId, 'supervision-overdue')).concat(await mine(workerId, 'item-overdue')).filter((n) => keys.has(`notification:${n.id}`)).map((n) => n.event_key);
    assert.ok(subjects.includes('supervision-overdue:required-test'), 'the required kind is emailed');
    assert.ok(!subjects.includes('item-overdue:not-wanted'), 'a kind they turned off is not');

    assert.equal((await head.post('/admin/notifications', {})).statusCode, 303);
    assert.match((await worker.get('/notifications')).body, /value="supervision-overdue"/, 'lifted: the choice is theirs again');
  });

  test('the weekly summary goes once a week to each manager, from the set day and hour, in figures naming no child', async () => {
    const when = { day: 'monday' as const, hour: 10 };
    assert.equal(await runWeeklyDigest(db(), new Date('2026-11-23T09:59:00Z'), when), null, 'not before the hour');
    const told = await runWeeklyDigest(db(), new Date('2026-11-23T10:00:00Z'), when);
    assert.equal(told, 3, 'the team manager, the service manager and the head of service');
    assert.equal(await runWeeklyDigest(db(), new Date('2026-11-25T10:00:00Z'), when), null, 'once a week');
    const digest = await mine(managerId, 'weekly-digest');
    assert.equal(digest.length, 1);
    assert.equal(digest[0]!.event_key, 'weekly-digest:2026-11-23');
    assert.match(digest[0]!.detail!, /^Notice Team: 2 case-holding workers/);
    assert.match(digest[0]!.detail!, /1 overdue visit /);
    assert.match(digest[0]!.detail!, /1 person with supervision overdue/);
    assert.equal((await mine(workerId, 'weekly-digest')).length, 0, 'workers get none');
    // A week on, after a day when the app was not running on the Monday: it goes on the Tuesday.
    assert.equal(await runWeeklyDigest(db(), new Date('2026-12-01T08:00:00Z'), when), 3);

    const page = await (await signedIn(t.app, 'nk-hos@example.org')).get('/notifications/digest');
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /Notice Team/);
    assert.doesNotMatch(page.body, new RegExp(`${childId}|Zebedee`), 'no child’s id or name on a head of service’s page');
    assert.equal((await (await signedIn(t.app, 'nk-sw@example.org')).get('/notifications/digest')).statusCode, 404);
  });
});
