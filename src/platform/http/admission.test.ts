import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Fastify from 'fastify';
import { AdmissionQueue, AdmissionTimedOut, registerAdmission, type AdmissionTimers } from './admission.ts';

/** Timers a test moves by hand: nothing waits in real time. */
class ManualTimers implements AdmissionTimers {
  now = 0;
  private pending: { at: number; fn: () => void; cancelled: boolean }[] = [];
  after(ms: number, fn: () => void) {
    const entry = { at: this.now + ms, fn, cancelled: false };
    this.pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  }
  get live(): number {
    return this.pending.filter((p) => !p.cancelled).length;
  }
  advance(ms: number): void {
    this.now += ms;
    const due = this.pending.filter((p) => !p.cancelled && p.at <= this.now);
    this.pending = this.pending.filter((p) => !due.includes(p));
    for (const p of due) p.fn();
  }
}

/** Lets settled promises run their callbacks. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Waits for what a socket does (a request arriving, a client going away); fails rather than hangs. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 5000;
  while (!condition()) {
    if (performance.now() > deadline) assert.fail(`never happened: ${what}`);
    await settle();
  }
}

function track(promise: Promise<void>): { state: 'pending' | 'admitted' | 'refused'; error?: unknown } {
  const t: { state: 'pending' | 'admitted' | 'refused'; error?: unknown } = { state: 'pending' };
  promise.then(
    () => (t.state = 'admitted'),
    (error: unknown) => {
      t.state = 'refused';
      t.error = error;
    },
  );
  return t;
}

describe('the admission queue', () => {
  test('lets in up to its concurrency at once, then the rest in arrival order', async () => {
    const timers = new ManualTimers();
    const queue = new AdmissionQueue({ concurrency: 2, maxWaitMs: 1000, timers });
    const tickets = Array.from({ length: 5 }, () => queue.acquire());
    const states = tickets.map((t) => track(t.admitted));
    const order: number[] = [];
    tickets.forEach((t, i) => void t.admitted.then(() => order.push(i)));
    await settle();
    assert.deepEqual(states.map((s) => s.state), ['admitted', 'admitted', 'pending', 'pending', 'pending']);
    assert.equal(queue.inFlight, 2);
    assert.equal(queue.queued, 3);

    tickets[1]!.release();
    await settle();
    assert.deepEqual(states.map((s) => s.state), ['admitted', 'admitted', 'admitted', 'pending', 'pending']);
    tickets[0]!.release();
    await settle();
    tickets[2]!.release();
    await settle();
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.equal(queue.inFlight, 2);
    assert.equal(queue.queued, 0);
    assert.equal(timers.live, 0, 'an admitted request no longer has a wait timer');
  });

  test('a newcomer never jumps the queue, even when a slot is free for a moment', async () => {
    const queue = new AdmissionQueue({ concurrency: 1, maxWaitMs: 1000, timers: new ManualTimers() });
    const first = queue.acquire();
    const second = queue.acquire();
    const order: string[] = [];
    void second.admitted.then(() => order.push('second'));
    first.release();
    const third = queue.acquire();
    void third.admitted.then(() => order.push('third'));
    await settle();
    second.release();
    await settle();
    assert.deepEqual(order, ['second', 'third']);
  });

  test('a request that waits past the bounded wait is refused, and leaves the queue', async () => {
    const timers = new ManualTimers();
    const queue = new AdmissionQueue({ concurrency: 1, maxWaitMs: 1000, timers });
    const holder = queue.acquire();
    const waiting = track(queue.acquire().admitted);
    timers.advance(999);
    await settle();
    assert.equal(waiting.state, 'pending');
    timers.advance(1);
    await settle();
    assert.equal(waiting.state, 'refused');
    assert.ok(waiting.error instanceof AdmissionTimedOut);
    assert.equal((waiting.error as AdmissionTimedOut).statusCode, 503);
    assert.equal(queue.queued, 0);
    holder.release();
    assert.equal(queue.inFlight, 0, 'the refused request took no slot');
    const next = track(queue.acquire().admitted);
    await settle();
    assert.equal(next.state, 'admitted');
  });

  test('a slot given back after an error, or twice, is counted once', async () => {
    const queue = new AdmissionQueue({ concurrency: 1, maxWaitMs: 1000, timers: new ManualTimers() });
    const failing = queue.acquire();
    const after = queue.acquire();
    const afterState = track(after.admitted);
    try {
      await failing.admitted;
      throw new Error('the handler failed');
    } catch {
      failing.release();
      failing.release();
    }
    await settle();
    assert.equal(afterState.state, 'admitted');
    assert.equal(queue.inFlight, 1);
    after.release();
    assert.equal(queue.inFlight, 0);
  });

  test('a request whose client went away while it waited leaves the queue and its timer', async () => {
    const timers = new ManualTimers();
    const queue = new AdmissionQueue({ concurrency: 1, maxWaitMs: 1000, timers });
    const holder = queue.acquire();
    const gone = queue.acquire();
    const goneState = track(gone.admitted);
    const next = track(queue.acquire().admitted);
    gone.release();
    assert.equal(queue.queued, 1);
    holder.release();
    await settle();
    assert.equal(goneState.state, 'pending', 'the departed request is never let in');
    assert.equal(next.state, 'admitted');
    assert.equal(queue.inFlight, 1);
    timers.advance(5000);
    await settle();
    assert.equal(goneState.state, 'pending');
    assert.equal(timers.live, 0);
  });
});

describe('the admission hook', () => {
  async function appWithHold(concurrency: number) {
    const app = Fastify({ forceCloseConnections: true });
    const timers = new ManualTimers();
    const queue = registerAdmission(app, { concurrency, maxWaitMs: 1000, timers });
    const gates: (() => void)[] = [];
    app.get('/hold', async () => {
      await new Promise<void>((resolve) => gates.push(resolve));
      return 'held';
    });
    app.get('/fail', async () => {
      throw new Error('broken');
    });
    app.get('/health', async () => 'ok');
    app.get('/assets/x.css', async () => 'css');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    return { app, queue, timers, gates, base: `http://127.0.0.1:${address.port}` };
  }

  test('a failing request gives its slot back', async () => {
    const { app, queue } = await appWithHold(1);
    try {
      assert.equal((await app.inject('/fail')).statusCode, 500);
      assert.equal((await app.inject('/fail')).statusCode, 500);
      await settle();
      assert.equal(queue.inFlight, 0);
    } finally {
      await app.close();
    }
  });

  test('a client that goes away gives its slot back, whether it held one or waited', async () => {
    const { app, queue, gates, base } = await appWithHold(1);
    try {
      const holding = new AbortController();
      const waiting = new AbortController();
      const first = fetch(`${base}/hold`, { signal: holding.signal }).catch(() => 'aborted');
      await until(() => gates.length > 0, 'the first request holds its slot');
      const second = fetch(`${base}/hold`, { signal: waiting.signal }).catch(() => 'aborted');
      await until(() => queue.queued > 0, 'the second request queues');
      waiting.abort();
      await until(() => queue.queued === 0, 'the departed request leaves the queue');
      holding.abort();
      await until(() => queue.inFlight === 0, 'the departed request gives its slot back');
      assert.equal(await first, 'aborted');
      assert.equal(await second, 'aborted');
      gates.forEach((open) => open());
      // The queue is free again: a new request is let in at once.
      const third = app.inject('/hold');
      await until(() => gates.length >= 2, 'a new request is let in');
      gates[1]!();
      assert.equal((await third).body, "held");
    } finally {
      gates.forEach((open) => open());
      await app.close();
    }
  });

  test('the health endpoint and static assets never wait', async () => {
    const { app, gates } = await appWithHold(1);
    try {
      const held = app.inject('/hold');
      await until(() => gates.length > 0, 'the first request holds its slot');
      assert.equal((await app.inject('/health')).body, 'ok');
      assert.equal((await app.inject('/assets/x.css')).body, 'css');
      gates[0]!();
      await held;
    } finally {
      await app.close();
    }
  });
});
