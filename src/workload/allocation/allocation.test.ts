import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, Agent, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import type { Db } from '../../db/database.ts';
import type { AllocationRole } from '../../db/schema.ts';

describeEachEngine('allocating a child', (use) => {
  const t = appForSuite(use);
  let db: Db;
  const teams = { north: '', south: '', reviewing: '' };
  const users = {} as Record<'manager' | 'supervisor' | 'serviceManager' | 'southManager' | 'amy' | 'ben' | 'cat' | 'dan' | 'southWorker' | 'iro', string>;
  let serial = 0;

  before(async () => {
    db = use().db;
    const north = await createTeam(db, 'Alloc North');
    const south = await createTeam(db, 'Alloc South');
    const reviewing = await createTeam(db, 'Alloc Reviewing');
    Object.assign(teams, { north: north.teamId, south: south.teamId, reviewing: reviewing.teamId });
    const add = (key: keyof typeof users, role: Parameters<typeof createUser>[1]['role'], teamId: string | null, name: string, serviceId: string | null = null) =>
      createUser(db, { email: `${key.toLowerCase()}@alloc.example`, role, teamId, serviceId, name }).then((id) => (users[key] = id));
    await add('manager', 'team_manager', teams.north, 'Mona Manager');
    await add('supervisor', 'practice_supervisor', teams.north, 'Sid Supervisor');
    await add('serviceManager', 'service_manager', null, 'Sally Service', north.serviceId);
    await add('southManager', 'team_manager', teams.south, 'Stan South');
    await add('amy', 'social_worker', teams.north, 'Amy Ash');
    await add('ben', 'social_worker', teams.north, 'Ben Birch');
    await add('cat', 'social_worker', teams.north, 'Cat Cedar');
    await add('dan', 'social_worker', teams.north, 'Dan Dogwood');
    await add('southWorker', 'social_worker', teams.south, 'Sue Spruce');
    await add('iro', 'iro', teams.reviewing, 'Ivy Reviewer');
  });

  async function child(forename: string, leads: { worker: string | null; team?: string; start: string; end?: string | null; reason?: string | null }[] = []) {
    serial += 1;
    const row = await db
      .insertInto('people')
      .values({ is_child: true, la_child_id: `ALC${serial}`, forename, surname: 'Alloctest', date_of_birth: '2014-02-03', sex: 'M' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const l of leads) {
      await db
        .insertInto('allocations')
        .values({ child_id: row.id, role: 'lead', team_id: l.team ?? teams.north, worker_id: l.worker, start_date: l.start, end_date: l.end ?? null, end_reason: l.reason ?? null })
        .execute();
    }
    return row.id;
  }

  const signedInAs = async (key: keyof typeof users) => signedIn(t.app, `${key.toLowerCase()}@alloc.example`);
  const basedOnIn = (html: string) => /name="basedOn" value="([^"]+)"/.exec(html)?.[1] ?? '';
  /** Opens the form as a person would, then sends it with what they chose. */
  async function change(agent: Agent, childId: string, form: { role?: AllocationRole; team?: string; worker?: string; date: string; reason?: string; end?: string }) {
    const role = form.role ?? 'lead';
    const page = await agent.get(`/children/${childId}/allocations/change?role=${role}${form.end ? `&end=${form.end}` : ''}`);
    assert.equal(page.statusCode, 200, 'the form opens');
    return agent.post(`/children/${childId}/allocations/change`, {
      role,
      ...(form.end ? { end: form.end } : { team: form.team ?? teams.north, worker: form.worker ?? '' }),
      ...(role !== 'co_worker' ? { basedOn: basedOnIn(page.body) } : {}),
      ...dateFields('date', form.date),
      ...(form.reason !== undefined ? { reason: form.reason } : {}),
    });
  }
  const leadRows = (childId: string) =>
    db
      .selectFrom('allocations')
      .select(['worker_id', 'team_id', 'start_date', 'end_date', 'end_reason', 'recorded_by'])
      .where('child_id', '=', childId)
      .where('role', '=', 'lead')
      .orderBy('start_date')
      .orderBy('recorded_at')
      .execute();
  const allRows = (childId: string) => db.selectFrom('allocations').selectAll().where('child_id', '=', childId).orderBy('id').execute();

  test('allocating through the page reassesses the worker: a variance opens in the same request', async () => {
    const manager = await signedInAs('manager');
    const id = await child('Vera', [{ worker: null, start: '2026-10-01' }]);
    const openFor = (worker: string) =>
      db.selectFrom('variances').select(['kind', 'opened_trigger']).where('worker_id', '=', worker).where('closed_at', 'is', null).execute();
    const allocated = await change(manager, id, { worker: users.dan!, date: TEST_TODAY });
    assert.equal(allocated.statusCode, 303);
    // One child-in-need case (4 points of 100) is far under the floor: the variance opens with the allocation.
    assert.deepEqual(await openFor(users.dan!), [{ kind: 'under_floor', opened_trigger: 'allocation' }]);
    // The confirmation says so, and who owes the plan by when (5 working days from Monday 23 November).
    const confirmation = textOf((await manager.get(String(allocated.headers.location))).body);
    assert.match(confirmation, /Social worker allocated\./);
    assert.match(confirmation, /Allocating opened a variance for Dan Dogwood: Under the floor\.\s+The line manager owes an action plan by 30 November 2026\./);
  });

  test('allocate from the queue, reallocate with a reason, then put back in the queue: every step kept in the history', async () => {
    const id = await child('Alfie', [{ worker: null, start: '2026-10-01' }]);
    const manager = await signedInAs('manager');

    const form = await manager.get(`/children/${id}/allocations/change?role=lead`);
    assert.equal(form.statusCode, 200);
    assert.match(textOf(form.body), /Allocate a social worker/);
    assert.match(textOf(form.body), /Amy Ash/);
    assert.doesNotMatch(textOf(form.body), /Sue Spruce/, 'only workers of the chosen team are offered');
    assert.match(textOf(form.body), /What allocating Alfie to someone in Alloc North would do .*Capacity now → after/, "each worker's caseload before and after");
    assert.match(form.body, /name="_csrf"/);

    const allocated = await change(manager, id, { worker: users.amy, date: '2026-11-01' });
    assert.equal(allocated.statusCode, 303);
    assert.equal(allocated.headers.location, `/children/${id}/allocations?done=allocated`);

    const withoutReason = await change(manager, id, { worker: users.ben, date: '2026-11-10' });
    assert.equal(withoutReason.statusCode, 400, 'a lead worker leaving needs a reason');
    assert.equal((await leadRows(id)).length, 2);

    assert.equal((await change(manager, id, { worker: users.ben, date: '2026-11-10', reason: 'LEFTRL' })).statusCode, 303);
    assert.equal((await change(manager, id, { worker: 'none', date: '2026-11-20', reason: 'ABSENC' })).statusCode, 303);

    assert.deepEqual(
      (await leadRows(id)).map((r) => [r.worker_id, r.start_date, r.end_date, r.end_reason]),
      [
        [null, '2026-10-01', '2026-11-01', null],
        [users.amy, '2026-11-01', '2026-11-10', 'LEFTRL'],
        [users.ben, '2026-11-10', '2026-11-20', 'ABSENC'],
        [null, '2026-11-20', null, null],
      ],
    );
    assert.ok((await leadRows(id)).slice(1).every((r) => r.recorded_by === users.manager));

    const page = await manager.get(`/children/${id}/allocations?done=queued`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Social worker left the role or the local authority/);
    assert.match(text, /Social worker absent for a long period/);
    assert.match(text, /waiting in Alloc North's unallocated queue since 20 November 2026 \(3 days\)/);
    assert.match(text, /Mona Manager/, 'who recorded each change');
    assert.match(text, /Social workers in the last 12 months 2/);

    const audits = await db.selectFrom('audit_events').select(['outcome']).where('subject_id', '=', id).where('action', '=', 'child.allocation.change').execute();
    assert.deepEqual(audits.map((a) => a.outcome).sort(), ['allowed', 'allowed', 'allowed', 'failed']);
  });

  // One test per refusal: each answers 400 with the field named, and stores nothing.
  const refusals: { name: string; form: (ids: typeof users) => { worker: string; date: string; reason?: string; team?: string }; field: string; message: RegExp; before?: () => Promise<void> }[] = [
    {
      name: 'no reason when the lead worker changes',
      form: (u) => ({ worker: u.ben, date: '2026-11-20' }),
      field: 'reason',
      message: /Choose why Amy Ash's allocation is ending/,
    },
    {
      name: 'a date before the current allocation started',
      form: (u) => ({ worker: u.ben, date: '2026-05-31', reason: 'MANAGE' }),
      field: 'date-day',
      message: /Date of the change must be on or after 1 June 2026, when the current allocation began/,
    },
    {
      name: 'a date in the future',
      form: (u) => ({ worker: u.ben, date: '2026-11-24', reason: 'MANAGE' }),
      field: 'date-day',
      message: /Date of the change must be today or in the past/,
    },
    {
      name: 'a worker who is not in the chosen team',
      form: (u) => ({ worker: u.southWorker, date: '2026-11-20', reason: 'MANAGE' }),
      field: 'worker',
      message: /Choose a social worker, practice supervisor or team manager from Alloc North/,
    },
    {
      name: 'a reason that is not an SW_REASON code',
      form: (u) => ({ worker: u.ben, date: '2026-11-20', reason: 'BORED' }),
      field: 'reason',
      message: /Choose a reason from the list/,
    },
    {
      name: 'a worker whose account is disabled',
      form: (u) => ({ worker: u.dan, date: '2026-11-20', reason: 'MANAGE' }),
      field: 'worker',
      message: /Dan Dogwood's account is disabled/,
    },
  ];
  for (const refusal of refusals) {
    test(`refused, nothing stored: ${refusal.name}`, async () => {
      const id = await child('Bella', [{ worker: users.amy, start: '2026-06-01' }]);
      const manager = await signedInAs('manager');
      const page = await manager.get(`/children/${id}/allocations/change?role=lead`);
      const before = await allRows(id);
      if (refusal.field === 'worker' && refusal.name.includes('disabled')) {
        // Disabled after the form was drawn, as when someone leaves while the manager is choosing.
        await db.updateTable('users').set({ disabled_at: t.clock.now() }).where('id', '=', users.dan).execute();
      }
      try {
        const response = await manager.post(`/children/${id}/allocations/change`, {
          role: 'lead',
          team: teams.north,
          basedOn: basedOnIn(page.body),
          ...refusal.form(users),
          ...dateFields('date', refusal.form(users).date),
        });
        assert.equal(response.statusCode, 400);
        assert.match(response.body, /There is a problem/);
        assert.match(response.body, new RegExp(`href="#${refusal.field}"`));
        assert.match(textOf(response.body), refusal.message);
        assert.match(response.body, /name="_csrf"/, 'the form is shown again');
        assert.deepEqual(await allRows(id), before);
      } finally {
        await db.updateTable('users').set({ disabled_at: null }).where('id', '=', users.dan).execute();
      }
    });
  }

  test('a social worker reads the allocation history but may not change it: 403, audited', async () => {
    const id = await child('Cody', [{ worker: users.amy, start: '2026-01-05' }]);
    const amy = await signedInAs('amy');
    const history = await amy.get(`/children/${id}/allocations`);
    assert.equal(history.statusCode, 200);
    assert.doesNotMatch(history.body, /allocations\/change/, 'no links to change it');
    assert.equal((await amy.get(`/children/${id}/allocations/change?role=lead`)).statusCode, 403);
    const before = await allRows(id);
    const post = await amy.post(`/children/${id}/allocations/change`, { role: 'lead', team: teams.north, worker: users.ben, basedOn: 'none', ...dateFields('date', TEST_TODAY), reason: 'MANAGE' });
    assert.equal(post.statusCode, 403);
    assert.deepEqual(await allRows(id), before);
    const denied = await db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', id)
      .where('outcome', '=', 'denied')
      .orderBy('id')
      .execute();
    assert.deepEqual(denied, [
      { action: 'child.view.allocation-change', actor_user_id: users.amy },
      { action: 'child.allocation.change', actor_user_id: users.amy },
    ]);
  });

  test("a manager of another team gets 404 for the child's allocation pages, and nothing changes", async () => {
    const id = await child('Daisy', [{ worker: users.amy, start: '2026-01-05' }]);
    const south = await signedInAs('southManager');
    assert.equal((await south.get(`/children/${id}/allocations`)).statusCode, 404);
    assert.equal((await south.get(`/children/${id}/allocations/change?role=lead`)).statusCode, 404);
    const before = await allRows(id);
    const post = await south.post(`/children/${id}/allocations/change`, { role: 'lead', team: teams.south, worker: users.southWorker, basedOn: 'none', ...dateFields('date', TEST_TODAY), reason: 'MANAGE' });
    assert.equal(post.statusCode, 404);
    assert.deepEqual(await allRows(id), before);
  });

  test('the service manager and a practice supervisor may change the allocation too', async () => {
    const id = await child('Eddie', [{ worker: users.amy, start: '2026-01-05' }]);
    assert.equal((await change(await signedInAs('serviceManager'), id, { worker: users.ben, date: '2026-11-01', reason: 'MANAGE' })).statusCode, 303);
    assert.equal((await change(await signedInAs('supervisor'), id, { worker: users.cat, date: '2026-11-02', reason: 'CHCHAN' })).statusCode, 303);
    assert.deepEqual((await leadRows(id)).map((r) => r.worker_id), [users.amy, users.ben, users.cat]);
  });

  test('co-workers are added and ended, and an IRO set, without touching the lead', async () => {
    const id = await child('Freya', [{ worker: users.amy, start: '2026-01-05' }]);
    const manager = await signedInAs('manager');
    const sameAsLead = await change(manager, id, { role: 'co_worker', worker: users.amy, date: '2026-11-01' });
    assert.equal(sameAsLead.statusCode, 400);
    assert.match(textOf(sameAsLead.body), /Amy Ash is Freya's social worker/);
    assert.equal((await change(manager, id, { role: 'co_worker', worker: users.ben, date: '2026-11-01' })).statusCode, 303);
    const coWorker = await db.selectFrom('allocations').select('id').where('child_id', '=', id).where('role', '=', 'co_worker').executeTakeFirstOrThrow();
    assert.equal((await change(manager, id, { role: 'co_worker', end: coWorker.id, date: '2026-11-20', reason: 'OTHERS' })).statusCode, 303);
    assert.equal((await change(manager, id, { role: 'iro', team: teams.reviewing, worker: users.iro, date: '2026-11-02' })).statusCode, 303);

    const rows = await allRows(id);
    const byRole = (role: AllocationRole) => rows.filter((r) => r.role === role).map((r) => [r.worker_id, r.start_date, r.end_date, r.end_reason]);
    assert.deepEqual(byRole('lead'), [[users.amy, '2026-01-05', null, null]]);
    assert.deepEqual(byRole('co_worker'), [[users.ben, '2026-11-01', '2026-11-20', 'OTHERS']]);
    assert.deepEqual(byRole('iro'), [[users.iro, '2026-11-02', null, null]]);
    assert.equal(rows.find((r) => r.role === 'iro')!.team_id, teams.reviewing);
    const page = textOf((await manager.get(`/children/${id}/allocations`)).body);
    assert.match(page, /Independent reviewing officer Ivy Reviewer \(Alloc Reviewing\)/);
  });

  test("moving a child to another team's queue takes the manager back to their own team when they can no longer see the child", async () => {
    const id = await child('Gus', [{ worker: users.amy, start: '2026-01-05' }]);
    const manager = await signedInAs('manager');
    const page = await manager.get(`/children/${id}/allocations/change?role=lead&team=${teams.south}`);
    assert.match(textOf(page.body), /Sue Spruce/);
    assert.doesNotMatch(textOf(page.body), /Ben Birch/);
    const moved = await manager.post(`/children/${id}/allocations/change`, {
      role: 'lead',
      team: teams.south,
      worker: 'none',
      basedOn: basedOnIn(page.body),
      ...dateFields('date', TEST_TODAY),
      reason: 'TSPROC',
    });
    assert.equal(moved.statusCode, 303);
    assert.equal(moved.headers.location, `/teams/${teams.north}/children?done=moved`);
    assert.deepEqual((await leadRows(id)).map((r) => [r.worker_id, r.team_id, r.end_date]), [
      [users.amy, teams.north, TEST_TODAY],
      [null, teams.south, null],
    ]);
  });

  test('the allocation page shows continuity for a hand-made history: three workers in twelve months, with the reasons', async () => {
    const id = await child('Hana', [
      { worker: users.amy, start: '2025-06-01', end: '2026-02-01', reason: 'MANAGE' },
      { worker: users.ben, start: '2026-02-01', end: '2026-07-01', reason: 'LEFTRL' },
      { worker: users.cat, start: '2026-07-01' },
    ]);
    const text = textOf((await (await signedInAs('manager')).get(`/children/${id}/allocations`)).body);
    assert.match(text, /With current social worker 4 months/); // 1 July to 23 November: 145 days
    assert.match(text, /Social workers in the last 12 months 3/);
    assert.match(text, /Social workers ever 3/);
    assert.match(text, /Changes of social worker in the last 12 months 2/);
    assert.match(text, /Management decision, for example to balance caseloads: 1/);
    assert.match(text, /Social worker left the role or the local authority: 1/);
  });

  test('two managers reallocating at the same moment never leave two open lead allocations', async () => {
    const id = await child('Iris', [{ worker: users.amy, start: '2026-01-05' }]);
    const manager = await signedInAs('manager');
    const supervisor = await signedInAs('supervisor');
    const [pageA, pageB] = [await manager.get(`/children/${id}/allocations/change?role=lead`), await supervisor.get(`/children/${id}/allocations/change?role=lead`)];
    const send = (agent: Agent, basedOn: string, worker: string) =>
      agent.post(`/children/${id}/allocations/change`, { role: 'lead', team: teams.north, worker, basedOn, ...dateFields('date', TEST_TODAY), reason: 'MANAGE' });
    const responses = await Promise.all([send(manager, basedOnIn(pageA.body), users.ben), send(supervisor, basedOnIn(pageB.body), users.cat)]);
    assert.deepEqual(responses.map((r) => r.statusCode).sort(), [303, 409], 'one is stored, the other is told the allocation changed');
    const refused = responses.find((r) => r.statusCode === 409)!;
    assert.match(textOf(refused.body), /allocation changed while you were working on it/);
    const open = (await leadRows(id)).filter((r) => r.end_date === null);
    assert.equal(open.length, 1);
    assert.ok([users.ben, users.cat].includes(open[0]!.worker_id!));
  });
});
