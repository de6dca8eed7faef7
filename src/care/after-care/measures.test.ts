import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Db } from '../../db/database.ts';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { insertChild } from '../../../test/support/records.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

/** A young person led by their personal adviser, with one birthday check. */
async function youngPerson(
  db: Db,
  who: { la: string; dob: string; teamId: string; adviserId: string; restricted?: boolean },
  check: { age: number; birthday: string; inTouch: string; activity: string; accommodation: string },
): Promise<string> {
  const id = await insertChild(db, { laChildId: who.la, forename: 'Young', surname: who.la, dateOfBirth: who.dob, restricted: who.restricted });
  await db.insertInto('care_leavers').values({ child_id: id, category: 'former_relevant' }).execute();
  await db.insertInto('allocations').values({ child_id: id, role: 'personal_adviser', team_id: who.teamId, worker_id: who.adviserId, start_date: '2024-01-01' }).execute();
  await db
    .insertInto('care_leaver_outcomes')
    .values({
      child_id: id,
      birthday_age: check.age,
      birthday_on: check.birthday,
      gathered_on: check.birthday,
      in_touch: check.inTouch,
      activity: check.activity,
      accommodation: check.accommodation,
      recorded_by: who.adviserId,
      recorded_at: new Date(`${check.birthday}T12:00:00Z`),
    })
    .execute();
  return id;
}

// TEST_TODAY is 23 November 2026: the page counts birthdays from 24 November 2025.
describeEachEngine('the care leaver measures: by age and team, scoped by role, with the access policy in the SQL', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let analyst: Agent;
  let managerEast: Agent;
  let adviserEast: Agent;
  let analystId: string;
  let eastTeam: string;
  let eastAdviser: string;

  before(async () => {
    const east = await createTeam(db(), 'Leaving Care East');
    const west = await createTeam(db(), 'Leaving Care West');
    eastTeam = east.teamId;
    eastAdviser = await createUser(db(), { email: 'lm-east-pa@example.org', role: 'personal_adviser', teamId: east.teamId, name: 'Eve East' });
    const westAdviser = await createUser(db(), { email: 'lm-west-pa@example.org', role: 'personal_adviser', teamId: west.teamId, name: 'Wes West' });
    await createUser(db(), { email: 'lm-east-tm@example.org', role: 'team_manager', teamId: east.teamId, name: 'Tara Manager' });
    analystId = await createUser(db(), { email: 'lm-analyst@example.org', role: 'performance_analyst', name: 'Ann Analyst' });
    // East: a 19-year-old in touch, in further education, suitably housed; a 20-year-old in higher education (birthday in the year to 31 March 2026).
    await youngPerson(db(), { la: 'LM0001', dob: '2007-06-01', teamId: east.teamId, adviserId: eastAdviser }, { age: 19, birthday: '2026-06-01', inTouch: 'YES', activity: 'F2', accommodation: 'U1' });
    await youngPerson(db(), { la: 'LM0002', dob: '2005-09-01', teamId: east.teamId, adviserId: eastAdviser }, { age: 20, birthday: '2025-09-01', inTouch: 'YES', activity: 'F1', accommodation: 'U1' });
    // West: an 18-year-old staying put, not in education, employment or training.
    await youngPerson(db(), { la: 'LM0003', dob: '2008-07-01', teamId: west.teamId, adviserId: westAdviser }, { age: 18, birthday: '2026-07-01', inTouch: 'YES', activity: 'G5', accommodation: 'Z1' });
    analyst = await signedIn(t.app, 'lm-analyst@example.org');
    managerEast = await signedIn(t.app, 'lm-east-tm@example.org');
    adviserEast = await signedIn(t.app, 'lm-east-pa@example.org');
  });

  test('the council’s figures: by age, by team, and the year by year chart with the figures behind it', async () => {
    const page = await analyst.get('/care/leavers');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /For the council/);
    assert.match(text, /Young people checked\s+0\s+1\s+1/);
    assert.match(text, /In touch\s+–\s+100%\s+100%/);
    assert.match(text, /In education, employment or training\s+–\s+0%\s+100%/);
    assert.match(text, /In higher education\s+–\s+0%\s+0%/);
    assert.match(text, /Staying put \(of those aged 18 to 20\)\s+–\s+100%\s+0%/);
    assert.match(text, /Leaving Care East\s+1\s+100%\s+100%\s+0%\s+100%\s+0%/);
    assert.match(text, /Leaving Care West\s+1\s+100%\s+0%\s+0%\s+100%\s+100%/);
    assert.match(page.body, /<svg[^>]*aria-labelledby="chart-care-leavers/);
    assert.match(text, /Year to 31 March 2026\s+1\s+100%\s+100%\s+100%\s+100%/);
  });

  test('a team manager sees their team, an adviser the young people they hold', async () => {
    const team = textOf((await managerEast.get('/care/leavers')).body);
    assert.match(team, /For Leaving Care East/);
    assert.doesNotMatch(team, /Leaving Care West/);
    assert.match(team, /Young people checked\s+0\s+0\s+1/);
    const own = textOf((await adviserEast.get('/care/leavers')).body);
    assert.match(own, /For the young people you hold/);
    assert.match(own, /Young people checked\s+0\s+0\s+1/);
  });

  test('a restricted young person changes no number a viewer without access sees, until they are named on the record', async () => {
    const before = textOf((await analyst.get('/care/leavers')).body);
    const beforeTeam = textOf((await managerEast.get('/care/leavers')).body);
    const hidden = await youngPerson(
      db(),
      { la: 'LM0009', dob: '2006-08-01', teamId: eastTeam, adviserId: eastAdviser, restricted: true },
      { age: 20, birthday: '2026-08-01', inTouch: 'NO', activity: '0', accommodation: '0' },
    );
    assert.equal(textOf((await analyst.get('/care/leavers')).body), before);
    assert.equal(textOf((await managerEast.get('/care/leavers')).body), beforeTeam);
    const csvBefore = (await analyst.get('/care/leavers.csv')).body;
    assert.match(csvBefore, /^team,age_band,young_people,in_touch,in_eet,in_higher_education,suitable_accommodation,staying_put,aged_18_to_20/);
    assert.match(csvBefore, /\nAll,19-21,1,1,1,0,1,0,1/);

    await db().insertInto('restricted_access').values({ child_id: hidden, user_id: analystId }).execute();
    const named = textOf((await analyst.get('/care/leavers')).body);
    assert.match(named, /Young people checked\s+0\s+1\s+2/);
    assert.match(named, /In touch\s+–\s+100%\s+50%/);
    assert.match((await analyst.get('/care/leavers.csv')).body, /\nAll,19-21,2,1,1,0,1,0,2/);
  });
});

// A personal adviser's caseload: the young people they hold today by age band
// (16 to 17 eligible or relevant; 18 to 20 former relevant; 21 to 25 supported
// on request, Children Act 1989 ss23A, 23C, 23CA), in touch, and their overdue
// contacts (Care Leavers (England) Regulations 2010 reg 8(2)) and pathway plan
// reviews, linked to the adviser's caseload page in workload.
describeEachEngine('the care leaver page: personal advisers’ caseloads', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let head: Agent;
  let manager: Agent;
  let adviser: string;
  let hidden: string;
  let headId: string;

  before(async () => {
    const team = await createTeam(db(), 'Leaving Care North');
    const other = await createTeam(db(), 'Leaving Care South');
    adviser = await createUser(db(), { email: 'pac-pa@example.org', role: 'personal_adviser', teamId: team.teamId, name: 'Pia Adviser' });
    const south = await createUser(db(), { email: 'pac-pa2@example.org', role: 'personal_adviser', teamId: other.teamId, name: 'Sol Adviser' });
    await createUser(db(), { email: 'pac-tm@example.org', role: 'team_manager', teamId: team.teamId, name: 'Tom Manager' });
    headId = await createUser(db(), { email: 'pac-hos@example.org', role: 'head_of_service', name: 'Hope Head' });
    // 17, in touch at 17; 19, not in touch at 19; 22 with no check (supported to 25); and one held by the south adviser.
    await youngPerson(db(), { la: 'PC0001', dob: '2009-05-01', teamId: team.teamId, adviserId: adviser }, { age: 17, birthday: '2026-05-01', inTouch: 'YES', activity: 'F2', accommodation: 'U1' });
    await youngPerson(db(), { la: 'PC0002', dob: '2007-02-01', teamId: team.teamId, adviserId: adviser }, { age: 19, birthday: '2026-02-01', inTouch: 'NO', activity: '0', accommodation: '0' });
    const older = await insertChild(db(), { laChildId: 'PC0003', forename: 'Young', surname: 'PC0003', dateOfBirth: '2004-03-03' });
    await db().insertInto('care_leavers').values({ child_id: older, category: 'former_relevant', support_until: '2029-03-03' }).execute();
    await db().insertInto('allocations').values({ child_id: older, role: 'personal_adviser', team_id: team.teamId, worker_id: adviser, start_date: '2024-01-01' }).execute();
    await youngPerson(db(), { la: 'PC0004', dob: '2007-01-01', teamId: other.teamId, adviserId: south }, { age: 19, birthday: '2026-01-01', inTouch: 'YES', activity: 'F5', accommodation: 'U1' });
    hidden = await youngPerson(db(), { la: 'PC0005', dob: '2008-01-01', teamId: team.teamId, adviserId: adviser, restricted: true }, { age: 18, birthday: '2026-01-01', inTouch: 'YES', activity: 'F5', accommodation: 'U1' });
    head = await signedIn(t.app, 'pac-hos@example.org');
    manager = await signedIn(t.app, 'pac-tm@example.org');
  });

  /** The adviser's row of the table, as the page's text reads it. */
  const row = (text: string, name: string) => text.match(new RegExp(`${name} : caseload .*?(?=(Pia|Sol) Adviser : caseload|Aged 19 to 21, year by year)`))?.[0] ?? '';

  test('each adviser in scope with the young people they hold by age, in touch, and overdue work; linked to their caseload page in workload', async () => {
    const page = await manager.get('/care/leavers');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Personal advisers’ caseloads today/);
    // Pia: 3 young people she may be counted for (the restricted one is not): one 16-17, one 18-20, one 21-25; 1 in touch of 2 checked.
    assert.match(row(text, 'Pia Adviser'), /^Pia Adviser : caseload Leaving Care North 3 1 1 1 1 of 2 checked \d+ \d+ $/);
    assert.doesNotMatch(text, /Sol Adviser/, 'another team’s adviser is not in a team manager’s scope');
    assert.match(page.body, new RegExp(`href="/caseload/workers/${adviser}"`));
    const workload = await manager.get(`/caseload/workers/${adviser}`);
    assert.equal(workload.statusCode, 200, 'the link leads to the adviser’s caseload page');
  });

  test('overdue contacts and pathway plan reviews come from the due store: a young person with no visit or review on record is overdue', async () => {
    const text = textOf((await head.get('/care/leavers')).body);
    const [contacts, plans] = row(text, 'Pia Adviser').trim().split(' ').slice(-2).map(Number);
    const due = await db()
      .selectFrom('due_items')
      .innerJoin('allocations', 'allocations.child_id', 'due_items.child_id')
      .innerJoin('people', 'people.id', 'due_items.child_id')
      .select(['due_items.kind', 'due_items.child_id'])
      .where('allocations.worker_id', '=', adviser)
      .where('allocations.role', '=', 'personal_adviser')
      .where('people.restricted', '=', false)
      .where('due_items.status', '=', 'overdue')
      .where('due_items.as_at', '=', '2026-11-23')
      .execute();
    assert.equal(contacts, new Set(due.filter((d) => d.kind === 'pa_contact').map((d) => d.child_id)).size);
    assert.equal(plans, new Set(due.filter((d) => d.kind === 'pathway_plan_review').map((d) => d.child_id)).size);
    assert.ok(contacts! + plans! > 0, 'young people with nothing recorded have overdue work');
    assert.match(row(text, 'Sol Adviser'), /^Sol Adviser : caseload Leaving Care South 1 0 1 0 1 of 1 checked/);
  });

  test('a restricted young person is counted only for someone named on the record', async () => {
    await db().insertInto('restricted_access').values({ child_id: hidden, user_id: headId }).execute();
    try {
      assert.match(row(textOf((await head.get('/care/leavers')).body), 'Pia Adviser'), /^Pia Adviser : caseload Leaving Care North 4 1 2 1 2 of 3 checked/);
      assert.match(row(textOf((await manager.get('/care/leavers')).body), 'Pia Adviser'), /^Pia Adviser : caseload Leaving Care North 3 /);
    } finally {
      await db().deleteFrom('restricted_access').where('child_id', '=', hidden).execute();
    }
  });
});
