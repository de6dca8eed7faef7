import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startScheduler, type SchedulerLog, type Timers } from './scheduler.ts';

function memoryLog() {
  const lines: string[] = [];
  const errors: string[] = [];
  const log: SchedulerLog = { info: (m) => lines.push(m), error: (m) => errors.push(m) };
  return { log, lines, errors };
}

/** Timers that fire only when the test moves time on: no real waiting, the same result on any machine. */
class ManualTimers implements Timers {
  private now = 0;
  private pending: { at: number; every?: number; fn: () => void; cancelled: boolean }[] = [];

  after(ms: number, fn: () => void) {
    const entry = { at: this.now + ms, fn, cancelled: false };
    this.pending.push(entry);
    return () => void (entry.cancelled = true);
  }

  every(ms: number, fn: () => void) {
    const entry = { at: this.now + ms, every: ms, fn, cancelled: false };
    this.pending.push(entry);
    return () => void (entry.cancelled = true);
  }

  /** Moves time on by `ms`, firing every timer due on the way in order, and lets the jobs they start settle. */
  async advance(ms: number) {
    const until = this.now + ms;
    for (;;) {
      const next = this.pending.filter((t) => !t.cancelled && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.now = next.at;
      if (next.every) next.at += next.every;
      else next.cancelled = true;
      next.fn();
      await settle();
    }
    this.now = until;
  }

  get live() {
    return this.pending.filter((t) => !t.cancelled).length;
  }
}

/** Lets promise callbacks already queued run (a job that resolved at once finishes). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the in-process scheduler', () => {
  test('runs a job at its first time and then once each interval, and not after stop', async () => {
    const timers = new ManualTimers();
    let runs = 0;
    const { log, lines } = memoryLog();
    const scheduler = startScheduler([{ name: 'counter', everyMs: 50, firstAfterMs: 10, run: async () => `run ${++runs}` }], log, timers);
    await timers.advance(9);
    assert.equal(runs, 0, 'not before its first time');
    await timers.advance(1);
    assert.equal(runs, 1, 'at its first time');
    await timers.advance(200); // at 60, 110, 160 and 210
    assert.equal(runs, 5);
    assert.deepEqual(lines.slice(0, 2), ['counter: run 1', 'counter: run 2'], 'one line for each run that did something');
    await scheduler.stop();
    assert.equal(timers.live, 0, 'stop cancels every timer');
    await timers.advance(500);
    assert.equal(runs, 5, 'no run after stop');
  });

  test('jobs start at five seconds by default', async () => {
    const timers = new ManualTimers();
    let runs = 0;
    const scheduler = startScheduler([{ name: 'default', everyMs: 60_000, run: async () => (runs++, null) }], memoryLog().log, timers);
    await timers.advance(4_999);
    assert.equal(runs, 0);
    await timers.advance(1);
    assert.equal(runs, 1);
    await scheduler.stop();
  });

  test('a run still going when the next is due is skipped, never overlapped, and stop waits for it to finish', async () => {
    const timers = new ManualTimers();
    let active = 0;
    let most = 0;
    let started = 0;
    const gate = deferred();
    const scheduler = startScheduler(
      [
        {
          name: 'slow',
          everyMs: 10,
          firstAfterMs: 0,
          run: async () => {
            started += 1;
            active += 1;
            most = Math.max(most, active);
            await gate.promise;
            active -= 1;
            return null;
          },
        },
      ],
      memoryLog().log,
      timers,
    );
    await timers.advance(100); // ten times due while the first run is still going
    assert.equal(started, 1, 'the runs due while it was going were skipped');
    assert.equal(most, 1, 'never two runs at once');
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await settle();
    assert.equal(stopped, false, 'stop waits for the run in flight');
    gate.resolve();
    await stopping;
    assert.equal(active, 0, 'stop resolved only once the run in flight had finished');
  });

  test('a failing job is logged and tried again at its next time', async () => {
    const timers = new ManualTimers();
    let runs = 0;
    const { log, errors } = memoryLog();
    const scheduler = startScheduler(
      [
        {
          name: 'flaky',
          everyMs: 30,
          firstAfterMs: 0,
          run: async () => {
            runs += 1;
            if (runs === 1) throw new Error('database away');
            return null;
          },
        },
      ],
      log,
      timers,
    );
    await timers.advance(0);
    assert.deepEqual(errors, ['flaky failed; it will be tried again at its next time']);
    await timers.advance(30);
    assert.equal(runs, 2, 'tried again at its next time');
    assert.equal(errors.length, 1);
    await scheduler.stop();
  });

  test('runNow runs a job by name and refuses an unknown one', async () => {
    let runs = 0;
    const scheduler = startScheduler([{ name: 'named', everyMs: 1_000, run: async () => (runs++, null) }], memoryLog().log, new ManualTimers());
    await scheduler.runNow('named');
    assert.equal(runs, 1);
    await assert.rejects(scheduler.runNow('missing'), /no scheduled job called missing/);
    await scheduler.stop();
  });
});
