import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Agent, startTestApp, type TestApp } from './support/app.ts';
import { describeEachEngine } from './support/databases.ts';
import { createTeam, createUser, TEST_PASSWORD } from './support/users.ts';
import { insertChild } from './support/records.ts';
import { allocate } from './support/caseload-helpers.ts';

function date(name: string, value: string): Record<string, string> {
  const [year, month, day] = value.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year! };
}

/**
 * Gaps in the audit trail: a part of another child's record asked for through
 * a child the user may see, staff pages that show HR fields or name children,
 * and new parts of a record that did not say which.
 */
describeEachEngine('the audit trail has no gaps', (use) => {
  let t: TestApp;
  let worker: Agent;
  let manager: Agent;
  let workerId: string;
  let childA: string;
  /** Parts of child B's record; the worker may see B too, but asks for them through A. */
  const ofB = {} as Record<'note' | 'relationship' | 'contact' | 'referral' | 'plan' | 'episode' | 'coWorker', string>;

  const db = () => use().db;
  const lastAudit = async () => db().selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  const auditCount = async () => Number((await db().selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  async function newChild(n: number): Promise<string> {
    return insertChild(db(), { laChildId: `AT${n}`, forename: 'Ada', surname: `Trail${n}`, dateOfBirth: '2012-05-05', sex: 'F' });
  }

  before(async () => {
    t = await startTestApp(use(), { SESSION_IDLE_MINUTES: '600', SIGN_IN_RATE_PER_MINUTE: '1000' });
    const { teamId } = await createTeam(db(), 'Trail team');
    workerId = await createUser(db(), { email: 'at-worker@example.org', role: 'social_worker', teamId, name: 'Wes Worker' });
    const managerId = await createUser(db(), { email: 'at-manager@example.org', role: 'team_manager', teamId, name: 'Mo Manager' });
    const coWorkerId = await createUser(db(), { email: 'at-coworker@example.org', role: 'social_worker', teamId, name: 'Cy Coworker' });
    await db().updateTable('users').set({ line_manager_id: managerId }).where('id', '=', workerId).execute();
    await db().insertInto('staff_records').values({ user_id: workerId, start_in_role: '2020-01-06' }).execute();
    childA = await newChild(1);
    const childB = await newChild(2);
    for (const child of [childA, childB]) {
      await allocate(db(), { childId: child, teamId, workerId, start: '2024-01-01' });
    }
    const adult = await db().insertInto('people').values({ is_child: false, forename: 'Pat', surname: 'Parent' }).returning('id').executeTakeFirstOrThrow();
    ofB.coWorker = (
      await db().insertInto('allocations').values({ child_id: childB, role: 'co_worker', team_id: teamId, worker_id: coWorkerId, start_date: '2024-01-01' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    ofB.note = (
      await db()
        .insertInto('case_notes')
        .values({ child_id: childB, note_type: 'visit', event_date: '2026-11-01', title: 'B only', body: 'About B.', author_id: workerId, recorded_at: t.clock.now(), updated_at: t.clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    ofB.relationship = (
      await db().insertInto('relationships').values({ person_id: adult.id, related_person_id: childB, type: 'mother' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    ofB.contact = (await db().insertInto('professional_contacts').values({ child_id: childB, name: 'Hal Visitor', role: 'Health visitor' }).returning('id').executeTakeFirstOrThrow()).id;
    ofB.referral = (
      await db().insertInto('referrals').values({ child_id: childB, referral_date: '2026-01-05', source: '6', primary_need: 'N1' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    ofB.plan = (
      await db()
        .insertInto('cp_plans')
        .values({ child_id: childB, referral_id: ofB.referral, start_date: '2026-02-02', initial_category: 'NEG', latest_category: 'NEG' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    ofB.episode = (
      await db()
        .insertInto('care_episodes')
        .values({ child_id: childB, start_date: '2026-03-03', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U1', placement_provider: 'PR1', placement_postcode: 'BN1 1AA' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    worker = new Agent(t.app);
    assert.equal((await worker.signIn('at-worker@example.org', TEST_PASSWORD)).statusCode, 303);
    manager = new Agent(t.app);
    assert.equal((await manager.signIn('at-manager@example.org', TEST_PASSWORD)).statusCode, 303);
  });
  after(async () => t.app.close());

  test("every lookup of another child's note, relationship, contact, referral, plan, episode or allocation through a child one may see answers 404 and is audited as denied, naming what was asked for", async () => {
    const A = () => `/children/${childA}`;
    const requests: [agent: () => Agent, method: 'get' | 'post', url: string, action: string, asked: string][] = [
      [() => worker, 'get', `${A()}/notes/${ofB.note}`, 'child.note.view', `note ${ofB.note}`],
      [() => worker, 'get', `${A()}/notes/${ofB.note}/edit`, 'child.view.note-edit-form', `note ${ofB.note}`],
      [() => worker, 'post', `${A()}/notes/${ofB.note}/edit`, 'child.note.edit', `note ${ofB.note}`],
      [() => worker, 'get', `${A()}/family/relationships/${ofB.relationship}`, 'child.view.relationship', `relationship ${ofB.relationship}`],
      [() => worker, 'post', `${A()}/family/relationships/${ofB.relationship}`, 'child.relationship.update', `relationship ${ofB.relationship}`],
      [() => worker, 'post', `${A()}/family/relationships/${ofB.relationship}/remove`, 'child.relationship.remove', `relationship ${ofB.relationship}`],
      [() => worker, 'post', `${A()}/family/contacts/${ofB.contact}/remove`, 'child.professional-contact.remove', `professional contact ${ofB.contact}`],
      [() => worker, 'get', `${A()}/timeline/referrals/${ofB.referral}/close`, 'child.view.referral-close-form', `open referral ${ofB.referral}`],
      [() => worker, 'post', `${A()}/timeline/referrals/${ofB.referral}/close`, 'child.referral.close', `open referral ${ofB.referral}`],
      [() => worker, 'get', `${A()}/timeline/cp-plans/${ofB.plan}/end`, 'child.view.cp-plan-end-form', `open child protection plan ${ofB.plan}`],
      [() => worker, 'post', `${A()}/timeline/cp-plans/${ofB.plan}/end`, 'child.cp-plan.end', `open child protection plan ${ofB.plan}`],
      [() => worker, 'get', `${A()}/timeline/cp-plans/${ofB.plan}/category`, 'child.view.cp-plan-category-form', `open child protection plan ${ofB.plan}`],
      [() => worker, 'post', `${A()}/timeline/cp-plans/${ofB.plan}/category`, 'child.cp-plan.category', `open child protection plan ${ofB.plan}`],
      [() => worker, 'get', `${A()}/timeline/care-episodes/${ofB.episode}/end`, 'child.view.care-episode-end-form', `open care episode ${ofB.episode}`],
      [() => worker, 'post', `${A()}/timeline/care-episodes/${ofB.episode}/end`, 'child.care-episode.end', `open care episode ${ofB.episode}`],
      [() => manager, 'get', `${A()}/allocations/change?role=co_worker&end=${ofB.coWorker}`, 'child.view.allocation-change', `open co-worker allocation ${ofB.coWorker}`],
    ];
    for (const [agent, method, url, action, asked] of requests) {
      if (method === 'post') await agent().get(`${A()}`);
      const before = await auditCount();
      const response = method === 'get' ? await agent().get(url) : await agent().post(url, { version: '1' });
      assert.equal(response.statusCode, 404, `${method} ${url}`);
      assert.equal(await auditCount(), before + 1, `${method} ${url}: one audit row`);
      const row = await lastAudit();
      assert.deepEqual(
        { action: row.action, outcome: row.outcome, subjectType: row.subject_type, subjectId: row.subject_id, reason: row.reason },
        { action, outcome: 'denied', subjectType: 'child', subjectId: childA, reason: `not found in this child's record: ${asked}` },
        `${method} ${url}`,
      );
      assert.ok(row.request_id && row.actor_user_id, 'who and which request');
    }
    // Nothing of B's was touched.
    assert.ok(await db().selectFrom('relationships').select('id').where('id', '=', ofB.relationship).executeTakeFirst());
    assert.ok(await db().selectFrom('professional_contacts').select('id').where('id', '=', ofB.contact).executeTakeFirst());
    assert.equal((await db().selectFrom('referrals').select('close_date').where('id', '=', ofB.referral).executeTakeFirstOrThrow()).close_date, null);
  });

  test('the audit row of every new part of a record names its id', async () => {
    const A = `/children/${childA}`;
    const created: [path: string, form: Record<string, string>, action: string, table: 'case_notes' | 'contacts' | 'referrals' | 'professional_contacts' | 'case_events', kind: string][] = [
      [`${A}/notes/new`, { noteType: 'visit', ...date('eventDate', '2026-11-20'), title: 'Home visit', body: 'Saw Ada.' }, 'child.note.create', 'case_notes', 'note'],
      [`${A}/protection/contacts/new`, { ...date('contactDate', '2026-10-01'), source: '2A', worriedPerson: 'Class teacher', reason: 'Ada hungry at school', consent: 'given' }, 'child.contact.create', 'contacts', 'contact'],
      [`${A}/timeline/referrals/new`, { ...date('referralDate', '2026-10-02'), source: '6', primaryNeed: 'N1' }, 'child.referral.open', 'referrals', 'referral'],
      [`${A}/family/contacts/new`, { name: 'Sam School', role: 'Designated safeguarding lead' }, 'child.professional-contact.create', 'professional_contacts', 'professional contact'],
      [`${A}/visits/events/new`, { kind: 'cla_review', ...date('eventDate', '2026-11-10') }, 'child.case-event.create', 'case_events', 'case event'],
    ];
    for (const [path, form, action, table, kind] of created) {
      await worker.get(path);
      const response = await worker.post(path, form);
      assert.equal(response.statusCode, 303, path);
      const row = await db().selectFrom(table).select('id').where('child_id', '=', childA).executeTakeFirstOrThrow();
      const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', action).where('subject_id', '=', childA).executeTakeFirstOrThrow();
      assert.equal(audit.outcome, 'allowed');
      assert.equal(audit.reason, `access by relationship; ${kind} ${row.id}`, path);
    }
  });

  test('opening a staff record to change it (HR fields) and a worker’s caseload (names children) are audited like the staff record', async () => {
    const before = await auditCount();
    assert.equal((await manager.get(`/workforce/staff/${workerId}/edit`)).statusCode, 200);
    const form = await lastAudit();
    assert.deepEqual(
      { action: form.action, outcome: form.outcome, subjectType: form.subject_type, subjectId: form.subject_id, reason: form.reason },
      { action: 'workforce.view.staff-form', outcome: 'allowed', subjectType: 'user', subjectId: workerId, reason: 'with HR fields' },
    );
    assert.equal(await auditCount(), before + 1);

    assert.equal((await manager.get(`/caseload/workers/${workerId}`)).statusCode, 200);
    const caseload = await lastAudit();
    assert.deepEqual(
      { action: caseload.action, outcome: caseload.outcome, subjectType: caseload.subject_type, subjectId: caseload.subject_id },
      { action: 'caseload.view.worker', outcome: 'allowed', subjectType: 'user', subjectId: workerId },
    );
    assert.match(caseload.reason!, /^\d+ of \d+ cases shown by name$/);

    const missing = '00000000-0000-4000-8000-000000000001';
    assert.equal((await manager.get(`/caseload/workers/${missing}`)).statusCode, 404);
    const denied = await lastAudit();
    assert.deepEqual(
      { action: denied.action, outcome: denied.outcome, subjectType: denied.subject_type, subjectId: denied.subject_id },
      { action: 'caseload.view.worker', outcome: 'denied', subjectType: 'user', subjectId: missing },
    );
  });
});
