import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { buildSsda903 } from './service.ts';

// The DoLo table from the orders on children's records: each order in force at
// any time in the collection year, DOLO_END blank when it continued past 31 March;
// a child not looked after in the year is not in the return.
describeEachEngine('the SSDA903 DoLo table, from the deprivation of liberty orders recorded', (use) => {
  const db = () => use().db;

  before(async () => {
    const { teamId } = await createTeam(db(), 'DoLo Team');
    const workerId = await createUser(db(), { email: 'dolo-sw@example.org', role: 'social_worker', teamId, name: 'Dee Worker' });
    const child = async (id: string, since: string, until: string | null) => {
      const person = await db()
        .insertInto('people')
        .values({ is_child: true, la_child_id: id, forename: 'Del', surname: `Dolo${id}`, date_of_birth: '2009-08-14', sex: 'M', ethnicity: 'WBRI', upn_unknown_reason: 'UN1' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db()
        .insertInto('care_episodes')
        .values({ child_id: person.id, start_date: since, end_date: until, reason_ceased: until ? 'E13' : null, reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'K2', placement_provider: 'PR1', placement_postcode: 'BN21 4AB', home_postcode: 'TN34 1AA' })
        .execute();
      return person.id;
    };
    const looked = await child('DOLO1', '2024-06-01', null);
    const left = await child('DOLO2', '2020-01-01', '2025-02-01');
    const at = new Date('2026-01-01T12:00:00Z');
    await db()
      .insertInto('deprivation_of_liberty_orders')
      .values([
        { child_id: looked, court: 'court_of_protection', made_on: '2024-07-01', start_date: '2024-07-01', end_date: '2025-04-03', recorded_by: workerId, recorded_at: at },
        { child_id: looked, court: 'high_court', made_on: '2025-09-01', start_date: '2025-09-01', end_date: '2026-04-30', recorded_by: workerId, recorded_at: at },
        { child_id: left, court: 'high_court', made_on: '2024-10-01', start_date: '2024-10-01', end_date: null, recorded_by: workerId, recorded_at: at },
      ])
      .execute();
  });

  test('the orders in force in the year, oldest first; DOLO_END blank for the one that continued past 31 March', async () => {
    assert.deepEqual((await buildSsda903(db(), 2026)).DoLo, [
      { CHILD: 'DOLO1', DOB: '14/08/2009', DOLO_START: '01/07/2024', DOLO_END: '03/04/2025' },
      { CHILD: 'DOLO1', DOB: '14/08/2009', DOLO_START: '01/09/2025', DOLO_END: '' },
    ]);
    assert.deepEqual((await buildSsda903(db(), 2027)).DoLo, [{ CHILD: 'DOLO1', DOB: '14/08/2009', DOLO_START: '01/09/2025', DOLO_END: '30/04/2026' }]);
  });
});
