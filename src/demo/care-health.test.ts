import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';
import { oc2Cohort } from '../care/index.ts';
import { ageOn } from '../platform/calendar/dates.ts';

describeEachEngine(
  'the demo council’s looked-after children’s health and wellbeing each year (SSDA903 OC2)',
  (use) => {
    test('the last two years to 31 March, with a mix near the national one', async () => {
      const db = use().db;
      const rows = await db.selectFrom('care_health_years').selectAll().execute();
      assert.ok(rows.length >= 20, `${rows.length} years recorded`);
      assert.deepEqual([...new Set(rows.map((r) => r.year_ending))].sort(), ['2025-03-31', '2026-03-31']);
      const share = (f: (r: (typeof rows)[number]) => boolean, of = rows) => of.filter(f).length / of.length;
      const assessed = share((r) => r.health_assessment);
      assert.ok(assessed > 0.75 && assessed < 0.99, `${assessed} had their health assessment`);
      const teeth = share((r) => r.teeth_check);
      assert.ok(teeth > 0.6 && teeth < 0.95, `${teeth} had their teeth checked`);
      const immunised = share((r) => r.immunisations);
      assert.ok(immunised > 0.6 && immunised < 0.95, `${immunised} immunisations up to date`);
      const misuse = share((r) => r.substance_misuse);
      assert.ok(misuse > 0 && misuse < 0.12, `${misuse} with substance misuse`);
      const convicted = share((r) => r.convicted);
      assert.ok(convicted < 0.1, `${convicted} convicted`);
      const scores = rows.filter((r) => r.sdq_score !== null).map((r) => r.sdq_score!);
      const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
      assert.ok(mean > 11 && mean < 17, `average SDQ ${mean}`);
      const eligible = rows.filter((r) => r.sdq_reason !== 'SDQ1');
      const scored = share((r) => r.sdq_score !== null, eligible);
      assert.ok(scored > 0.6 && scored < 0.9, `${scored} of those aged 4 to 16 have a score`);
    });

    test('nothing dated impossibly, and every answer fits the child’s age and the return’s rules', async () => {
      const db = use().db;
      const rows = await db
        .selectFrom('care_health_years as h')
        .innerJoin('people', 'people.id', 'h.child_id')
        .selectAll('h')
        .select(['people.date_of_birth', 'people.date_of_death'])
        .execute();
      for (const r of rows) {
        assert.ok(r.year_ending < TEST_TODAY, 'the year has ended');
        assert.ok(r.recorded_at.toISOString().slice(0, 10) > r.year_ending && r.recorded_at.toISOString().slice(0, 10) <= TEST_TODAY, 'recorded after the year ended');
        assert.ok(r.date_of_birth && r.date_of_birth < r.year_ending, 'born before the year ended');
        if (r.date_of_death) assert.ok(r.date_of_death > r.year_ending);
        const age = ageOn(r.date_of_birth, r.year_ending);
        assert.ok((r.sdq_score === null) !== (r.sdq_reason === null), 'a score or a reason');
        if (r.sdq_reason === 'SDQ1') assert.ok(age < 4 || age > 16, 'SDQ1 only outside 4 to 16');
        assert.equal(r.health_check === null, age >= 5, 'health checks only under 5');
        if (!r.substance_misuse) assert.ok(r.intervention_received === null && r.intervention_offered === null);
        else assert.ok(!(r.intervention_received && r.intervention_offered));
      }
    });

    test('years only for the OC2 cohort: children looked after continuously for 12 months at 31 March, short breaks not counted', async () => {
      const db = use().db;
      const rows = await db.selectFrom('care_health_years').select(['child_id', 'year_ending']).execute();
      const episodes = await db.selectFrom('care_episodes').selectAll().orderBy('start_date').execute();
      for (const r of rows) {
        const mine = episodes
          .filter((e) => e.child_id === r.child_id)
          .map((e) => ({
            startDate: e.start_date,
            endDate: e.end_date,
            reasonNewEpisode: e.reason_new_episode,
            legalStatus: e.legal_status,
            placementType: e.placement_type,
            placementProvider: e.placement_provider,
            placementPostcode: e.placement_postcode,
            distanceMiles: null,
            outOfArea: e.placement_out_of_area,
            reasonCeased: e.reason_ceased,
            reasonPlaceChange: e.reason_place_change,
          }));
        const year = Number(r.year_ending.slice(0, 4));
        assert.ok(oc2Cohort(mine, year).inCohort, `${r.child_id} is in the cohort for ${year}`);
      }
    });
  },
  { fixture: 'demo' },
);
