import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD } from '../../src/demo/accounts.ts';
import { DEMO_EMAIL, findSubjects, type Subjects } from '../lib/app.ts';
import { measuredServerEnv, signInOverHttp, startServer } from '../lib/server.ts';
import type { Scenario } from '../lib/scenario.ts';
import type { Measurement } from '../lib/results.ts';
import { percentile } from '../lib/stats.ts';

const CONNECTIONS = 50;
/** Ten minutes by default; SOAK_SECONDS shortens or lengthens it. The quick run (CI) soaks for 20 seconds. */
const FULL_SECONDS = Number(process.env.SOAK_SECONDS) || 600;
const QUICK_SECONDS = 20;
/** RSS is compared from this far in, once the templates are compiled and the pool is full. */
const WARM_UP_SHARE = 0.2;

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

interface Session {
  role: string;
  cookie: string;
  reads: string[];
  /** A case-note form this person may fill in, when they write. */
  noteForm?: string;
}

async function subjectsOf(data: { openCopy(): Promise<{ db: Parameters<typeof findSubjects>[0]; close(): Promise<void> }> }): Promise<Subjects> {
  const copy = await data.openCopy();
  try {
    return await findSubjects(copy.db);
  } finally {
    await copy.close();
  }
}

/**
 * Ten minutes (by default) of mixed reads and writes at 50 connections, as a
 * morning's staff would make them: social workers read their caseload, work
 * due and children and record case notes; managers read dashboards, the
 * variance register and work due. Counts errors (5xx and failed connections),
 * latency percentiles and the server's memory, sampled every second: growth
 * is the change from the end of the warm-up to the end.
 */
export const soakScenario: Scenario = {
  name: 'soak',
  description: `mixed reads and writes across roles at ${CONNECTIONS} connections for ${FULL_SECONDS / 60} minutes (20 s in a quick run), with the server's memory`,
  async run({ engine, dataset, quick, log }) {
    const data = await dataset();
    const subjects = await subjectsOf(data);
    const copy = await data.copyForProcess();
    try {
      const server = await startServer(['node', '--import', 'tsx', 'src/main.ts'], { ...copy.env, ...measuredServerEnv() });
      try {
        const child = subjects.workerChild.id;
        const sessions: Session[] = [
          {
            role: 'social worker',
            cookie: await signInOverHttp(server.baseUrl, DEMO_EMAIL.socialWorker, DEMO_PASSWORD),
            reads: ['/', '/my-children', '/work', `/children/${child}`, `/children/${child}/notes`, '/caseload'],
            noteForm: `/children/${child}/notes/new`,
          },
          {
            role: 'team manager',
            cookie: await signInOverHttp(server.baseUrl, DEMO_EMAIL.teamManager, DEMO_PASSWORD),
            reads: ['/', `/caseload/teams/${subjects.teamManager.teamId}`, `/work/teams/${subjects.teamManager.teamId}`, '/variances', '/teams', '/supervision'],
          },
          {
            role: 'head of service',
            cookie: await signInOverHttp(server.baseUrl, DEMO_EMAIL.headOfService, DEMO_PASSWORD),
            reads: ['/', '/caseload', '/work/council', '/variances', '/workforce'],
          },
        ];
        const seconds = quick ? QUICK_SECONDS : FULL_SECONDS;
        const until = performance.now() + seconds * 1000;
        const latencies: number[] = [];
        const counts = { reads: 0, writes: 0, errors: 0, refused: 0 };
        const firstErrors: string[] = [];
        const memory: number[] = [];
        const sampler = setInterval(() => memory.push(rssBytes(server.pid)), 1000);

        const timed = async (url: string, init: RequestInit) => {
          const started = performance.now();
          try {
            const response = await fetch(url, { ...init, redirect: 'manual' });
            const body = await response.text();
            latencies.push(performance.now() - started);
            if (response.status >= 500) {
              counts.errors += 1;
              if (firstErrors.length < 5) firstErrors.push(`${init.method ?? 'GET'} ${url}: ${response.status}`);
            } else if (response.status >= 400) counts.refused += 1;
            return body;
          } catch (error) {
            counts.errors += 1;
            if (firstErrors.length < 5) firstErrors.push(`${init.method ?? 'GET'} ${url}: ${(error as Error).message}`);
            return '';
          }
        };

        const connection = async (n: number) => {
          const session = sessions[n % sessions.length]!;
          for (let i = 0; performance.now() < until; i++) {
            // About one request in ten from a social worker records a case note (two requests: the form, then the save).
            if (session.noteForm && i % 10 === 9) {
              const form = await timed(`${server.baseUrl}${session.noteForm}`, { headers: { cookie: session.cookie } });
              const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
              if (!csrf) continue;
              await timed(`${server.baseUrl}${session.noteForm}`, {
                method: 'POST',
                headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams({
                  _csrf: csrf,
                  noteType: 'phone_call',
                  'eventDate-day': '1',
                  'eventDate-month': '12',
                  'eventDate-year': '2026',
                  title: `Soak call ${n}-${i}`,
                  body: 'Spoke with the foster carer about school and contact arrangements.',
                }).toString(),
              });
              counts.writes += 1;
            } else {
              await timed(`${server.baseUrl}${session.reads[i % session.reads.length]}`, { headers: { cookie: session.cookie } });
              counts.reads += 1;
            }
          }
        };
        log(`  soaking for ${seconds} s at ${CONNECTIONS} connections`);
        await Promise.all(Array.from({ length: CONNECTIONS }, (_, n) => connection(n)));
        clearInterval(sampler);

        const warm = memory[Math.floor(memory.length * WARM_UP_SHARE)] ?? memory[0] ?? 0;
        const last = memory.at(-1) ?? warm;
        const growth = warm ? ((last - warm) / warm) * 100 : 0;
        const sorted = [...latencies].sort((a, b) => a - b);
        const figures: Record<string, number | string> = {
          seconds,
          requests: latencies.length,
          'req/s': Math.round(latencies.length / seconds),
          writes: counts.writes,
          errors: counts.errors,
          '4xx': counts.refused,
          'p50 ms': Math.round(percentile(sorted, 50)),
          'p99 ms': Math.round(percentile(sorted, 99)),
          'RSS after warm-up MiB': Math.round(warm / 2 ** 20),
          'RSS at end MiB': Math.round(last / 2 ** 20),
          'RSS growth %': Math.round(growth * 10) / 10,
        };
        log(`  soak: ${figures.requests} requests, ${counts.errors} errors, p99 ${figures['p99 ms']} ms, RSS ${figures['RSS after warm-up MiB']} -> ${figures['RSS at end MiB']} MiB`);
        for (const line of firstErrors) log(`  error: ${line}`);
        const out: Measurement[] = [{ scenario: 'soak', engine, subject: 'mixed reads and writes across roles', figures }];
        return out;
      } finally {
        await server.stop();
      }
    } finally {
      await copy.discard();
    }
  },
};
