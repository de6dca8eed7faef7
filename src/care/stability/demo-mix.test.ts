import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { findChildrenWithEpisodes } from './queries.ts';
import { figuresOn } from './service.ts';
import { carePeriods, latestYearEnd } from './rules.ts';

// National figures to be plausible against (DfE, "Children looked after in
// England including adoptions"): about 1 in 10 children looked after at 31
// March had 3 or more placements in the year, and about 7 in 10 of those
// under 16 in care for 2.5 years had been in the same placement for 2 years.
describeEachEngine(
  'the demo council’s placement stability',
  (use) => {
    test('about 1 in 10 with 3 or more placements in the year, about 7 in 10 stable for 2 years, and moves with their reasons', async () => {
      const db = use().db;
      const analyst = { id: '00000000-0000-4000-8000-000000000000', role: 'performance_analyst' as const, teamId: null, serviceId: null };
      const children = await findChildrenWithEpisodes(db, analyst, new Date(`${TEST_TODAY}T09:00:00Z`), { kind: 'council' });
      for (const date of [latestYearEnd(TEST_TODAY), TEST_TODAY]) {
        const { shortTerm, longTerm } = figuresOn(children, date);
        assert.ok(shortTerm.denominator >= 30 && longTerm.denominator >= 5, `children counted on ${date}: ${shortTerm.denominator}, ${longTerm.denominator}`);
        assert.ok(shortTerm.percent! >= 5 && shortTerm.percent! <= 18, `3 or more placements on ${date}: ${shortTerm.percent}%`);
        assert.ok(longTerm.percent! >= 55 && longTerm.percent! <= 90, `stable for 2 years on ${date}: ${longTerm.percent}%`);
      }
      const moves = children.flatMap((c) => carePeriods(c.episodes).flatMap((p) => p.placements.slice(0, -1).filter((pl) => pl.ended?.kind === 'moved' && !pl.temporary)));
      assert.ok(moves.length > 0);
      const withReason = moves.filter((m) => m.ended?.kind === 'moved' && m.ended.reasonPlaceChange !== null).length;
      assert.ok(withReason / moves.length > 0.95, `${withReason} of ${moves.length} moves have a reason`);
    });
  },
  { fixture: 'demo' },
);
