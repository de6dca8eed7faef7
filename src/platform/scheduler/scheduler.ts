/**
 * A small in-process schedule: each job runs once shortly after start, then
 * every `everyMs`. A job never overlaps itself (a run still going when the
 * next is due is skipped), a failure is logged and the schedule goes on, and
 * `stop()` clears the timers and waits for runs in flight, so shutdown never
 * cuts a transaction short.
 *
 * Several app instances may each run the schedule: a job that must run once
 * across them takes a PostgreSQL advisory lock itself (as the daily caseload
 * check does).
 */

export interface ScheduledJob {
  name: string;
  /** Milliseconds between runs. */
  everyMs: number;
  /** Milliseconds after start for the first run (default 5 seconds). */
  firstAfterMs?: number;
  /** Does the work; returns a line to log when it did something, or null when there was nothing to do. */
  run(): Promise<string | null>;
}

export interface SchedulerLog {
  info(message: string): void;
  error(message: string, error: unknown): void;
}

export interface Scheduler {
  /** Clears every timer and resolves when no job is running. */
  stop(): Promise<void>;
  /** Runs a job now (unless it is running), as a timer would: for tests and operators. */
  runNow(name: string): Promise<void>;
}

/** How the schedule waits: Node's timers (unref'd, so they never hold the process open), or a test's own. */
export interface Timers {
  /** Calls `fn` once after `ms`; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
  /** Calls `fn` every `ms`; returns a function that cancels it. */
  every(ms: number, fn: () => void): () => void;
}

export const nodeTimers: Timers = {
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

const consoleLog: SchedulerLog = {
  info: (message) => console.log(message),
  error: (message, error) => console.error(message, error),
};

export function startScheduler(jobs: readonly ScheduledJob[], log: SchedulerLog = consoleLog, timers: Timers = nodeTimers): Scheduler {
  const cancels: (() => void)[] = [];
  const running = new Map<string, Promise<void>>();
  let stopped = false;

  function runJob(job: ScheduledJob): Promise<void> {
    const current = running.get(job.name);
    if (current || stopped) return current ?? Promise.resolve();
    const run = (async () => {
      try {
        const line = await job.run();
        if (line) log.info(`${job.name}: ${line}`);
      } catch (error) {
        log.error(`${job.name} failed; it will be tried again at its next time`, error);
      } finally {
        running.delete(job.name);
      }
    })();
    running.set(job.name, run);
    return run;
  }

  for (const job of jobs) {
    cancels.push(
      timers.after(job.firstAfterMs ?? 5_000, () => {
        void runJob(job);
        cancels.push(timers.every(job.everyMs, () => void runJob(job)));
      }),
    );
  }

  return {
    async stop() {
      stopped = true;
      for (const cancel of cancels) cancel();
      await Promise.all([...running.values()]);
    },
    async runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no scheduled job called ${name}`);
      await runJob(job);
    },
  };
}
