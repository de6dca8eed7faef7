import assert from 'node:assert/strict';
import { test } from 'node:test';
import { monthTicks } from './chart.ts';

const day = (d: string) => new Date(`${d}T12:00:00Z`);
const labels = (ticks: Date[]) => ticks.map((t) => t.toISOString().slice(0, 7));

test('month ticks: each month over a few months, every other month over a year, each January over several years', () => {
  assert.deepEqual(labels(monthTicks([day('2026-01-15'), day('2026-05-20')])), ['2026-02', '2026-03', '2026-04', '2026-05']);
  assert.equal(monthTicks([day('2025-11-23'), day('2026-11-23')]).length, 6);
  assert.deepEqual(labels(monthTicks([day('2022-03-31'), day('2026-03-31')])), ['2023-01', '2024-01', '2025-01', '2026-01']);
});
