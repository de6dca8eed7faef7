/**
 * The benchmark suite: npm run bench -- [--scale N] [--engine pglite|postgres|both]
 * [--scenario name[,name]] [--quick] [--out dir] [--label text]. Each scenario runs on every
 * engine in turn in the same run, so their ratios are fair on a noisy machine;
 * the figures are printed as a table and written as JSON to bench/results/.
 * Benchmarks, not tests: a missed target is reported, never a failure.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { londonDate } from '../src/platform/clock/clock.ts';
import { prepareDataset, serverAnswers, type Dataset } from './lib/datasets.ts';
import { describeMachine, formatMeasurements, writeResult, type Engine, type Measurement, type RunResult } from './lib/results.ts';
import type { Scenario } from './lib/scenario.ts';
import { coldStartScenario } from './scenarios/cold-start.ts';
import { dailyCheckScenario, timescalesScenario } from './scenarios/daily-check.ts';
import { httpScenario } from './scenarios/http.ts';
import { loadScenario } from './scenarios/load.ts';
import { pagesScenario } from './scenarios/pages.ts';
import { returnsScenario } from './scenarios/returns.ts';
import { soakScenario } from './scenarios/soak.ts';

export const SCENARIOS: readonly Scenario[] = [pagesScenario, httpScenario, dailyCheckScenario, timescalesScenario, returnsScenario, loadScenario, coldStartScenario, soakScenario];

interface Options {
  scale: number;
  seed: number;
  today: string;
  engine: 'pglite' | 'postgres' | 'both';
  scenario?: string[];
  quick: boolean;
  out: string;
  label?: string;
}

function positive(value: string): number {
  const n = Number(value);
  if (!(n > 0) || n > 200) throw new InvalidArgumentError('It must be a number above 0 and at most 200.');
  return n;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('npm run bench --')
    .option('--scale <number>', 'dataset size: 1 is a county, 20 a large region', positive, 1)
    .option('--seed <integer>', 'the demo seed', (v) => Number.parseInt(v, 10), 1)
    .option('--today <YYYY-MM-DD>', 'the date the dataset is made as at (default: today in England)', londonDate(new Date()))
    .addOption(new Option('--engine <engine>', 'which database engines').choices(['pglite', 'postgres', 'both']).default('both'))
    .option('--scenario <names>', `only these scenarios, comma-separated: ${SCENARIOS.map((s) => s.name).join(', ')}`, (v, previous: string[] = []) => [
      ...previous,
      ...v.split(',').map((s) => s.trim()),
    ])
    .option('--quick', 'a very short run that only proves each scenario works (not a measurement)', false)
    .option('--out <dir>', 'where to write the JSON result', 'bench/results')
    .option('--label <text>', 'what this run tries, kept in the result and its file name (for before/after experiments)');
  program.parse(argv, { from: 'user' });
  const options = program.opts<Options>();

  const unknown = (options.scenario ?? []).filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}: choose from ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const scenarios = options.scenario ? SCENARIOS.filter((s) => options.scenario!.includes(s.name)) : SCENARIOS;

  const notes: string[] = [];
  let engines: Engine[] = options.engine === 'both' ? ['pglite', 'postgres'] : [options.engine];
  if (engines.includes('postgres') && !(await serverAnswers())) {
    if (options.engine === 'postgres') throw new Error('no PostgreSQL server answers (set BENCH_DATABASE_URL)');
    engines = ['pglite'];
    notes.push('No PostgreSQL server answered: PGlite only.');
  }
  if (options.quick) notes.push('Quick run: proves the scenarios work; the figures are not measurements.');

  const log = (line: string) => process.stderr.write(`${line}\n`);
  const spec = { scale: options.scale, seed: options.seed, today: options.today };
  const datasets = new Map<Engine, Promise<Dataset>>();
  const dataset = (engine: Engine) => () => {
    let prepared = datasets.get(engine);
    if (!prepared) {
      prepared = prepareDataset(engine, spec, log);
      datasets.set(engine, prepared);
    }
    return prepared;
  };

  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  log(`Steadfast benchmarks at scale ${spec.scale} (seed ${spec.seed}, as at ${spec.today}) on ${engines.join(' and ')}`);
  log(`Node ${machine.node}, ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb} GB, load ${machine.loadAverage.join(' ')}`);
  const measurements: Measurement[] = [];
  for (const scenario of scenarios) {
    for (const engine of engines) {
      log(`${scenario.name} on ${engine}: ${scenario.description}`);
      const context = { engine, dataset: dataset(engine), scale: spec.scale, seed: spec.seed, today: spec.today, quick: options.quick, log };
      measurements.push(...(await scenario.run(context)));
    }
  }

  const rows: RunResult['dataset']['rows'] = {};
  for (const [engine, prepared] of datasets) {
    const made = await prepared;
    rows[engine] = made.rows;
    if (made.generatedInSeconds !== undefined) notes.push(`The ${engine} dataset was generated in this run in ${made.generatedInSeconds.toFixed(1)} s.`);
  }
  const result: RunResult = {
    ...(options.label ? { label: options.label } : {}),
    startedAt,
    finishedAt: new Date().toISOString(),
    dataset: { ...spec, rows },
    machine,
    engines,
    scenarios: scenarios.map((s) => s.name),
    measurements,
    notes,
  };
  const path = writeResult(options.out, result);
  process.stdout.write(`\n${formatMeasurements(measurements)}\n\n`);
  for (const note of notes) process.stdout.write(`Note: ${note}\n`);
  process.stdout.write(`Written to ${path}\n`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
