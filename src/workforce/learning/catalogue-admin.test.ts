import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { addNeglectToolkit, caseloadWorldForSuite } from '../../../test/support/caseload-world.ts';

/**
 * Changing the training catalogue on the small caseload council. The neglect
 * toolkit (already in the catalogue) is required of social workers every 36
 * months; in North A only Alex Able holds it in date, so the team holds 1 of
 * its 4 social workers' requirements (25%).
 */
describeEachEngine('learning: changing the catalogue and what each role must hold', (use) => {
  const { w, as } = caseloadWorldForSuite(use);
  let neglect: string;
  const db = () => use().db;

  before(async () => {
    neglect = await addNeglectToolkit(db(), [{ userId: w.users.workerA.id, on: '2025-01-10' }]);
  });

  const courses = async () => db().selectFrom('training_courses').select(['id', 'name', 'active', 'renewal_months']).orderBy('name').execute();
  const audits = async (action: string) => db().selectFrom('audit_events').select(['outcome', 'reason', 'subject_id']).where('action', '=', action).orderBy('occurred_at').execute();
  const goodCourse = { name: 'Direct-work toolkit: exploitation', category: 'direct_work_toolkit', description: 'Child criminal and sexual exploitation.', renewalMonths: '24', roles: ['social_worker', 'personal_adviser'] };

  test('only heads of service and administrators may see or change the catalogue; others get 403 and nothing changes', async () => {
    for (const who of ['workerA', 'tmA', 'smNorth', 'analyst'] as const) {
      const agent = await as(who);
      assert.equal((await agent.get('/admin/learning')).statusCode, 403, who);
      assert.equal((await agent.get('/admin/learning/courses/new')).statusCode, 403, who);
      assert.equal((await agent.post('/admin/learning/courses/new', goodCourse)).statusCode, 403, who);
      assert.equal((await agent.post(`/admin/learning/courses/${neglect}`, { ...goodCourse, name: 'Renamed' })).statusCode, 403, who);
      assert.equal((await agent.post(`/admin/learning/courses/${neglect}/retire`, {})).statusCode, 403, who);
    }
    assert.deepEqual(
      (await courses()).map((c) => [c.name, c.active]),
      [['Direct-work toolkit: neglect', true]],
    );
    assert.equal((await db().selectFrom('audit_events').select('id').where('action', '=', 'route.access').where('outcome', '=', 'denied').where('subject_id', 'like', '%/admin/learning%').execute()).length, 20);
    assert.equal((await (await as('head')).get(`/admin/learning/courses/${w.users.workerA.id}`)).statusCode, 404);
    assert.equal((await (await as('head')).get('/admin/learning/courses/not-a-course')).statusCode, 404);
    assert.equal((await (await as('head')).post('/admin/learning/courses/not-a-course/retire', {})).statusCode, 404);
  });

  test('a head of service finds the pages from Learning; an administrator from the navigation', async () => {
    assert.match((await (await as('head')).get('/learning')).body, /href="\/admin\/learning"/);
    assert.doesNotMatch((await (await as('workerA')).get('/learning')).body, /href="\/admin\/learning"/);
    assert.match((await (await as('admin')).get('/')).body, /href="\/admin\/learning"/);
    const page = textOf((await (await as('admin')).get('/admin/learning')).body);
    assert.match(page, /In the catalogue.*Direct-work toolkit: neglect.*Direct-work toolkit.*Social worker.*36 months/);
  });

  test('bad input is refused with an error summary naming each field, and nothing is stored', async () => {
    const head = await as('head');
    assert.equal((await head.get('/admin/learning/courses/new')).statusCode, 200);
    const bad = await head.post('/admin/learning/courses/new', { name: ' ', category: 'juggling', renewalMonths: '0', roles: ['social_worker', 'wizard'], description: 'x'.repeat(501) });
    assert.equal(bad.statusCode, 400);
    const text = textOf(bad.body);
    assert.match(text, /There is a problem/);
    assert.match(text, /Enter the course name/);
    assert.match(text, /Select what kind of course it is/);
    assert.match(text, /Description must be 500 characters or fewer/);
    assert.match(text, /Renewal period must be a whole number of months from 1 to 120, or left blank if it never expires/);
    assert.match(text, /Select roles from the list/);
    assert.match(bad.body, /href="#renewalMonths"/);
    const duplicate = await head.post('/admin/learning/courses/new', { ...goodCourse, name: 'DIRECT-WORK TOOLKIT: NEGLECT' });
    assert.equal(duplicate.statusCode, 400);
    assert.match(textOf(duplicate.body), /There is already a course with this name/);
    const badChange = await head.post(`/admin/learning/courses/${neglect}`, { ...goodCourse, name: 'Direct-work toolkit: neglect', renewalMonths: 'often' });
    assert.equal(badChange.statusCode, 400);
    assert.match(badChange.body, /value="often"/);
    assert.equal((await courses()).length, 1);
    assert.equal((await courses())[0]!.renewal_months, 36);
    assert.deepEqual(
      (await audits('learning.course.create')).map((a) => [a.outcome, a.reason]),
      [
        ['failed', 'refused, nothing stored: name, category, description, renewalMonths, roles'],
        ['failed', 'refused, nothing stored: name'],
      ],
    );
  });

  test('a head of service adds a course required of two roles; it appears in the catalogue and in a worker’s requirements', async () => {
    const saved = await (await as('head')).post('/admin/learning/courses/new', goodCourse);
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/admin/learning?done=added');
    const added = (await courses()).find((c) => c.name === goodCourse.name)!;
    assert.equal(added.renewal_months, 24);
    const roles = await db().selectFrom('training_requirements').select('role').where('course_id', '=', added.id).orderBy('role').execute();
    assert.deepEqual(
      roles.map((r) => r.role),
      ['personal_adviser', 'social_worker'],
    );
    assert.match(textOf((await (await as('workerA')).get('/learning')).body), /Direct-work toolkit: exploitation .* Personal adviser, Social worker 24 months Not done/);
    const [audit] = await audits('learning.course.create').then((rows) => rows.filter((r) => r.outcome === 'allowed'));
    assert.equal(audit!.subject_id, added.id);
    assert.equal(audit!.reason, 'added Direct-work toolkit: exploitation (Direct-work toolkit); renew every 24 months; required for Social worker, Personal adviser');
  });

  test('changing which roles must hold a course and its renewal moves compliance, audited with old and new values', async () => {
    const tm = await as('tmA');
    assert.match(textOf((await tm.get(`/learning/teams/${w.teams.northA}`)).body), /Direct-work toolkit: neglect 4 1 25%/);
    const head = await as('head');
    const form = await head.get(`/admin/learning/courses/${neglect}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="social_worker" checked/);
    // Alex Able did it in January 2025: with 12-month renewal it expired in January 2026.
    const changed = await head.post(`/admin/learning/courses/${neglect}`, { name: 'Direct-work toolkit: neglect', category: 'direct_work_toolkit', description: 'Neglect', renewalMonths: '12', roles: ['social_worker', 'team_manager'] });
    assert.equal(changed.statusCode, 303);
    const page = textOf((await tm.get(`/learning/teams/${w.teams.northA}`)).body);
    assert.match(page, /Direct-work toolkit: neglect 5 0 0%/);
    assert.match(page, /Alex Able Social worker Not done Direct-work toolkit: exploitation Expired Direct-work toolkit: neglect/);
    assert.match(page, /Person tmA Team manager Not done Direct-work toolkit: neglect/);
    const [audit] = (await audits('learning.course.update')).filter((a) => a.outcome === 'allowed');
    assert.equal(audit!.reason, 'renew every 36 months -> renew every 12 months; required for Social worker -> Social worker, Team manager');
  });

  test('retiring a course takes it out of the catalogue and compliance and keeps its attendance; it can be brought back', async () => {
    const admin = await as('admin');
    assert.equal((await admin.post(`/admin/learning/courses/${neglect}/retire`, {})).statusCode, 303);
    assert.doesNotMatch(textOf((await (await as('workerA')).get('/learning')).body), /toolkit: neglect/);
    assert.match(textOf((await admin.get('/admin/learning')).body), /Retired.*Direct-work toolkit: neglect/);
    assert.equal((await db().selectFrom('training_attendance').select('id').where('course_id', '=', neglect).execute()).length, 1);
    assert.equal((await admin.post(`/admin/learning/courses/${neglect}/reinstate`, {})).statusCode, 303);
    assert.match(textOf((await (await as('tmA')).get('/learning')).body), /toolkit: neglect/);
    assert.deepEqual(
      [...(await audits('learning.course.retire')), ...(await audits('learning.course.reinstate'))].map((a) => a.reason),
      ['Direct-work toolkit: neglect: in the catalogue -> retired', 'Direct-work toolkit: neglect: retired -> in the catalogue'],
    );
  });
});
