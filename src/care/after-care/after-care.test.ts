import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { insertChild } from '../../../test/support/records.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026. Jo was born on 10 December 2007: the
// 19th birthday is 10 December 2026, its information from 10 September 2026
// to 10 January 2027 (3 months before to 1 month after, DfE SSDA903 guide, OC3).
describeEachEngine('a care leaver’s birthday checks: in touch, activity and accommodation', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let adviser: Agent;
  let outsider: Agent;
  let admin: Agent;
  let jo: string;
  let notLeaver: string;
  let sam: string;

  before(async () => {
    const { teamId } = await createTeam(db(), 'Leaving Care West');
    const adviserId = await createUser(db(), { email: 'ac-adviser@example.org', role: 'personal_adviser', teamId, name: 'Pat Adviser' });
    await createUser(db(), { email: 'ac-outsider@example.org', role: 'personal_adviser', teamId, name: 'Olly Outsider' });
    await createUser(db(), { email: 'ac-admin@example.org', role: 'system_admin', name: 'Ada Admin' });
    jo = await insertChild(db(), { laChildId: 'AC0001', forename: 'Jo', surname: 'Leaver', dateOfBirth: '2007-12-10' });
    notLeaver = await insertChild(db(), { laChildId: 'AC0002', forename: 'Kit', surname: 'Never', dateOfBirth: '2007-12-10' });
    // Sam turned 20 on 1 September 2026: the check was due by 1 October.
    sam = await insertChild(db(), { laChildId: 'AC0003', forename: 'Sam', surname: 'Overdue', dateOfBirth: '2006-09-01' });
    await db().insertInto('care_leavers').values([{ child_id: jo, category: 'former_relevant' }, { child_id: sam, category: 'former_relevant' }]).execute();
    await db()
      .insertInto('allocations')
      .values([
        { child_id: jo, role: 'personal_adviser', team_id: teamId, worker_id: adviserId, start_date: '2025-01-01' },
        { child_id: notLeaver, role: 'personal_adviser', team_id: teamId, worker_id: adviserId, start_date: '2025-01-01' },
        { child_id: sam, role: 'personal_adviser', team_id: teamId, worker_id: adviserId, start_date: '2025-01-01' },
      ])
      .execute();
    adviser = await signedIn(t.app, 'ac-adviser@example.org');
    outsider = await signedIn(t.app, 'ac-outsider@example.org');
    admin = await signedIn(t.app, 'ac-admin@example.org');
  });

  const form = (overrides: Record<string, string> = {}) => ({
    birthdayAge: '19',
    ...dateFields('gatheredOn', '2026-11-20'),
    inTouch: 'YES',
    activity: 'F1',
    accommodationKind: 'U',
    accommodationSuitable: 'yes',
    bursaryPaid: 'yes',
    ...overrides,
  });
  const count = async () => Number((await db().selectFrom('care_leaver_outcomes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  test('the page lists each birthday from 17 to 21 with its window and where it stands, and looking is audited', async () => {
    const page = await adviser.get(`/children/${jo}/care/after-care`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /17th birthday, 10 December 2024\s+10 September 2024 to 10 January 2025\s+Not asked: in care on the birthday/);
    assert.match(text, /19th birthday, 10 December 2026\s+10 September 2026 to 10 January 2027\s+Due/);
    assert.match(text, /21st birthday, 10 December 2028\s+10 September 2028 to 10 January 2029\s+Not yet due/);
    assert.doesNotMatch(text, /22nd birthday/, 'not supported past 21');
    const audit = await db().selectFrom('audit_events').select('outcome').where('subject_id', '=', jo).where('action', '=', 'child.view.after-care').execute();
    assert.equal(audit.at(-1)?.outcome, 'allowed');
  });

  test('a check is recorded, shown with the bursary, on the chronology, and audited', async () => {
    await adviser.get(`/children/${jo}/care/after-care/new`);
    const saved = await adviser.post(`/children/${jo}/care/after-care/new`, form());
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/children/${jo}/care/after-care?done=check`);
    const text = textOf((await adviser.get(`/children/${jo}/care/after-care?done=check`)).body);
    assert.match(text, /Birthday check recorded/);
    assert.match(text, /19th birthday, 10 December 2026\s+10 September 2026 to 10 January 2027\s+Recorded/);
    assert.match(text, /Main activity\s+F1: Full-time higher education/);
    assert.match(text, /Accommodation\s+U1: Independent living/);
    assert.match(text, /Suitable\s+Suitable/);
    assert.match(text, /Staying put\s+No/);
    assert.match(text, /Higher education bursary\s+Paid/);
    const chronology = textOf((await adviser.get(`/children/${jo}/chronology`)).body);
    assert.match(chronology, /20 November 2026\s+19th birthday check: in touch with the council\s+Activity F1[^]*?Life after care/);
    const audit = await db().selectFrom('audit_events').select(['outcome', 'reason']).where('subject_id', '=', jo).where('action', '=', 'child.after-care.create').execute();
    assert.deepEqual(audit.map((a) => a.outcome), ['allowed']);
    assert.match(audit[0]!.reason ?? '', /care leaver check/);
  });

  // DfE SSDA903 guide, OC3: "information should be from the period three months before to one month after the young person's birthday";
  // activity and accommodation are 0 (not known) for a young person not in touch, who has died, or who has returned home for 6 months or more;
  // Z (with former foster carers, staying put) is for those fostered immediately before 18, so not at 17.
  test('the DfE SSDA903 guide’s rules and the record’s: each impossible check is refused naming the field, and nothing is stored', async () => {
    const before = await count();
    await adviser.get(`/children/${jo}/care/after-care/new`);
    const refusals: [Record<string, string>, string, RegExp][] = [
      [form({ birthdayAge: '18' }), 'gatheredOn-day', /must be between 10\/9\/2025 and 10\/1\/2026: from 3 months before to 1 month after the 18th birthday/],
      [form(), 'birthdayAge', /The 19th birthday is already checked: there is one check for each birthday/],
      [form({ birthdayAge: '20', ...dateFields('gatheredOn', '2026-12-01') }), 'gatheredOn-day', /must be today or in the past/],
      [form({ birthdayAge: '17', ...dateFields('gatheredOn', '2000-01-01') }), 'gatheredOn-day', /must be after the young person’s date of birth/],
      [form({ birthdayAge: '17', ...dateFields('gatheredOn', '2024-12-10'), inTouch: 'NO', activity: 'F2', accommodationKind: 'U', bursaryPaid: '' }), 'activity', /Select not known \(0\) for the activity/],
      [form({ birthdayAge: '17', ...dateFields('gatheredOn', '2024-12-10'), inTouch: 'DIED', activity: '0', accommodationKind: 'B', bursaryPaid: '' }), 'accommodationKind', /Select not known \(0\) for the accommodation/],
      [form({ birthdayAge: '17', ...dateFields('gatheredOn', '2024-12-10'), inTouch: 'YES', activity: '0', bursaryPaid: '' }), 'activity', /they are in touch, so it is known/],
      [form({ birthdayAge: '17', ...dateFields('gatheredOn', '2024-12-10'), activity: 'F2', accommodationKind: 'Z', bursaryPaid: '' }), 'accommodationKind', /Staying put \(with former foster carers, Z\) is not for a 17-year-old/],
      [form({ birthdayAge: '17', ...dateFields('gatheredOn', '2024-12-10'), activity: 'F2' }), 'bursaryPaid', /only for higher education \(F1 or P1\)/],
      [form({ birthdayAge: '22', ...dateFields('gatheredOn', '2026-11-20') }), 'birthdayAge', /Birthdays after 21 are checked only while the council supports the young person/],
      [form({ accommodationSuitable: '' , birthdayAge: '17', ...dateFields('gatheredOn', '2024-12-10') }), 'accommodationSuitable', /Select whether the accommodation is suitable/],
      [form({ inTouch: 'MAYBE' }), 'inTouch', /In touch must be one of the options listed/],
    ];
    for (const [sent, field, message] of refusals) {
      const refused = await adviser.post(`/children/${jo}/care/after-care/new`, sent);
      assert.equal(refused.statusCode, 400, field);
      assert.match(refused.body, /There is a problem/);
      assert.match(refused.body, new RegExp(`href="#${field}"`), field);
      assert.match(textOf(refused.body), message);
    }
    assert.equal(await count(), before);
    const audit = await db().selectFrom('audit_events').select('outcome').where('subject_id', '=', jo).where('action', '=', 'child.after-care.create').execute();
    assert.equal(audit.filter((a) => a.outcome === 'failed').length, refusals.length);
  });

  test('later birthdays are checked while the council supports the young person, to 25', async () => {
    await db().updateTable('care_leavers').set({ support_until: '2031-12-09' }).where('child_id', '=', jo).execute();
    const text = textOf((await adviser.get(`/children/${jo}/care/after-care`)).body);
    assert.match(text, /23rd birthday, 10 December 2030/);
    assert.doesNotMatch(text, /24th birthday/);
    await db().updateTable('care_leavers').set({ support_until: null }).where('child_id', '=', jo).execute();
  });

  test('a young person not recorded as a care leaver has no checks due, and one cannot be recorded', async () => {
    const text = textOf((await adviser.get(`/children/${notLeaver}/care/after-care`)).body);
    assert.match(text, /not recorded as a care leaver owed the leaving care duties/);
    await adviser.get(`/children/${notLeaver}/care/after-care/new`);
    const refused = await adviser.post(`/children/${notLeaver}/care/after-care/new`, form());
    assert.equal(refused.statusCode, 400);
    assert.match(textOf(refused.body), /not recorded as a care leaver: record their category on the legal-status timeline first/);
  });

  test('someone without access gets 404 for the page and the form, audited as denied; an administrator gets 403', async () => {
    const before = await count();
    assert.equal((await outsider.get(`/children/${jo}/care/after-care`)).statusCode, 404);
    assert.equal((await outsider.get(`/children/${jo}/care/after-care/new`)).statusCode, 404);
    await outsider.get('/');
    const posted = await outsider.post(`/children/${jo}/care/after-care/new`, form({ birthdayAge: '20' }));
    assert.equal(posted.statusCode, 404);
    assert.equal(await count(), before);
    const denied = await db().selectFrom('audit_events').select('action').where('subject_id', '=', jo).where('outcome', '=', 'denied').execute();
    assert.ok(denied.some((d) => d.action === 'child.view.after-care'));
    assert.ok(denied.some((d) => d.action === 'child.after-care.create'));
    assert.equal((await admin.get(`/children/${jo}/care/after-care`)).statusCode, 403);
    assert.equal((await admin.get('/care/leavers')).statusCode, 403);
  });

  test('an overdue birthday check reaches the adviser’s work due through the due store, and recording it clears it', async () => {
    const due = /Sam Overdue\s+AC0003\s+Birthday check \(in touch, activity, accommodation\)/;
    assert.match(textOf((await adviser.get('/work')).body), due);
    const visits = textOf((await adviser.get(`/children/${sam}/visits`)).body);
    assert.match(visits, /Birthday check \(in touch, activity, accommodation\)[\s\S]*?1 October 2026\s+Overdue by 53 days/);
    await adviser.get(`/children/${sam}/care/after-care/new`);
    const saved = await adviser.post(`/children/${sam}/care/after-care/new`, form({ birthdayAge: '20', ...dateFields('gatheredOn', '2026-09-15'), activity: 'G5', accommodationKind: 'D', bursaryPaid: '' }));
    assert.equal(saved.statusCode, 303);
    assert.doesNotMatch(textOf((await adviser.get('/work')).body), due);
  });
});
