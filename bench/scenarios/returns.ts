import { buildAnnexA, buildCinCensus, buildSsda903, censusXml, listCounts, schemaErrors, validateCinCensus, validateSsda903, yearInProgress } from '../../src/returns/index.ts';
import type { Measurement } from '../lib/results.ts';
import type { Scenario } from '../lib/scenario.ts';
import { summarise } from '../lib/stats.ts';

/**
 * The last finished year's SSDA903 return and CIN census made from the whole
 * council's records, then checked against the DfE's rules (and the census
 * against its schema): the goals are 3 s to make the 903 and CIN census
 * together and 1 s to validate each at scale 1 (docs/returns.md). Then
 * Ofsted's Annex A to the day, which a council must hand inspectors within
 * hours of an inspection starting.
 */
export const returnsScenario: Scenario = {
  name: 'returns',
  description: "the last finished year's SSDA903 return and CIN census: made from the record, then validated; and Ofsted's Annex A to the day",
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
      log(`  Annex A to ${today}: ${annexRows} rows made in a median ${annex.p50} ms`);
      const cinMade: number[] = [];
      const cinChecked: number[] = [];
      const together: number[] = [];
      let children = 0;
      let cinErrors = 0;
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const census = await buildCinCensus(copy.db, yearEnd);
        const xml = censusXml(census, '845', new Date());
        cinMade.push(performance.now() - started);
        together.push(made[run]! + cinMade[run]!);
        const validating = performance.now();
        cinErrors = validateCinCensus(census).length + (await schemaErrors(xml)).length;
        cinChecked.push(performance.now() - validating);
        children = census.children.length;
      }
      const make = summarise(made);
      const validate = summarise(checked);
      const cinMake = summarise(cinMade);
      const cinValidate = summarise(cinChecked);
      const both = summarise(together);
      log(`  SSDA903 ${yearEnd}: ${rows} rows made in a median ${make.p50} ms, validated in ${validate.p50} ms (${errors} errors)`);
      log(`  CIN census ${yearEnd}: ${children} children made as XML in a median ${cinMake.p50} ms, validated (rules and schema) in ${cinValidate.p50} ms (${cinErrors} errors); both returns made in ${both.p50} ms`);
      return [
        { scenario: 'returns', engine, subject: `SSDA903 ${yearEnd}: make`, figures: { runs: make.count, rows, 'median ms': make.p50, 'max ms': make.max } },
        { scenario: 'returns', engine, subject: `SSDA903 ${yearEnd}: validate`, figures: { runs: validate.count, rows, errors, 'median ms': validate.p50, 'max ms': validate.max } },
        { scenario: 'returns', engine, subject: `Annex A to ${today}: make`, figures: { runs: annex.count, rows: annexRows, 'median ms': annex.p50, 'max ms': annex.max } },
        { scenario: 'returns', engine, subject: `CIN census ${yearEnd}: make`, figures: { runs: cinMake.count, rows: children, 'median ms': cinMake.p50, 'max ms': cinMake.max } },
        { scenario: 'returns', engine, subject: `CIN census ${yearEnd}: validate`, figures: { runs: cinValidate.count, rows: children, errors: cinErrors, 'median ms': cinValidate.p50, 'max ms': cinValidate.max } },
        { scenario: 'returns', engine, subject: `SSDA903 and CIN census ${yearEnd}: make both`, figures: { runs: both.count, 'median ms': both.p50, 'max ms': both.max } },
      ];
    } finally {
      await copy.close();
    }
  },
};
