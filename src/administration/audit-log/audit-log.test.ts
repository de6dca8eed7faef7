import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { appForSuite, Agent, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser, TEST_PASSWORD } from '../../../test/support/users.ts';
import { describeFilters, londonTime, readAuditFilters } from './rules.ts';

describe('audit filters', () => {
  test('blank filters are left out; text is trimmed and the action lower-cased', () => {
    const { filters, errors } = readAuditFilters({ person: '  jo ', action: ' User.Disable ', outcome: '', subjectType: '', 'from-day': '' });
    assert.deepEqual(errors, {});
    assert.deepEqual(filters, { person: 'jo', action: 'user.disable' });
  });

  test('dates are read from their three boxes; to may not be before from', () => {
    const ok = readAuditFilters({ 'from-day': '1', 'from-month': '7', 'from-year': '2026', 'to-day': '1', 'to-month': '7', 'to-year': '2026' });
    assert.deepEqual(ok, { filters: { from: '2026-07-01', to: '2026-07-01' }, errors: {} });
    const backwards = readAuditFilters({ 'from-day': '2', 'from-month': '7', 'from-year': '2026', 'to-day': '1', 'to-month': '7', 'to-year': '2026' });
    assert.deepEqual(backwards.errors, { 'to-day': 'Date to must be the same as or after date from' });
    const unreal = readAuditFilters({ 'from-day': '31', 'from-month': '2', 'from-year': '2026' });
    assert.match(unreal.errors['from-day']!, /real date/);
    assert.match(readAuditFilters({ outcome: 'maybe' }).errors.outcome!, /Select an outcome/);
  });

  test('times are shown in England, saying GMT or BST', () => {
    assert.equal(londonTime(new Date('2026-06-30T23:30:00Z')), '1 Jul 2026, 00:30:00 BST');
    assert.equal(londonTime(new Date('2026-11-20T10:00:00Z')), '20 Nov 2026, 10:00:00 GMT');
  });

  test('the search is described for its own audit row', () => {
    assert.equal(describeFilters({}), 'no filters');
    assert.equal(describeFilters({ person: 'jo', outcome: 'denied' }), 'person="jo", outcome="denied"');
  });
});

describeEachEngine('audit log search', (use) => {
  const t = appForSuite(use, { SIGN_IN_RATE_PER_MINUTE: '1000' });
  let admin: Agent;
  let adminId: string;
  let workerId: string;
  let managerId: string;
  const subjectUser = '11111111-1111-4111-8111-111111111111';

  before(async () => {
    const db = use().db;
    const { teamId } = await createTeam(db);
    adminId = await createUser(db, { email: 'admin@example.org', name: 'Alex Admin', role: 'system_admin' });
    workerId = await createUser(db, { email: 'w.k@example.org', name: 'Wendy Worker', role: 'social_worker', teamId });
    managerId = await createUser(db, { email: 'manager@example.org', name: 'Tess Manager', role: 'team_manager', teamId });

    const at = (iso: string, actor: { id: string | null; email: string | null }, requestId: string): AuditContext => ({
      actorUserId: actor.id,
      actorEmail: actor.email,
      requestId,
      ip: '192.0.2.7',
      at: new Date(iso),
    });
    const seed = [
      { ctx: at('2026-11-20T10:00:00Z', { id: workerId, email: 'w.k@example.org' }, 'seed-1'), entry: { action: 'user.create', outcome: 'allowed', subjectType: 'user', subjectId: subjectUser, reason: 'created someone' } },
      { ctx: at('2026-11-21T10:00:00Z', { id: null, email: 'intruder@example.net' }, 'seed-2'), entry: { action: 'sign-in', outcome: 'failed', subjectType: 'user', reason: 'unknown email address' } },
      { ctx: at('2026-11-22T10:00:00Z', { id: adminId, email: 'admin@example.org' }, 'seed-3'), entry: { action: 'user.disable', outcome: 'allowed', subjectType: 'user', subjectId: subjectUser, reason: 'disabled someone' } },
      { ctx: at('2026-06-30T23:30:00Z', { id: managerId, email: 'manager@example.org' }, 'seed-4'), entry: { action: 'route.access', outcome: 'denied', subjectType: 'route', subjectId: 'GET /admin/users', reason: 'role team_manager may not use this function' } },
      { ctx: at('2026-06-30T22:30:00Z', { id: null, email: 'cli' }, 'seed-5'), entry: { action: 'team.create', outcome: 'allowed', subjectType: 'team', subjectId: 'T1', reason: 'created team' } },
      { ctx: at('2026-11-19T10:00:00Z', { id: null, email: '=HYPERLINK("http://evil.example")' }, 'seed-6'), entry: { action: 'sign-in', outcome: 'failed', subjectType: 'user', reason: 'unknown email address' } },
    ] as const;
    for (const { ctx, entry } of seed) await recordAudit(db, ctx, entry);

    admin = new Agent(t.app);
    await admin.signIn('admin@example.org', TEST_PASSWORD);
  });

  /** The seeded rows a page lists, in the order shown. */
  const seedsShown = (html: string) => [...html.matchAll(/seed-(\d)/g)].map((m) => Number(m[1]));
  const search = async (query: string) => {
    const response = await admin.get(`/admin/audit${query}`);
    assert.equal(response.statusCode, 200, query);
    return response;
  };

  test('lists every event newest first, with London time, actor, subject, outcome, reason, request id and IP', async () => {
    const page = await search('');
    assert.deepEqual(seedsShown(page.body), [3, 2, 1, 6, 4, 5]);
    const text = textOf(page.body);
    assert.match(text, /1 Jul 2026, 00:30:00 BST Tess Manager manager@example\.org route\.access route GET \/admin\/users Denied role team_manager may not use this function seed-4 192\.0\.2\.7/);
    assert.match(text, /21 Nov 2026, 10:00:00 GMT intruder@example\.net sign-in user None|21 Nov 2026, 10:00:00 GMT intruder@example\.net sign-in user/);
    assert.match(page.body, /govuk-tag--red">\s*Denied/);
    assert.match(page.body, /govuk-tag--green">\s*Allowed/);
    assert.match(page.body, /govuk-tag--orange">\s*Failed/);
    assert.match(page.body, /<caption class="govuk-table__caption[^"]*">Audit events matching your search/);
    assert.match(page.body, new RegExp(`<a class="govuk-link" href="/admin/users/${subjectUser}">${subjectUser}</a>`), 'a user subject links to their page');
  });

  const filterCases: [string, string, number[]][] = [
    ['person by email', '?person=INTRUDER', [2]],
    ['person by the user’s name', '?person=wendy', [1]],
    ['action exactly', '?action=user.disable', [3]],
    ['every action of a kind', '?action=user', [3, 1]],
    ['part of a word is not a kind', '?action=use', []],
    ['outcome', '?outcome=denied', [4]],
    ['subject type', '?subjectType=team', [5]],
    ['subject id', `?subjectId=${subjectUser}`, [3, 1]],
    ['a London day in summer time', '?from-day=1&from-month=7&from-year=2026&to-day=1&to-month=7&to-year=2026', [4]],
    ['the London day before', '?from-day=30&from-month=6&from-year=2026&to-day=30&to-month=6&to-year=2026', [5]],
    ['date from only', '?from-day=21&from-month=11&from-year=2026', [3, 2]],
    ['date to only', '?to-day=19&to-month=11&to-year=2026', [6, 4, 5]],
    ['person and action together', '?person=admin&action=user', [3]],
  ];
  for (const [what, query, expected] of filterCases) {
    test(`filters by ${what}`, async () => {
      const page = await search(query);
      assert.deepEqual(seedsShown(page.body), expected);
    });
  }

  test('only denied events are listed when filtering by outcome, whoever caused them', async () => {
    const manager = new Agent(t.app);
    await manager.signIn('manager@example.org', TEST_PASSWORD);
    assert.equal((await manager.get('/admin/audit')).statusCode, 403);
    const page = await search('?outcome=denied');
    const outcomes = [...page.body.matchAll(/govuk-tag--(\w+)">\s*(\w+)/g)].map((m) => m[2]);
    assert.ok(outcomes.length >= 2);
    assert.ok(outcomes.every((o) => o === 'Denied'), outcomes.join());
    assert.match(textOf(page.body), /route\.access route GET \/admin\/audit Denied/);
  });

  test('looking is audited with the filters, and the search does not list its own row', async () => {
    const before = await use().db.selectFrom('audit_events').select('id').where('action', '=', 'audit.search').execute();
    const page = await search('?outcome=failed&person=intruder');
    assert.deepEqual(seedsShown(page.body), [2]);
    const rows = await use().db.selectFrom('audit_events').selectAll().where('action', '=', 'audit.search').orderBy('id').execute();
    assert.equal(rows.length, before.length + 1);
    const row = rows.at(-1)!;
    assert.equal(row.actor_user_id, adminId);
    assert.equal(row.reason, 'person="intruder", outcome="failed"; page 1; 1 matching');
    assert.ok(row.request_id);
  });

  test('bad filters are refused naming the field, and nothing is searched or audited', async () => {
    const count = async () => (await use().db.selectFrom('audit_events').select('id').where('action', '=', 'audit.search').execute()).length;
    const before = await count();
    const cases: [string, string][] = [
      ['?from-day=2&from-month=7&from-year=2026&to-day=1&to-month=7&to-year=2026', 'to-day'],
      ['?from-day=31&from-month=2&from-year=2026', 'from-day'],
      ['?to-day=1&to-year=2026', 'to-day'],
      ['?outcome=maybe', 'outcome'],
    ];
    for (const [query, field] of cases) {
      const response = await admin.get(`/admin/audit${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.match(response.body, new RegExp(`href="#${field}"`), query);
      assert.deepEqual(seedsShown(response.body), [], query);
    }
    assert.equal(await count(), before);
  });

  test('pages hold 50 events, newest first, and the page links keep the filters', async () => {
    const db = use().db;
    for (let i = 0; i < 60; i++) {
      const at = new Date(Date.UTC(2026, 9, 1, 12, i));
      await recordAudit(db, { actorUserId: null, actorEmail: 'bulk@example.org', requestId: `bulk-${String(i).padStart(2, '0')}`, ip: null, at }, { action: 'bulk.thing', outcome: 'allowed' });
    }
    const first = await search('?action=bulk');
    assert.match(textOf(first.body), /Showing 1 to 50 of 60 events/);
    const ids = (html: string) => [...html.matchAll(/bulk-(\d\d)/g)].map((m) => Number(m[1]));
    assert.deepEqual(ids(first.body), Array.from({ length: 50 }, (_, i) => 59 - i));
    assert.match(first.body, /href="\/admin\/audit\?action=bulk&amp;page=2"/);
    const second = await search('?action=bulk&page=2');
    assert.deepEqual(ids(second.body), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  test('the CSV download holds every filtered row, neutralises formulas, and is audited', async () => {
    const response = await admin.get('/admin/audit.csv?action=sign-in&outcome=failed');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    assert.match(String(response.headers['content-disposition']), /attachment; filename="audit-log-2026-11-23\.csv"/);
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    const seeded = rows.filter((r) => r.request_id?.startsWith('seed-'));
    assert.deepEqual(seeded.map((r) => r.request_id), ['seed-2', 'seed-6']);
    assert.ok(rows.every((r) => r.action === 'sign-in' && r.outcome === 'failed'));
    assert.equal(seeded[1]!.actor_email, `'=HYPERLINK("http://evil.example")`);
    assert.equal(seeded[0]!.occurred_at_utc, '2026-11-21T10:00:00.000Z');
    assert.equal(seeded[0]!.occurred_at_london, '21 Nov 2026, 10:00:00 GMT');
    const exports = await use().db.selectFrom('audit_events').selectAll().where('action', '=', 'audit.export').execute();
    assert.equal(exports.length, 1);
    assert.equal(exports[0]!.actor_user_id, adminId);
    assert.match(exports[0]!.reason!, /action="sign-in", outcome="failed"/);
  });

  test('the CSV streams more rows than one batch, in order', async () => {
    const db = use().db;
    for (let i = 0; i < 1100; i += 100) {
      const values = Array.from({ length: 100 }, (_, j) => ({
        occurred_at: new Date(Date.UTC(2026, 8, 1, 0, 0, i + j)),
        actor_user_id: null,
        actor_email: 'many@example.org',
        action: 'many.rows',
        subject_type: null,
        subject_id: String(i + j),
        outcome: 'allowed' as const,
        reason: null,
        request_id: null,
        ip: null,
      }));
      await db.insertInto('audit_events').values(values).execute();
    }
    const response = await admin.get('/admin/audit.csv?action=many.rows');
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 1100);
    assert.deepEqual(
      rows.map((r) => Number(r.subject_id)),
      Array.from({ length: 1100 }, (_, i) => 1099 - i),
    );
  });
});
