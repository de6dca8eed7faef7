import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatMeasurements, resultFileName } from '../bench/lib/results.ts';
import { percentile, perSecond, summarise } from '../bench/lib/stats.ts';

describe('Benchmark figures', () => {
  test('percentiles are nearest-rank: a timing that happened, never an interpolation', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(hundred, 50), 50);
    assert.equal(percentile(hundred, 95), 95);
    assert.equal(percentile(hundred, 99), 99);
    assert.equal(percentile(hundred, 100), 100);
    assert.equal(percentile([7], 99), 7);
    assert.equal(percentile([1, 2, 3], 50), 2);
    assert.throws(() => percentile([], 50), /no values/);
    assert.throws(() => percentile([1], 0), /above 0/);
  });

  test('a summary sorts the timings itself and rounds to hundredths', () => {
    const t = summarise([30, 10, 20.123, 40]);
    assert.deepEqual(t, { count: 4, min: 10, mean: 25.03, p50: 20.12, p95: 40, p99: 40, max: 40 });
    assert.throws(() => summarise([]), /no timings/);
  });

  test('rows per second are whole, and nothing in no time is 0 rather than infinity', () => {
    assert.equal(perSecond(1500, 500), 3000);
    assert.equal(perSecond(10, 0), 0);
  });

  test('result files sort by time and name the scale, and the label of an experiment', () => {
    assert.equal(resultFileName('2026-11-29T17:40:05.123Z', 1), '2026-11-29T17-40-05Z-scale-1.json');
    assert.equal(resultFileName('2026-11-29T17:40:05.123Z', 0.05), '2026-11-29T17-40-05Z-scale-0_05.json');
    assert.equal(resultFileName('2026-11-29T17:40:05.123Z', 1, 'Prepared statements!'), '2026-11-29T17-40-05Z-scale-1-prepared-statements.json');
  });

  test('the printed table has a column for every figure, and a note for what was not measured', () => {
    const text = formatMeasurements([
      { scenario: 'pages', engine: 'pglite', subject: 'team dashboard', figures: { 'p95 ms': 12.5, n: 200 } },
      { scenario: 'pages', engine: 'postgres', subject: 'work due', figures: {}, skipped: 'not built yet' },
    ]);
    const lines = text.split('\n');
    assert.equal(lines[0], 'pages');
    assert.match(lines[1]!, /^subject\s+engine\s+p95 ms\s+n\s+note$/);
    assert.match(lines[3]!, /^team dashboard\s+pglite\s+12\.50\s+200$/);
    assert.match(lines[4]!, /^work due\s+postgres\s+not built yet$/);
  });
});
