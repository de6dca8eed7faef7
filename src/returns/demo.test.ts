import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';
import { buildCinCensus, buildSsda903, censusXml, schemaErrors, validateCinCensus, validateSsda903, yearInProgress } from './index.ts';

// The demo council's returns for the last finished year validate apart from
// the deliberate errors its last step makes (src/demo/return-exceptions.ts),
// which the returns page is there to find; the year before has none.
describeEachEngine(
  'the demo council’s returns: only the deliberate errors',
  (use) => {
    const db = () => use().db;
    const yearEnd = yearInProgress(TEST_TODAY) - 1;

    test('the SSDA903 breaks rule 442 for one looked-after child, who has neither a UPN nor a reason for none, and nothing else', async () => {
      const tables = await buildSsda903(db(), yearEnd);
      assert.ok(tables.Header.length > 20, 'a return with children in it');
      const issues = validateSsda903(tables, yearEnd);
      assert.deepEqual(
        issues.map((i) => [i.rule, i.table]),
        [['442', 'Header']],
      );
      const child = await db().selectFrom('people').select(['upn', 'upn_unknown_reason']).where('la_child_id', '=', issues[0]!.child).executeTakeFirstOrThrow();
      assert.deepEqual(child, { upn: null, upn_unknown_reason: null });
    });

    test('the CIN census is valid against its schema and breaks rule 8540 for one child in need with no disability recorded, not even "None", and nothing else', async () => {
      const census = await buildCinCensus(db(), yearEnd);
      assert.ok(census.children.length > 20, 'a census with children in it');
      assert.deepEqual(await schemaErrors(censusXml(census, '845', new Date(`${TEST_TODAY}T12:00:00Z`))), []);
      const issues = validateCinCensus(census);
      assert.deepEqual(
        issues.map((i) => [i.rule, i.module]),
        [['8540', 'ChildCharacteristics']],
      );
      const child = await db().selectFrom('people').select('id').where('la_child_id', '=', issues[0]!.child).executeTakeFirstOrThrow();
      assert.deepEqual(await db().selectFrom('person_disabilities').select('code').where('person_id', '=', child.id).execute(), []);
      const withNone = await db().selectFrom('person_disabilities').select('person_id').where('code', '=', 'NONE').execute();
      assert.ok(withNone.length > census.children.length / 2, 'every other child with no disability is recorded as "None"');
    });

    test('the year before holds no errors at all: its plans have their conferences, its social worker changes their reasons', async () => {
      const tables = await buildSsda903(db(), yearEnd - 1);
      assert.ok(tables.Header.length > 20, 'a return with children in it');
      assert.deepEqual(validateSsda903(tables, yearEnd - 1), []);
      const census = await buildCinCensus(db(), yearEnd - 1);
      assert.ok(census.children.some((c) => c.CINdetails.some((e) => e.ChildProtectionPlans.length > 0)), 'a census with protection plans in it');
      assert.deepEqual(validateCinCensus(census), []);
    });
  },
  { fixture: 'demo' },
);
