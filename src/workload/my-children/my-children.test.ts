import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import type { Db } from '../../db/database.ts';
import type { AllocationRole, Role } from '../../db/schema.ts';

describeEachEngine('my children', (use) => {
  const t = appForSuite(use);
  let db: Db;
  const users: Record<string, string> = {};
  const children: Record<string, string> = {};

  before(async () => {
    db = use().db;
    const { teamId } = await createTeam(db, 'Mine Team');
    const { teamId: otherTeam } = await createTeam(db, 'Mine Earlier Team');
    const { teamId: leaving } = await createTeam(db, 'Mine Leaving Care');
    const add = async (key: string, role: Role, team: string | null) => {
      users[key] = await createUser(db, { email: `${key}@mine.example`, role, teamId: team, name: key });
    };
    await add('amy', 'social_worker', teamId);
    await add('ben', 'social_worker', teamId);
    await add('pat', 'personal_adviser', leaving);
    await add('ivo', 'iro', leaving);
    await add('admin', 'system_admin', null);

    let serial = 0;
    const child = async (key: string, allocations: [AllocationRole, string, string, string, string | null][], restricted = false) => {
      serial += 1;
      const row = await db
        .insertInto('people')
        .values({
          is_child: true,
          la_child_id: `MINE${serial}`,
          forename: 'Mine',
          surname: key,
          date_of_birth: '2012-03-04',
          restricted,
          restriction_reason: restricted ? 'Relative of a member of staff' : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      children[key] = row.id;
      for (const [role, worker, team, start, end] of allocations) {
        await db.insertInto('allocations').values({ child_id: row.id, role, team_id: team, worker_id: worker, start_date: start, end_date: end }).execute();
      }
    };
    // Amy's lead since 1 January 2025, moved with her between teams on 1 June 2025 without a break; reviewed by Ivo.
    await child('Leadchild', [
      ['lead', users.amy!, otherTeam, '2025-01-01', '2025-06-01'],
      ['lead', users.amy!, teamId, '2025-06-01', null],
      ['iro', users.ivo!, leaving, '2026-02-01', null],
    ]);
    await child('Coworkchild', [
      ['lead', users.ben!, teamId, '2026-01-01', null],
      ['co_worker', users.amy!, teamId, '2026-09-01', null],
    ]);
    await child('Restrictedunnamed', [['lead', users.amy!, teamId, '2026-01-01', null]], true);
    await child('Restrictednamed', [['lead', users.amy!, teamId, '2026-01-01', null]], true);
    await db.insertInto('restricted_access').values({ child_id: children.Restrictednamed!, user_id: users.amy! }).execute();
    await child('Benschild', [['lead', users.ben!, teamId, '2026-01-01', null]]);
    await child('Formerchild', [['lead', users.amy!, teamId, '2025-01-01', '2026-10-01']]);
    await child('Careleaver', [['personal_adviser', users.pat!, leaving, '2026-05-01', null]]);
    await db
      .insertInto('care_episodes')
      .values({
        child_id: children.Leadchild!,
        start_date: '2025-02-01',
        reason_new_episode: 'S',
        legal_status: 'C2',
        primary_need: 'N1',
        placement_type: 'U4',
        placement_postcode: 'TN34 1AA',
        placement_distance_miles: 35.2,
        placement_out_of_area: true,
      })
      .execute();
  });

  const signedInAs = async (key: string) => signedIn(t.app, `${key}@mine.example`);
  const listed = (html: string) => [...html.matchAll(/href="\/children\/([0-9a-f-]{36})"/g)].map((m) => m[1]).sort();
  const ids = (...keys: string[]) => keys.map((k) => children[k]!).sort();

  test("a social worker's list is exactly their open allocations they may open: lead and co-worker, not a restricted record they are not named on", async () => {
    const amy = await signedInAs('amy');
    const page = await amy.get('/my-children');
    assert.equal(page.statusCode, 200);
    assert.deepEqual(listed(page.body), ids('Leadchild', 'Coworkchild', 'Restrictednamed'));
    const text = textOf(page.body);
    assert.match(text, /You work with 3 children; 1 is placed outside the council's area/);
    assert.match(
      text,
      /Mine Leadchild MINE1 14 Social worker Looked after C2: Full care order Foster placement with other foster carer.* Outside the council's area , 35\.2 miles from home 1 year 10 months since 1 January 2025/,
    );
    assert.match(text, /Mine Coworkchild MINE2 14 Co-worker Case closed – – 2 months since 1 September 2026/);
    assert.doesNotMatch(page.body, /Restrictedunnamed|Benschild|Formerchild|Careleaver/);
    const audit = await db.selectFrom('audit_events').select(['outcome', 'reason']).where('action', '=', 'my-children.view').where('actor_user_id', '=', users.amy!).execute();
    assert.deepEqual(audit, [{ outcome: 'allowed', reason: '3 children listed' }]);
  });

  test('a personal adviser and an IRO see the children they hold in those roles', async () => {
    const pat = await (await signedInAs('pat')).get('/my-children');
    assert.deepEqual(listed(pat.body), ids('Careleaver'));
    assert.match(textOf(pat.body), /Mine Careleaver MINE7 14 Personal adviser/);
    const ivo = await (await signedInAs('ivo')).get('/my-children');
    assert.deepEqual(listed(ivo.body), ids('Leadchild'));
    assert.match(textOf(ivo.body), /Independent reviewing officer .* since 1 February 2026/);
  });

  test('someone with no children is told so; an administrator may not use the page', async () => {
    await db.updateTable('allocations').set({ end_date: '2026-11-01' }).where('worker_id', '=', users.pat!).execute();
    const pat = await (await signedInAs('pat')).get('/my-children');
    assert.match(textOf(pat.body), /You have no children allocated to you/);
    assert.equal((await (await signedInAs('admin')).get('/my-children')).statusCode, 403);
  });
});
