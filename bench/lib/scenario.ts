import type { Dataset } from './datasets.ts';
import type { Engine, Measurement } from './results.ts';

export interface ScenarioContext {
  engine: Engine;
  /** The generated dataset on this engine (scenarios that load their own data ignore it). */
  dataset: () => Promise<Dataset>;
  scale: number;
  seed: number;
  today: string;
  /** A short run that only proves the scenario works (the CI smoke step), not a measurement. */
  quick: boolean;
  log(line: string): void;
}

export interface Scenario {
  name: string;
  description: string;
  run(context: ScenarioContext): Promise<Measurement[]>;
}

/** A line saying plainly that a scenario or page has nothing to measure yet. */
export function notMeasured(scenario: string, engine: Engine, subject: string, why: string): Measurement {
  return { scenario, engine, subject, figures: {}, skipped: why };
}
