import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { startMailServer, type TestMailServer } from '../../../test/support/smtp.ts';
import { loadConfig } from '../../config.ts';
import { FakeClock } from '../clock/clock.ts';
import { queueEmail, unsentEmails } from './outbox.ts';
import { retryDelayMs } from './rules.ts';
import { smtpSender, type MailSender } from './sender.ts';
import { sendDueEmails } from './worker.ts';

test('the wait between tries doubles from a minute and stops growing at six hours', () => {
  assert.deepEqual([1, 2, 3, 4].map(retryDelayMs), [60_000, 120_000, 240_000, 480_000]);
  assert.equal(retryDelayMs(30), 6 * 3_600_000);
});

describeEachEngine('the email outbox worker against a real SMTP server', (use) => {
  let refusing = true;
  let mail: TestMailServer;
  let sender: MailSender;
  before(async () => {
    mail = await startMailServer({ refuse: () => refusing });
    sender = smtpSender(loadConfig({ NODE_ENV: 'test', ...mail.settings }).smtp!);
  });
  after(async () => {
    sender.close();
    await mail.close();
  });

  const row = (key: string) => use().db.selectFrom('email_outbox').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();

  test('a refused send is tried again after a doubling wait, never before it is due, and sent once when the server accepts', async () => {
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const db = use().db;
    await queueEmail(db, { idempotencyKey: 'retry:1', to: 'retry@example.org', userId: null, subject: 'Retry', text: 'Hello.', link: null }, clock.now());
    const options = { maxAttempts: 5 };

    assert.deepEqual(await sendDueEmails(db, sender, clock, options), { sent: 0, retrying: 1, failed: 0 });
    let r = await row('retry:1');
    assert.equal(r.attempts, 1);
    assert.equal(r.next_attempt_at.toISOString(), '2026-11-23T09:01:00.000Z', 'a minute after the first failure');
    assert.match(r.last_error!, /451|try again later/i);

    clock.advanceSeconds(59);
    assert.deepEqual(await sendDueEmails(db, sender, clock, options), { sent: 0, retrying: 0, failed: 0 }, 'not before it is due');
    clock.advanceSeconds(1);
    await sendDueEmails(db, sender, clock, options);
    r = await row('retry:1');
    assert.equal(r.attempts, 2);
    assert.equal(r.next_attempt_at.toISOString(), '2026-11-23T09:03:00.000Z', 'two minutes after the second');
    assert.equal(mail.refused, 2);

    refusing = false;
    clock.advanceMinutes(2);
    assert.deepEqual(await sendDueEmails(db, sender, clock, options), { sent: 1, retrying: 0, failed: 0 });
    clock.advanceMinutes(60);
    assert.deepEqual(await sendDueEmails(db, sender, clock, options), { sent: 0, retrying: 0, failed: 0 });
    assert.equal(mail.messages.filter((m) => m.to.includes('retry@example.org')).length, 1, 'sent once');
    r = await row('retry:1');
    assert.equal(r.sent_at!.toISOString(), '2026-11-23T09:03:00.000Z');
    assert.equal(r.body_text, null);
  });

  test('after the last try a message is given up and listed for administrators with its error, never its body', async () => {
    refusing = true;
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const db = use().db;
    await queueEmail(db, { idempotencyKey: 'retry:2', to: 'given-up@example.org', userId: null, subject: 'Given up', text: 'Secret body text.', link: null }, clock.now());
    for (let i = 0; i < 3; i++) {
      await sendDueEmails(db, sender, clock, { maxAttempts: 3 });
      clock.advanceMinutes(10);
    }
    const r = await row('retry:2');
    assert.equal(r.attempts, 3);
    assert.ok(r.failed_at, 'given up after three tries');
    assert.equal((await sendDueEmails(db, sender, clock, { maxAttempts: 3 })).retrying, 0, 'a given-up message is not tried again');
    const listed = (await unsentEmails(db)).find((e) => e.subject === 'Given up')!;
    assert.ok(listed.failed_at);
    assert.ok(!JSON.stringify(listed).includes('Secret body text'));
  });

  test('a mail server that cannot be reached is an error to retry, not a crash', async () => {
    const clock = new FakeClock('2026-11-23T11:00:00Z');
    const db = use().db;
    const closed = smtpSender({ host: '127.0.0.1', port: 1, secure: false, from: 'no-reply@example.org' });
    await queueEmail(db, { idempotencyKey: 'retry:3', to: 'nowhere@example.org', userId: null, subject: 'Nowhere', text: 'Hello.', link: null }, clock.now());
    assert.deepEqual(await sendDueEmails(db, closed, clock, { maxAttempts: 5 }), { sent: 0, retrying: 1, failed: 0 });
    assert.match((await row('retry:3')).last_error!, /ECONNREFUSED|connect/i);
  });
});
