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
