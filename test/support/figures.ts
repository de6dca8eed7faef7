import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One line of the reliability battery's table: what was checked, how much was
 * tried, what was found and whether that passes. `npm run verify` runs the
 * battery's tests with BATTERY_FIGURES_DIR set and prints every line they
 * wrote; under plain `npm test` nothing is written.
 */
export interface BatteryFigure {
  check: string;
  tried: string;
  found: string;
  pass: boolean;
}

let written = 0;

export function recordBatteryFigure(figure: BatteryFigure): void {
  const dir = process.env.BATTERY_FIGURES_DIR;
  if (!dir) return;
  written += 1;
  writeFileSync(join(dir, `${process.pid}-${written}.json`), JSON.stringify([figure]));
}
