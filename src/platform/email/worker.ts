import type { Db } from '../../db/database.ts';
import type { Clock } from '../clock/clock.ts';
import type { ScheduledJob } from '../scheduler/scheduler.ts';
import { claimDueEmails, markNotSent, markSent } from './outbox.ts';
import { errorLine, retryDelayMs } from './rules.ts';
import type { MailSender } from './sender.ts';

export interface OutboxOptions {
  /** Tries before a message is given up and shown to administrators as failed. */
  maxAttempts: number;
  /** Messages claimed in one run. */
  batchSize?: number;
  /** How long a claim keeps other instances off a message: longer than any send takes. */
  leaseMs?: number;
}

export const OUTBOX_JOB = 'email-outbox';

/**
 * Sends the messages that are due, each once: claimed first (so another
 * instance leaves it alone), marked sent as soon as the server accepts it,
 * and after a failure tried again later with a doubling wait, until
 * `maxAttempts` tries have failed.
 */
export async function sendDueEmails(db: Db, sender: MailSender, clock: Clock, options: OutboxOptions): Promise<{ sent: number; retrying: number; failed: number }> {
  const claimed = await claimDueEmails(db, clock.now(), options.batchSize ?? 20, options.leaseMs ?? 5 * 60_000);
  const counts = { sent: 0, retrying: 0, failed: 0 };
  for (const email of claimed) {
    try {
      if (email.body_text === null) throw new Error('message has no body');
      await sender.send({ to: email.recipient, subject: email.subject, text: email.body_text });
      await markSent(db, email.id, clock.now());
      counts.sent += 1;
    } catch (error) {
      const now = clock.now();
      const giveUp = email.attempts >= options.maxAttempts;
      await markNotSent(db, email.id, errorLine(error), now, giveUp ? null : new Date(now.getTime() + retryDelayMs(email.attempts)));
      if (giveUp) counts.failed += 1;
      else counts.retrying += 1;
    }
  }
  return counts;
}

/** The outbox worker as a scheduled job: every 15 seconds by default. */
export function outboxJob(db: Db, sender: MailSender, clock: Clock, options: OutboxOptions & { everyMs?: number }): ScheduledJob {
  return {
    name: OUTBOX_JOB,
    everyMs: options.everyMs ?? 15_000,
    firstAfterMs: 2_000,
    run: async () => {
      const { sent, retrying, failed } = await sendDueEmails(db, sender, clock, options);
      if (!sent && !retrying && !failed) return null;
      return `${sent} sent, ${retrying} to try again, ${failed} given up`;
    },
  };
}
