import autocannon from 'autocannon';
import { openDatabase } from '../../src/db/database.ts';
import { DEMO_PASSWORD } from '../../src/demo/accounts.ts';
import { systemClock } from '../../src/platform/clock/clock.ts';
import { applicationJobs } from '../../src/app.ts';
import { DEMO_EMAIL } from '../lib/app.ts';
import { measuredServerEnv, signInOverHttp, startServer } from '../lib/server.ts';
import type { Scenario } from '../lib/scenario.ts';
import type { Measurement } from '../lib/results.ts';

/** 50 by default; BENCH_CONNECTIONS measures another load (e.g. 10, a small office). */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/**
 * A folder: the Steadfast server then writes a CPU profile of the whole run
 * there as it stops (read it with bench/tools/cpu-profile.ts). Profiling
 * slows the server, so such a run's figures are not a measurement.
 */
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROFILE;

/** Where a signed-in person's caseload link leads them (their own worker page, or their team's dashboard). */
async function landing(baseUrl: string, cookie: string): Promise<string> {
  const response = await fetch(`${baseUrl}/caseload`, { headers: { cookie }, redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 && response.status !== 303) throw new Error(`/caseload answered ${response.status}, not a redirect`);
  return location!;
}

/** autocannon at CONNECTIONS on one URL, with a session cookie or none. */
async function measure(url: string, cookie: string, quick: boolean): Promise<Record<string, number | string>> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: quick ? 4 : 15, headers: cookie ? { cookie } : {} });
  return {
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    requests: result.requests.total,
    'non-2xx': result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function warmUp(url: string, cookie: string, seconds: number): Promise<void> {
  await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { cookie } });
}

/**
 * The day's scheduled work (the daily caseload check, the day's due items)
 * done before the server starts, as on a server that has been running since
 * midnight: otherwise its first run, 5 seconds after start, falls inside the
 * measurement and times the jobs rather than the pages.
 */
async function runTheDaysJobs(env: Record<string, string>): Promise<void> {
  const opened = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    for (const job of applicationJobs(opened.db, systemClock)) await job.run();
  } finally {
    await opened.close();
  }
}

/**
 * HTTP throughput and latency with autocannon at 50 connections, each
 * connection carrying a real signed-in session, against Steadfast in its own
 * process in production mode. autocannon runs in this process, so on a small
 * machine the two share its cores.
 */
export const httpScenario: Scenario = {
  name: 'http',
  description: `requests per second and latency at ${CONNECTIONS} connections, signed in, against a separate server process, and the floor (bench/floor/server.ts) in the same run`,
  async run({ engine, dataset, quick, log }) {
    const copy = await (await dataset()).copyForProcess();
    try {
      await runTheDaysJobs(copy.env);
      const profiling = CPU_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROFILE_DIR] : [];
      const server = await startServer(['node', ...profiling, '--import', 'tsx', 'src/main.ts'], { ...copy.env, ...measuredServerEnv() });
      let stopped = false;
      try {
        const worker = await signInOverHttp(server.baseUrl, DEMO_EMAIL.socialWorker, DEMO_PASSWORD);
        const manager = await signInOverHttp(server.baseUrl, DEMO_EMAIL.teamManager, DEMO_PASSWORD);
        const targets = [
          { subject: "worker's caseload page", cookie: worker, path: await landing(server.baseUrl, worker), target: engine === 'postgres' ? 1500 : 500 },
          { subject: 'team caseload dashboard', cookie: manager, path: await landing(server.baseUrl, manager), target: undefined },
        ];
        // Not measured: the scheduler's first run of the day's jobs, 5 seconds after start, and the first requests' compiling and planning, as on a server that has been up since morning.
        await warmUp(`${server.baseUrl}${targets[0]!.path}`, targets[0]!.cookie, quick ? 2 : 8);
        const out: Measurement[] = [];
        for (const t of targets) {
          log(`  ${t.subject}: ${t.path}`);
          const figures = await measure(`${server.baseUrl}${t.path}`, t.cookie, quick);
          if (t.target) figures['target req/s'] = t.target;
          log(`  ${t.subject}: ${figures['req/s']} req/s, p99 ${figures['p99 ms']} ms`);
          out.push({ scenario: 'http', engine, subject: t.subject, figures });
        }
        await server.stop();
        stopped = true;
        // The floor, on the same data with the same connections, once Steadfast has stopped so they never share the cores.
        const floorServer = await startServer(['node', '--import', 'tsx', 'bench/floor/server.ts'], copy.env);
        try {
          const floor = await measure(`${floorServer.baseUrl}/floor`, '', quick);
          log(`  the floor: ${floor['req/s']} req/s, p99 ${floor['p99 ms']} ms`);
          for (const m of out) m.figures['% of floor req/s'] = Math.round((100 * Number(m.figures['req/s'])) / Math.max(1, Number(floor['req/s'])));
          out.push({ scenario: 'http', engine, subject: 'the floor: bare route, 50 rows, same layout', figures: floor });
        } finally {
          await floorServer.stop();
        }
        return out;
      } finally {
        if (!stopped) await server.stop();
      }
    } finally {
      await copy.discard();
    }
  },
};
