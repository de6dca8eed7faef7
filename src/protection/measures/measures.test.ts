import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Db } from '../../db/database.ts';
import type { CaseEventKind } from '../../db/schema.ts';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026: the page shows November 2025 to
// October 2026 (the last 12 full months) and November 2026 to date.

async function child(db: Db, surname: string, restricted = false) {
  const row = await db
    .insertInto('people')
    .values({ is_child: true, la_child_id: `HP-${surname}`, forename: 'Kit', surname, date_of_birth: '2016-04-01', sex: 'F', restricted, restriction_reason: restricted ? 'A relative of a member of staff' : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const lead = (db: Db, childId: string, teamId: string, start: string) => db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: teamId, worker_id: null, start_date: start }).execute();
const contact = (db: Db, childId: string, date: string, outcome: string) => db.insertInto('contacts').values({ child_id: childId, contact_date: date, source: '2A', outcome, summary: null, recorded_by: null }).execute();
const referral = (db: Db, childId: string, date: string, v: { close?: string; nfa?: boolean } = {}) =>
  db.insertInto('referrals').values({ child_id: childId, referral_date: date, source: '2A', primary_need: 'N1', no_further_action: v.nfa ?? false, close_date: v.close ?? null, closure_reason: v.close ? 'RC8' : null }).execute();
const plan = (db: Db, childId: string, start: string, category: string, end: string | null = null) =>
  db.insertInto('cp_plans').values({ child_id: childId, start_date: start, end_date: end, initial_category: category, latest_category: category }).execute();
const event = (db: Db, childId: string, by: string, kind: CaseEventKind, date: string, s47Started: boolean | null = null) =>
  db.insertInto('case_events').values({ child_id: childId, kind, event_date: date, s47_started: s47Started, note: null, recorded_by: by, recorded_at: new Date(`${date}T12:00:00Z`) }).execute();

describeEachEngine('help and protection measures (/protection/measures): by month, by the team holding the case on the day', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let head: Agent;
  let northManager: Agent;
  let southManager: Agent;
  let worker: Agent;
  let northManagerId: string;
  let north: string;
  let south: string;
  let dee: string;

  before(async () => {
    ({ teamId: north } = await createTeam(db(), 'Protection North'));
    let southService: string;
    ({ teamId: south, serviceId: southService } = await createTeam(db(), 'Protection South'));
    northManagerId = await createUser(db(), { email: 'hp-tm@example.org', role: 'team_manager', teamId: north, name: 'Nia Manager' });
    await createUser(db(), { email: 'hp-sm@example.org', role: 'service_manager', serviceId: southService, name: 'Sol Manager' });
    const by = await createUser(db(), { email: 'hp-sw@example.org', role: 'social_worker', teamId: north, name: 'Cal Worker' });
    await createUser(db(), { email: 'hp-hos@example.org', role: 'head_of_service', name: 'Hal Head' });
    head = await signedIn(t.app, 'hp-hos@example.org');
    northManager = await signedIn(t.app, 'hp-tm@example.org');
    southManager = await signedIn(t.app, 'hp-sm@example.org');
    worker = await signedIn(t.app, 'hp-sw@example.org');

    // Ada: an earlier referral (no further action) at the front door in January; a contact on 1 September (front
    // door), re-referred on 2 September and allocated to North that day; the enquiry of 10 September led to the
    // conference of 24 September (10 working days) and a neglect plan; assessed on 1 October (within 45 working days).
    const ada = await child(db(), 'Ada');
    await referral(db(), ada, '2026-01-15', { nfa: true, close: '2026-01-16' });
    await contact(db(), ada, '2026-09-01', 'referral');
    await referral(db(), ada, '2026-09-02');
    await lead(db(), ada, north, '2026-09-02');
    await event(db(), ada, by, 'strategy_discussion', '2026-09-10', true);
    await event(db(), ada, by, 'icpc', '2026-09-24');
    await plan(db(), ada, '2026-09-24', 'NEG');
    await event(db(), ada, by, 'assessment', '2026-10-01');
    // Ben, North since 2024: a physical abuse plan from June 2024 ended on 10 June 2026 (two years and more); referred
    // again on 20 August 2026 (his last referral was 2024: not a re-referral); the enquiry of 1 September led to an
    // emotional abuse plan on 5 October (later than 15 working days): his second plan; assessed late on 20 November.
    const ben = await child(db(), 'Ben');
    await lead(db(), ben, north, '2024-01-01');
    await referral(db(), ben, '2024-05-01', { close: '2026-06-10' });
    await plan(db(), ben, '2024-06-01', 'PHY', '2026-06-10');
    await referral(db(), ben, '2026-08-20');
    await event(db(), ben, by, 'strategy_discussion', '2026-09-01', true);
    await plan(db(), ben, '2026-10-05', 'EMO');
    await event(db(), ben, by, 'assessment', '2026-11-20');
    // Cal, South from February: an enquiry in March ended with no conference needed; another from 2 November goes on.
    const cal = await child(db(), 'Cal');
    await lead(db(), cal, south, '2026-02-01');
    await referral(db(), cal, '2026-02-01');
    await event(db(), cal, by, 'strategy_discussion', '2026-03-02', true);
    await event(db(), cal, by, 's47_no_conference', '2026-03-20');
    await event(db(), cal, by, 'strategy_discussion', '2026-11-02', true);
    // Dee, restricted, North from January: a contact, a referral and a sexual abuse plan: counted only for those named on her.
    dee = await child(db(), 'Dee', true);
    await lead(db(), dee, north, '2026-01-01');
    await contact(db(), dee, '2026-05-04', 'referral');
    await referral(db(), dee, '2026-05-05');
    await plan(db(), dee, '2026-06-01', 'SAB');
    // Eve, never allocated: two contacts in July at the front door.
    const eve = await child(db(), 'Eve');
    await contact(db(), eve, '2026-07-07', 'advice');
    await contact(db(), eve, '2026-07-08', 'no_further_action');
  });

  test('a head of service sees the council’s figures worked out by hand from the definitions, the front door and each team; the view is audited', async () => {
    const page = await head.get('/protection/measures');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /1 November 2025 to 31 October 2026/);
    assert.match(text, /Contacts 3 Referrals 4 Re-referrals within 12 months 25% 1 of 4 Assessments completed within 45 working days 100% 1 of 1/);
    assert.match(text, /Section 47 enquiries that led to an initial conference 66\.7% 2 of 3 Initial conferences within 15 working days 50% 1 of 2/);
    assert.match(text, /Child protection plans begun 2 Second or subsequent plans 50% 1 of 2 Plans ended that had lasted two years or more 100% 1 of 1/);
    // Month rows: September's enquiries, conference and plan; November to date with the enquiry still under way and the late assessment.
    assert.match(text, /September 2026 2 100% 2 of 2 0 1 100% 1 of 1/);
    assert.match(text, /November 2026 \(to date\) 1 – 1 0 –/);
    assert.match(text, /November 2026 \(to date\) 0 – 1 0% 0 of 1/);
    assert.match(text, /July 2026 2 1 1 0 0 0 0/);
    // By team over the 12 full months: the front door holds the contacts and Ada's first referral.
    assert.match(text, /The front door No team held the case 3 1 0% 0 of 1/);
    assert.match(text, /Protection North Protection North service 0 2 50% 1 of 2 100% 1 of 1 100% 2 of 2 50% 1 of 2 2 50% 1 of 2 100% 1 of 1/);
    assert.match(text, /Protection South Protection South service 0 1 0% 0 of 1 – 0% 0 of 1 – 0/);
    assert.doesNotMatch(text, /Kit|Dee|Ada/);
    assert.equal((await head.get('/protection/measures?show=front-door')).statusCode, 200);
    assert.match(textOf((await head.get('/protection/measures?show=front-door')).body), /Contacts 3 Referrals 1 Re-referrals within 12 months 0% 0 of 1/);
    const audit = await db().selectFrom('audit_events').select(['outcome', 'reason']).where('action', '=', 'protection.measures.view').where('outcome', '=', 'allowed').orderBy('occurred_at').execute();
    assert.equal(audit[0]?.reason, 'The council: counts, 2025-11 to 2026-11');
  });

  test('a team manager sees their team only; another team answers 404 and is audited as denied; a restricted child counts only once they are named on it', async () => {
    const own = textOf((await northManager.get('/protection/measures')).body);
    assert.match(own, /Protection North/);
    assert.match(own, /Contacts 0 Referrals 2 Re-referrals within 12 months 50% 1 of 2/);
    assert.match(own, /Child protection plans begun 2 Second or subsequent plans 50% 1 of 2/);
    assert.doesNotMatch(own, /By team/);
    assert.equal((await northManager.get(`/protection/measures?show=${south}`)).statusCode, 404);
    assert.equal((await northManager.get('/protection/measures?show=council')).statusCode, 404);
    assert.equal((await northManager.get(`/protection/measures.csv?show=${south}`)).statusCode, 404);
    const denied = await db().selectFrom('audit_events').select(['subject_id']).where('action', '=', 'protection.measures.view').where('outcome', '=', 'denied').where('actor_user_id', '=', northManagerId).execute();
    assert.deepEqual(denied.map((d) => d.subject_id), [south, 'council', south]);

    await db().insertInto('restricted_access').values({ child_id: dee, user_id: northManagerId, granted_by: null }).execute();
    try {
      const named = textOf((await northManager.get('/protection/measures')).body);
      assert.match(named, /Contacts 1 Referrals 3 Re-referrals within 12 months 33\.3% 1 of 3/);
      assert.match(named, /Child protection plans begun 3 Second or subsequent plans 33\.3% 1 of 3/);
      assert.doesNotMatch(named, /Kit|Dee/);
      // The head of service, not named on her, sees the same as before.
      assert.match(textOf((await head.get('/protection/measures')).body), /Contacts 3 Referrals 4 /);
    } finally {
      await db().deleteFrom('restricted_access').where('child_id', '=', dee).execute();
    }
  });

  test('a service manager sees their service and its teams, not another service’s team; a social worker gets 403', async () => {
    const text = textOf((await southManager.get('/protection/measures')).body);
    assert.match(text, /Protection South service/);
    assert.match(text, /Section 47 enquiries that led to an initial conference 0% 0 of 1/);
    assert.equal((await southManager.get(`/protection/measures?show=${south}`)).statusCode, 200);
    assert.equal((await southManager.get(`/protection/measures?show=${north}`)).statusCode, 404);
    assert.equal((await worker.get('/protection/measures')).statusCode, 403);
    assert.equal((await worker.get('/protection/measures.csv')).statusCode, 403);
  });

  test('the CSV holds the page’s figures month by month, counts and never names', async () => {
    const csv = await head.get('/protection/measures.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.trim().split(/\r?\n/);
    assert.equal(
      lines[0],
      'unit,month,contacts,contacts_no_further_action,contacts_advice,contacts_early_help,contacts_referral,contacts_other_agency,contacts_awaiting,referrals,re_referrals_within_12_months,assessments_completed,assessments_within_45_working_days,s47_enquiries_started,s47_enquiries_led_to_icpc,s47_enquiries_ended_without_icpc,s47_enquiries_under_way,icpcs,icpcs_within_15_working_days,cp_plans_started,cp_plans_started_NEG,cp_plans_started_PHY,cp_plans_started_SAB,cp_plans_started_EMO,cp_plans_started_MUL,cp_plans_second_or_subsequent,cp_plans_ended,cp_plans_ended_lasting_two_years_or_more',
    );
    assert.equal(lines.length, 14);
    assert.ok(lines.includes('The council,2026-09,1,0,0,0,1,0,0,1,1,0,0,2,2,0,0,1,1,1,1,0,0,0,0,0,0,0'), csv.body);
    assert.ok(lines.includes('The council,2026-10,0,0,0,0,0,0,0,0,0,1,1,0,0,0,0,1,0,1,0,0,0,1,0,1,0,0'), csv.body);
    assert.ok(lines.includes('The council,2026-06,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1'), csv.body);
    assert.doesNotMatch(csv.body, /Kit|Ada|Dee/);
  });
});
