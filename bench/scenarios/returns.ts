import { buildAnnexA, buildSsda903, listCounts, validateSsda903, yearInProgress } from '../../src/returns/index.ts';
import type { Measurement } from '../lib/results.ts';
import type { Scenario } from '../lib/scenario.ts';
import { summarise } from '../lib/stats.ts';

/**
 * The last finished year's SSDA903 return made from the whole council's
 * records, then checked against the DfE's rules: the goals are 3 s to make
 * (the 903 and CIN census together) and 1 s to validate at scale 1
 * (docs/returns.md). Then Ofsted's Annex A to the day, which a council
 * must hand inspectors within hours of an inspection starting.
 */
export const returnsScenario: Scenario = {
  name: 'returns',
  description: "the last finished year's SSDA903 return: made from the record, then validated; and Ofsted's Annex A to the day",
  async run({ engine, dataset, today, quick, log }): Promise<Measurement[]> {
    const runs = quick ? 1 : 5;
    const yearEnd = yearInProgress(today) - 1;
    const copy = await (await dataset()).openCopy();
    try {
      const made: number[] = [];
      const checked: number[] = [];
      let rows = 0;
      let errors = 0;
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const tables = await buildSsda903(copy.db, yearEnd);
        made.push(performance.now() - started);
        const validating = performance.now();
        errors = validateSsda903(tables, yearEnd).length;
        checked.push(performance.now() - validating);
        rows = Object.values(tables).reduce((sum, table) => sum + table.length, 0);
      }
      const annexA: number[] = [];
      let annexRows = 0;
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const lists = await buildAnnexA(copy.db, today);
        annexA.push(performance.now() - started);
        annexRows = Object.values(lists).reduce((sum, list) => sum + list.length, 0);
        if (run === 0) log(`  Annex A to ${today}: ${listCounts(lists)}`);
      }
      const annex = summarise(annexA);
      const make = summarise(made);
      const validate = summarise(checked);
      log(`  Annex A to ${today}: ${annexRows} rows made in a median ${annex.p50} ms`);
      log(`  SSDA903 ${yearEnd}: ${rows} rows made in a median ${make.p50} ms, validated in ${validate.p50} ms (${errors} errors)`);
      return [
        { scenario: 'returns', engine, subject: `SSDA903 ${yearEnd}: make`, figures: { runs: make.count, rows, 'median ms': make.p50, 'max ms': make.max } },
        { scenario: 'returns', engine, subject: `SSDA903 ${yearEnd}: validate`, figures: { runs: validate.count, rows, errors, 'median ms': validate.p50, 'max ms': validate.max } },
        { scenario: 'returns', engine, subject: `Annex A to ${today}: make`, figures: { runs: annex.count, rows: annexRows, 'median ms': annex.p50, 'max ms': annex.max } },
      ];
    } finally {
      await copy.close();
    }
  },
};
