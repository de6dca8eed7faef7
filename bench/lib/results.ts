import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

export type Engine = 'pglite' | 'postgres';

/** One line of a scenario's results: what was measured, on which engine, and its figures. */
export interface Measurement {
  scenario: string;
  engine: Engine;
  subject: string;
  figures: Record<string, number | string>;
  /** Set when nothing was measured, saying why (for example, a capability not built yet). */
  skipped?: string;
}

export interface Machine {
  node: string;
  platform: string;
  arch: string;
  cores: number;
  cpuModel: string;
  memoryGb: number;
  /** Load averages (1, 5, 15 minutes) when the run began: a busy shared machine shows here. */
  loadAverage: number[];
}

export interface RunResult {
  /** What this run tried, when it is an experiment (for example "prepared statements"). */
  label?: string;
  startedAt: string;
  finishedAt: string;
  dataset: { scale: number; seed: number; today: string; rows: Partial<Record<Engine, number>> };
  machine: Machine;
  engines: Engine[];
  scenarios: string[];
  measurements: Measurement[];
  notes: string[];
}

export function describeMachine(): Machine {
  const processors = cpus();
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cores: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** A file name that sorts by time and says the scale (and label): 2026-11-29T17-40-05Z-scale-1.json. */
export function resultFileName(startedAt: string, scale: number, label?: string): string {
  const stamp = startedAt.replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
  const tag = label ? `-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}` : '';
  return `${stamp}-scale-${String(scale).replace('.', '_')}${tag}.json`;
}

export function writeResult(directory: string, result: RunResult): string {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, resultFileName(result.startedAt, result.dataset.scale, result.label));
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

/** A plain-text table: one per scenario, the columns being every figure any of its lines has. */
export function formatMeasurements(measurements: readonly Measurement[]): string {
  const byScenario = new Map<string, Measurement[]>();
  for (const m of measurements) byScenario.set(m.scenario, [...(byScenario.get(m.scenario) ?? []), m]);
  const blocks: string[] = [];
  for (const [scenario, lines] of byScenario) {
    const keys = [...new Set(lines.flatMap((m) => Object.keys(m.figures)))];
    const noted = lines.some((m) => m.skipped);
    const rows = [
      ['subject', 'engine', ...keys, ...(noted ? ['note'] : [])],
      ...lines.map((m) => [m.subject, m.engine, ...keys.map((k) => show(m.figures[k])), ...(noted ? [m.skipped ?? ''] : [])]),
    ];
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
    const text = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
    text.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
    blocks.push(`${scenario}\n${text.join('\n')}`);
  }
  return blocks.join('\n\n');
}

function show(value: number | string | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return Number.isInteger(value) ? value.toLocaleString('en-GB') : value.toFixed(2);
}
