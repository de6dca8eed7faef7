import { addDays } from '../../src/platform/calendar/dates.ts';
import { runDailyCaseloadCheck, takeSnapshot } from '../../src/workload/index.ts';
import { dueAcrossCouncil } from '../../src/timescales/index.ts';
import type { Scenario } from '../lib/scenario.ts';
import { summarise } from '../lib/stats.ts';

/**
 * The whole council's daily caseload check (reassess every worker, escalate
 * late plans, take the snapshot), run for the following days as the server
 * would each morning; then the snapshot on its own.
 */
export const dailyCheckScenario: Scenario = {
  name: 'daily-check',
  description: "the daily caseload check and snapshot for the whole council, on the days after the dataset's",
  async run({ engine, dataset, today, quick, log }) {
    const days = quick ? 1 : 3;
    const copy = await (await dataset()).openCopy();
    try {
      const checks: number[] = [];
      let workers = 0;
      // At a large scale one run can take minutes: stop after a minute's worth once one has run.
      const began = performance.now();
      for (let day = 1; day <= days && (day === 1 || performance.now() - began < 60_000); day++) {
        const date = addDays(today, day);
        const started = performance.now();
        const result = await runDailyCaseloadCheck(copy.db, { today: date, now: new Date(`${date}T06:00:00Z`) });
        checks.push(performance.now() - started);
        if (!result.ran) throw new Error(`the daily check did not run for ${date}`);
        workers = result.workers;
      }
      const snapshots: number[] = [];
      for (let day = days + 1; day <= days + checks.length; day++) {
        const started = performance.now();
        await takeSnapshot(copy.db, addDays(today, day));
        snapshots.push(performance.now() - started);
      }
      const check = summarise(checks);
      const snapshot = summarise(snapshots);
      log(`  daily check: median ${check.p50} ms for ${workers} workers`);
      return [
        { scenario: 'daily-check', engine, subject: 'daily caseload check', figures: { runs: check.count, workers, 'median ms': check.p50, 'max ms': check.max } },
        { scenario: 'daily-check', engine, subject: 'snapshot alone', figures: { runs: snapshot.count, workers, 'median ms': snapshot.p50, 'max ms': snapshot.max } },
      ];
    } finally {
      await copy.close();
    }
  },
};

/**
 * The whole council's due items worked out afresh for every open case and
 * stored, as the job soon after midnight does (pages then read the stored
 * items; see src/timescales/engine/store.ts).
 */
export const timescalesScenario: Scenario = {
  name: 'timescales',
  description: "the whole council's timescale computation (every open case's due items)",
  async run({ engine, dataset, today, quick, log }) {
    const runs = quick ? 1 : 3;
    const copy = await (await dataset()).openCopy();
    try {
      const timings: number[] = [];
      let figures = { workedOut: 0, children: 0, items: 0, overdue: 0 };
      const began = performance.now();
      for (let i = 0; i < runs && (i === 0 || performance.now() - began < 60_000); i++) {
        const started = performance.now();
        figures = await dueAcrossCouncil(copy.db, today, { afresh: true });
        timings.push(performance.now() - started);
      }
      const t = summarise(timings);
      log(`  timescales: median ${t.p50} ms for ${figures.children} children`);
      return [
        {
          scenario: 'timescales',
          engine,
          subject: 'whole-council due items',
          figures: { runs: t.count, children: figures.children, items: figures.items, overdue: figures.overdue, 'median ms': t.p50, 'max ms': t.max },
        },
      ];
    } finally {
      await copy.close();
    }
  },
};
