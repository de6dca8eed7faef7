/**
 * Where a page's time goes: for each page of the http scenario, the queries a
 * request sends (count and time waiting on them) and the template rendering
 * time, averaged over sequential requests through `inject` on the PostgreSQL
 * dataset copy. Usage: node --import tsx bench/tools/breakdown.ts [scale]
 */
import pg from 'pg';
import nunjucks from 'nunjucks';
import { prepareDataset } from '../lib/datasets.ts';
import { startBenchApp, signedIn, findSubjects } from '../lib/app.ts';

const scale = Number(process.argv[2] ?? 1);
const today = new Date().toISOString().slice(0, 10);

let queries = 0;
let queryMs = 0;
let renderMs = 0;
const texts = new Map<string, number>();
const textMs = new Map<string, number>();
const originalQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  const started = performance.now();
  const result = originalQuery.apply(this, args);
  queries += 1;
  const config = args[0] as { text?: string } | string;
  const text = typeof config === 'string' ? config : config?.text ?? '';
  texts.set(text.slice(0, 90), (texts.get(text.slice(0, 90)) ?? 0) + 1);
  if (result && typeof (result as Promise<unknown>).then === 'function') {
    (result as Promise<unknown>).then(() => {
      const ms = performance.now() - started;
      queryMs += ms;
      textMs.set(text.slice(0, 90), (textMs.get(text.slice(0, 90)) ?? 0) + ms);
    }, () => undefined);
  }
  return result;
};
const originalRender = nunjucks.Environment.prototype.render as (...args: unknown[]) => string;
(nunjucks.Environment.prototype as unknown as { render: unknown }).render = function (this: nunjucks.Environment, ...args: unknown[]) {
  const started = performance.now();
  const html = originalRender.apply(this, args);
  renderMs += performance.now() - started;
  return html;
};

const dataset = await prepareDataset('postgres', { scale, seed: 1, today }, (line) => console.error(line));
const copy = await dataset.openCopy();
const app = await startBenchApp(copy, today);
try {
  const subjects = await findSubjects(copy.db);
  const worker = await signedIn(app, 'social.worker@steadfast.example');
  const manager = await signedIn(app, 'team.manager@steadfast.example');
  for (const [name, agent, url] of [
    ["worker's caseload page", worker, `/caseload/workers/${subjects.socialWorker.id}`],
    ['team caseload dashboard', manager, `/caseload/teams/${subjects.teamManager.teamId}`],
  ] as const) {
    for (let i = 0; i < 20; i++) await agent.get(url);
    const n = 100;
    queries = 0; queryMs = 0; renderMs = 0; texts.clear(); textMs.clear();
    const started = performance.now();
    let bytes = 0;
    for (let i = 0; i < n; i++) bytes = (await agent.get(url)).body.length;
    const total = performance.now() - started;
    console.log(`${name}: ${(total / n).toFixed(2)} ms a request, ${(queries / n).toFixed(1)} queries (${(queryMs / n).toFixed(2)} ms waiting, summed), render ${(renderMs / n).toFixed(2)} ms, ${bytes} bytes`);
    for (const [text, count] of [...texts].sort((a, b) => b[1] - a[1])) console.log(`   ${(count / n).toFixed(1)} × ${((textMs.get(text) ?? 0) / n).toFixed(2)} ms ${text.replace(/\s+/g, ' ')}`);
  }
} finally {
  await app.close();
  await copy.close();
}
