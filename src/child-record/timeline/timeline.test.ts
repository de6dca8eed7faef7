import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'kysely';
import { distanceMiles } from '../../reference/geography.ts';
import { appForSuite, Agent, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { startCpPlan } from './service.ts';
import { readCpPlan } from './forms.ts';
import { insertChild } from '../../../test/support/records.ts';
import { allocate } from '../../../test/support/caseload-helpers.ts';

const HOME = 'BN21 4AB'; // Eastbourne, East Sussex
const IN_AREA = 'TN34 1AA'; // Hastings, East Sussex
const OUT_OF_AREA = 'ME4 4AA'; // Chatham, Medway

describeEachEngine('the case timeline', (use) => {
  const t = appForSuite(use);
  let teamId: string;
  let workerId: string;
  let worker: Agent;
  let outsider: Agent;
  let serial = 0;

  before(async () => {
    const db = use().db;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db, { prefix: 'tl', team: 'Timeline team', worker: 'Tina Worker', outsider: 'Otto Outsider' }));
  });

  /** A child allocated to the worker, living at HOME since birth. */
  async function newChild(dateOfBirth = '2012-05-10'): Promise<string> {
    const db = use().db;
    serial += 1;
    const childId = await insertChild(db, { laChildId: `TL${String(serial).padStart(4, '0')}`, forename: 'Tia', surname: `Timeline${serial}`, dateOfBirth, sex: 'F' });
    await allocate(db, { childId, teamId, workerId, start: '2024-01-01' });
    await db.insertInto('addresses').values({ person_id: childId, line1: '1 Sea Road', town: 'Eastbourne', postcode: HOME, start_date: dateOfBirth }).execute();
    return childId;
  }

  const count = async (table: 'contacts' | 'referrals' | 'cp_plans' | 'care_episodes' | 'care_leavers', childId: string) => {
    const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE child_id = ${childId}`.execute(use().db);
    return result.rows[0]!.n;
  };
  const status = (childId: string) => use().db.selectFrom('child_status').selectAll().where('child_id', '=', childId).executeTakeFirstOrThrow();
  const audits = (childId: string, action: string) =>
    use().db.selectFrom('audit_events').selectAll().where('subject_id', '=', childId).where('action', '=', action).orderBy('id').execute();

  /** Opens the form (so the agent holds a fresh CSRF token), then posts it. */
  async function submit(path: string, form: Record<string, string>) {
    const page = await worker.get(path);
    assert.equal(page.statusCode, 200, `GET ${path}`);
    return worker.post(path, form);
  }

  /** A refusal: 400, the error summary links to the field and says why, nothing stored. */
  async function assertRefused(
    childId: string,
    table: Parameters<typeof count>[0],
    path: string,
    form: Record<string, string>,
    field: string,
    message: RegExp,
  ) {
    const before = await count(table, childId);
    const response = await submit(path, form);
    assert.equal(response.statusCode, 400, `${path} refused`);
    assert.match(textOf(response.body), /There is a problem/);
    assert.match(response.body, new RegExp(`href="#${field}"`), `the summary links to ${field}`);
    assert.match(textOf(response.body), message);
    assert.equal(await count(table, childId), before, 'nothing stored');
    return response;
  }

  test('an empty timeline says so, and viewing it is audited', async () => {
    const childId = await newChild();
    const page = await worker.get(`/children/${childId}/timeline`);
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /Nothing has been recorded on Tia’s timeline yet/);
    assert.match(page.body, /aria-current="page"[^>]*>Timeline|href="[^"]+\/timeline" aria-current="page"/);
    assert.equal((await audits(childId, 'child.view.timeline')).at(-1)?.outcome, 'allowed');
  });

  test('contacts are recorded at the front door; the timeline lists each with its decision, and links there', async () => {
    const childId = await newChild();
    await use().db.insertInto('contacts').values([
      { child_id: childId, contact_date: '2026-10-01', source: '2A', outcome: 'referral', summary: 'School raised concerns about bruising.', recorded_by: workerId },
      { child_id: childId, contact_date: '2026-11-20', source: '3A', outcome: null, summary: null, recorded_by: workerId },
    ]).execute();
    const page = await worker.get(`/children/${childId}/timeline`);
    const text = textOf(page.body);
    assert.match(page.body, new RegExp(`href="/children/${childId}/protection/contacts/new"`), 'Record a contact opens the front door’s form');
    assert.match(text, /2A: SCHOOLS/);
    assert.match(text, /Decision: Referral to children’s social care/);
    assert.match(text, /Decision: Awaiting decision/);
    assert.match(text, /1 October 2026/);
  });

  test('a referral opens a child in need episode and closing it ends it; both are audited', async () => {
    const childId = await newChild();
    const opened = await submit(`/children/${childId}/timeline/referrals/new`, { ...dateFields('referralDate', '2026-03-02'), source: '6', primaryNeed: 'N1' });
    assert.equal(opened.statusCode, 303);
    assert.equal((await status(childId)).status, 'child_in_need');
    const referral = await use().db.selectFrom('referrals').selectAll().where('child_id', '=', childId).executeTakeFirstOrThrow();
    const page = textOf((await worker.get(`/children/${childId}/timeline`)).body);
    assert.match(page, /6: POLICE/);
    assert.match(page, /N1: Abuse or neglect/);
    assert.match(page, /Referral: open as a child in need/);

    const closed = await submit(`/children/${childId}/timeline/referrals/${referral.id}/close`, { ...dateFields('closeDate', '2026-09-30'), closureReason: 'RC7' });
    assert.equal(closed.statusCode, 303);
    const row = await use().db.selectFrom('referrals').selectAll().where('id', '=', referral.id).executeTakeFirstOrThrow();
    assert.equal(row.close_date, '2026-09-30');
    assert.equal(row.closure_reason, 'RC7');
    assert.equal((await status(childId)).status, 'closed');
    assert.equal((await audits(childId, 'child.referral.open')).at(-1)?.outcome, 'allowed');
    assert.equal((await audits(childId, 'child.referral.close')).at(-1)?.outcome, 'allowed');
    assert.equal((await worker.get(`/children/${childId}/timeline/referrals/${referral.id}/close`)).statusCode, 404, 'a closed referral cannot be closed again');
  });

  test('a referral overlapping another is refused; one starting the day the last closed is accepted', async () => {
    const childId = await newChild();
    const db = use().db;
    await db.insertInto('referrals').values({ child_id: childId, referral_date: '2025-01-06', source: '2A', primary_need: 'N4', close_date: '2025-04-01', closure_reason: 'RC7' }).execute();
    const path = `/children/${childId}/timeline/referrals/new`;
    await assertRefused(childId, 'referrals', path, { ...dateFields('referralDate', '2025-03-01'), source: '6', primaryNeed: 'N1' }, 'referralDate-day', /Referral date overlaps the referral from 6 January 2025 to 1 April 2025/);
    assert.equal((await submit(path, { ...dateFields('referralDate', '2025-04-01'), source: '6', primaryNeed: 'N1' })).statusCode, 303);
    await assertRefused(childId, 'referrals', path, { ...dateFields('referralDate', '2026-01-05'), source: '6', primaryNeed: 'N1' }, 'referralDate-day', /a referral has been open since 1 April 2025/);
  });

  test('a referral with a primary need outside N0–N9 is refused', async () => {
    const childId = await newChild();
    await assertRefused(
      childId,
      'referrals',
      `/children/${childId}/timeline/referrals/new`,
      { ...dateFields('referralDate', '2026-03-02'), source: '6', primaryNeed: 'N10' },
      'primaryNeed',
      /Primary need must be one of the codes listed/,
    );
  });

  test('closing a referral before it started, or with an unknown reason, is refused', async () => {
    const childId = await newChild();
    const referral = await use()
      .db.insertInto('referrals')
      .values({ child_id: childId, referral_date: '2026-03-02', source: '6', primary_need: 'N1' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `/children/${childId}/timeline/referrals/${referral.id}/close`;
    const response = await submit(path, { ...dateFields('closeDate', '2026-03-01'), closureReason: 'RC10' });
    assert.equal(response.statusCode, 400);
    assert.match(textOf(response.body), /Closure date must be on or after the date the referral started, 2 March 2026/);
    assert.match(textOf(response.body), /Reason for closure must be one of the codes listed/);
    const row = await use().db.selectFrom('referrals').selectAll().where('id', '=', referral.id).executeTakeFirstOrThrow();
    assert.equal(row.close_date, null, 'still open');
  });

  test('a child protection plan starts, changes category and ends; the status is derived from it', async () => {
    const childId = await newChild();
    const referral = await use()
      .db.insertInto('referrals')
      .values({ child_id: childId, referral_date: '2026-02-02', source: '6', primary_need: 'N1' })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.equal((await submit(`/children/${childId}/timeline/cp-plans/new`, { ...dateFields('startDate', '2026-03-02'), category: 'NEG' })).statusCode, 303);
    const plan = await use().db.selectFrom('cp_plans').selectAll().where('child_id', '=', childId).executeTakeFirstOrThrow();
    assert.equal(plan.referral_id, referral.id, 'linked to the open child in need episode');
    assert.equal((await status(childId)).status, 'child_protection');
    assert.equal((await status(childId)).cp_category, 'NEG');

    assert.equal((await submit(`/children/${childId}/timeline/cp-plans/${plan.id}/category`, { category: 'EMO' })).statusCode, 303);
    const changed = await use().db.selectFrom('cp_plans').selectAll().where('id', '=', plan.id).executeTakeFirstOrThrow();
    assert.deepEqual([changed.initial_category, changed.latest_category], ['NEG', 'EMO']);
    const page = textOf((await worker.get(`/children/${childId}/timeline`)).body);
    assert.match(page, /Initial category: NEG: Neglect/);
    assert.match(page, /Latest category: EMO: Emotional abuse/);

    assert.equal((await submit(`/children/${childId}/timeline/cp-plans/${plan.id}/end`, dateFields('endDate', '2026-09-01'))).statusCode, 303);
    assert.equal((await status(childId)).status, 'child_in_need');
    for (const action of ['child.cp-plan.start', 'child.cp-plan.category', 'child.cp-plan.end']) {
      assert.equal((await audits(childId, action)).at(-1)?.outcome, 'allowed', action);
    }
  });

  test('a child protection plan overlapping an earlier one is refused; one starting the day it ended is accepted', async () => {
    const childId = await newChild();
    await use().db.insertInto('cp_plans').values({ child_id: childId, start_date: '2025-02-03', end_date: '2025-08-04', initial_category: 'PHY', latest_category: 'PHY' }).execute();
    const path = `/children/${childId}/timeline/cp-plans/new`;
    await assertRefused(childId, 'cp_plans', path, { ...dateFields('startDate', '2025-08-01'), category: 'NEG' }, 'startDate-day', /Start date overlaps the child protection plan from 3 February 2025 to 4 August 2025/);
    assert.equal((await submit(path, { ...dateFields('startDate', '2025-08-04'), category: 'NEG' })).statusCode, 303);
    await assertRefused(childId, 'cp_plans', path, { ...dateFields('startDate', '2026-01-05'), category: 'MUL' }, 'startDate-day', /a child protection plan has been open since 4 August 2025/);
  });

  test('a child protection plan with an unknown category is refused', async () => {
    const childId = await newChild();
    await assertRefused(childId, 'cp_plans', `/children/${childId}/timeline/cp-plans/new`, { ...dateFields('startDate', '2026-03-02'), category: 'XYZ' }, 'category', /Initial category of abuse must be one of the codes listed/);
  });

  test('ending a child protection plan before it started is refused', async () => {
    const childId = await newChild();
    const plan = await use()
      .db.insertInto('cp_plans')
      .values({ child_id: childId, start_date: '2026-03-02', initial_category: 'NEG', latest_category: 'NEG' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const response = await submit(`/children/${childId}/timeline/cp-plans/${plan.id}/end`, dateFields('endDate', '2026-03-01'));
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /href="#endDate-day"/);
    assert.match(textOf(response.body), /End date must be on or after the date the plan started, 2 March 2026/);
    assert.equal((await use().db.selectFrom('cp_plans').select('end_date').where('id', '=', plan.id).executeTakeFirstOrThrow()).end_date, null);
  });

  test('starting to be looked after records the placement, its distance from home and whether it is out of area', async () => {
    const childId = await newChild();
    const response = await submit(`/children/${childId}/timeline/care-episodes/new`, {
      ...dateFields('startDate', '2026-04-01'),
      reasonNewEpisode: 'S',
      legalStatus: 'V2',
      primaryNeed: 'N1',
      placementType: 'U6',
      placementProvider: 'PR4',
      placementPostcode: 'me44aa',
      placementUrn: 'sc123456',
    });
    assert.equal(response.statusCode, 303);
    const episode = await use().db.selectFrom('care_episodes').selectAll().where('child_id', '=', childId).executeTakeFirstOrThrow();
    assert.equal(episode.placement_postcode, OUT_OF_AREA, 'the postcode is stored in its standard form');
    assert.equal(episode.placement_urn, 'SC123456');
    assert.equal(episode.home_postcode, HOME, 'the address open on the start date');
    const miles = distanceMiles(HOME, OUT_OF_AREA);
    assert.ok(miles !== null && miles > 20);
    assert.equal(Number(episode.placement_distance_miles), miles);
    assert.equal(episode.placement_out_of_area, true);
    const current = await status(childId);
    assert.equal(current.status, 'looked_after');
    assert.equal(current.legal_status, 'V2');
    const page = textOf((await worker.get(`/children/${childId}/timeline`)).body);
    assert.match(page, /V2: Single period of accommodation under section 20/);
    assert.match(page, /U6: Foster placement with other foster carer\(s\)/);
    assert.match(page, /PR4: Private provision/);
    assert.match(page, new RegExp(`Outside the council’s area, ${miles} miles from home \\(${HOME}\\)`));
    assert.equal((await audits(childId, 'child.care-episode.start')).at(-1)?.outcome, 'allowed');
  });

  test('a change of placement ends the open episode the same day (X1) with the reason for the change', async () => {
    const childId = await newChild();
    const path = `/children/${childId}/timeline/care-episodes/new`;
    const first = { reasonNewEpisode: 'S', legalStatus: 'C1', primaryNeed: 'N1', placementType: 'U6', placementProvider: 'PR4', placementPostcode: OUT_OF_AREA };
    assert.equal((await submit(path, { ...dateFields('startDate', '2026-01-05'), ...first })).statusCode, 303);
    // The form opens with the current episode's values, so only what changed is edited.
    const form = await worker.get(path);
    assert.match(form.body, new RegExp(`name="placementPostcode" type="text" spellcheck="false" value="${OUT_OF_AREA}"`));

    const moved = await submit(path, { ...dateFields('startDate', '2026-06-01'), ...first, reasonNewEpisode: 'P', placementType: 'U4', placementProvider: 'PR1', placementPostcode: IN_AREA, reasonPlaceChange: 'CARPL' });
    assert.equal(moved.statusCode, 303);
    const legal = await submit(path, { ...dateFields('startDate', '2026-09-01'), ...first, reasonNewEpisode: 'L', legalStatus: 'C2', placementType: 'U4', placementProvider: 'PR1', placementPostcode: IN_AREA });
    assert.equal(legal.statusCode, 303);

    const episodes = await use().db.selectFrom('care_episodes').selectAll().where('child_id', '=', childId).orderBy('start_date').execute();
    assert.deepEqual(
      episodes.map((e) => [e.start_date, e.end_date, e.reason_new_episode, e.reason_ceased, e.reason_place_change, e.legal_status, e.placement_out_of_area]),
      [
        ['2026-01-05', '2026-06-01', 'S', 'X1', 'CARPL', 'C1', true],
        ['2026-06-01', '2026-09-01', 'P', 'X1', null, 'C1', false],
        ['2026-09-01', null, 'L', null, null, 'C2', false],
      ],
    );
    assert.equal(Number(episodes[1]!.placement_distance_miles), distanceMiles(HOME, IN_AREA));
    assert.equal((await status(childId)).legal_status, 'C2');
  });

  test('a temporary move (T0 to T4) or another placement (Z1) needs no provider, and keeps none (SSDA903 rule 213)', async () => {
    const childId = await newChild();
    const path = `/children/${childId}/timeline/care-episodes/new`;
    const start = { ...dateFields('startDate', '2026-01-05'), reasonNewEpisode: 'S', legalStatus: 'C1', primaryNeed: 'N1', placementType: 'U6', placementProvider: 'PR4', placementPostcode: IN_AREA };
    assert.equal((await submit(path, start)).statusCode, 303);
    const hospital = await submit(path, { ...start, ...dateFields('startDate', '2026-02-10'), reasonNewEpisode: 'P', placementType: 'T1', placementProvider: 'PR4', placementPostcode: OUT_OF_AREA, reasonPlaceChange: 'OTHER' });
    assert.equal(hospital.statusCode, 303, hospital.body);
    const other = await submit(path, { ...start, ...dateFields('startDate', '2026-02-20'), reasonNewEpisode: 'P', placementType: 'Z1', placementProvider: '', placementPostcode: IN_AREA, reasonPlaceChange: 'OTHER' });
    assert.equal(other.statusCode, 303, other.body);
    const episodes = await use().db.selectFrom('care_episodes').select(['placement_type', 'placement_provider']).where('child_id', '=', childId).orderBy('start_date').execute();
    assert.deepEqual(episodes, [
      { placement_type: 'U6', placement_provider: 'PR4' },
      { placement_type: 'T1', placement_provider: null },
      { placement_type: 'Z1', placement_provider: null },
    ]);
  });

  test('care episodes: bad dates, mismatched reasons, unknown codes and malformed postcodes are refused', async () => {
    const childId = await newChild();
    const path = `/children/${childId}/timeline/care-episodes/new`;
    const placement = { legalStatus: 'C1', primaryNeed: 'N1', placementType: 'U6', placementProvider: 'PR4', placementPostcode: IN_AREA };
    const refused = (form: Record<string, string>, field: string, message: RegExp) => assertRefused(childId, 'care_episodes', path, form, field, message);

    await refused({ ...dateFields('startDate', '2026-01-05'), reasonNewEpisode: 'P', ...placement }, 'reasonNewEpisode', /Reason for new episode must be "S: Started to be looked after"/);
    await refused({ ...dateFields('startDate', '2026-01-05'), reasonNewEpisode: 'S', ...placement, placementPostcode: 'BN21' }, 'placementPostcode', /Placement postcode must be a real UK postcode/);
    await refused({ ...dateFields('startDate', '2026-01-05'), reasonNewEpisode: 'S', ...placement, legalStatus: 'Z9' }, 'legalStatus', /Legal status must be one of the codes listed: "Z9"/);
    await refused({ ...dateFields('startDate', '2026-01-05'), reasonNewEpisode: 'S', ...placement, primaryNeed: 'N9' }, 'primaryNeed', /Category of need must be one of the codes listed/);
    await refused({ ...dateFields('startDate', '2026-01-05'), reasonNewEpisode: 'S', ...placement, placementUrn: 'SC-1' }, 'placementUrn', /Ofsted URN must be 6 to 8 letters and numbers/);
    await refused({ ...dateFields('startDate', '2027-01-05'), reasonNewEpisode: 'S', ...placement }, 'startDate-day', /Start date must be today or in the past/);
    // SSDA903 rules 526 and 213: a provider for every placement but the temporary moves (T0 to T4) and other placements (Z1).
    await refused({ ...dateFields('startDate', '2026-01-05'), reasonNewEpisode: 'S', ...placement, placementProvider: '' }, 'placementProvider', /Select who provides the placement/);

    // An earlier period of care, ended; then an open one.
    const db = use().db;
    await db
      .insertInto('care_episodes')
      .values({ child_id: childId, start_date: '2024-02-01', end_date: '2024-10-01', reason_ceased: 'E4A', reason_new_episode: 'S', legal_status: 'V2', primary_need: 'N4', placement_type: 'U6', placement_provider: 'PR1', placement_postcode: IN_AREA })
      .execute();
    await refused({ ...dateFields('startDate', '2024-09-01'), reasonNewEpisode: 'S', ...placement }, 'startDate-day', /Start date overlaps the care episode from 1 February 2024 to 1 October 2024/);
    assert.equal((await submit(path, { ...dateFields('startDate', '2026-01-05'), reasonNewEpisode: 'S', ...placement })).statusCode, 303);

    await refused({ ...dateFields('startDate', '2026-01-04'), reasonNewEpisode: 'L', ...placement, legalStatus: 'C2' }, 'startDate-day', /Start date must be after 5 January 2026, when the current care episode started/);
    await refused({ ...dateFields('startDate', '2026-03-01'), reasonNewEpisode: 'S', ...placement, legalStatus: 'C2' }, 'reasonNewEpisode', /cannot be "S: Started to be looked after": the child is already looked after/);
    await refused({ ...dateFields('startDate', '2026-03-01'), reasonNewEpisode: 'P', ...placement, legalStatus: 'C2' }, 'reasonNewEpisode', /only the legal status changed, so choose L/);
    await refused({ ...dateFields('startDate', '2026-03-01'), reasonNewEpisode: 'L', ...placement }, 'reasonNewEpisode', /the legal status and the placement are the same as in the current episode/);
    await refused({ ...dateFields('startDate', '2026-03-01'), reasonNewEpisode: 'P', ...placement, placementPostcode: OUT_OF_AREA }, 'reasonPlaceChange', /Select the reason for the placement change/);
    await refused(
      { ...dateFields('startDate', '2026-03-01'), reasonNewEpisode: 'P', ...placement, placementPostcode: OUT_OF_AREA, reasonPlaceChange: 'NOPE' },
      'reasonPlaceChange',
      /Reason for placement change must be one of the codes listed/,
    );
    const open = await db.selectFrom('care_episodes').selectAll().where('child_id', '=', childId).where('end_date', 'is', null).executeTakeFirstOrThrow();
    assert.equal(open.start_date, '2026-01-05', 'the open episode was left as it was');
  });

  test('care ends with a reason; X1 is refused there, and so is an end before the start', async () => {
    const childId = await newChild();
    const episode = await use()
      .db.insertInto('care_episodes')
      .values({ child_id: childId, start_date: '2026-01-05', reason_new_episode: 'S', legal_status: 'V2', primary_need: 'N1', placement_type: 'U6', placement_provider: 'PR1', placement_postcode: IN_AREA })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `/children/${childId}/timeline/care-episodes/${episode.id}/end`;
    const x1 = await submit(path, { ...dateFields('endDate', '2026-06-01'), reasonCeased: 'X1' });
    assert.equal(x1.statusCode, 400);
    assert.match(x1.body, /href="#reasonCeased"/);
    assert.match(textOf(x1.body), /Reason care ended cannot be X1/);
    const early = await submit(path, { ...dateFields('endDate', '2026-01-04'), reasonCeased: 'E4A' });
    assert.equal(early.statusCode, 400);
    assert.match(textOf(early.body), /Date care ended must be on or after the date the care episode started, 5 January 2026/);
    assert.equal((await status(childId)).status, 'looked_after');

    assert.equal((await submit(path, { ...dateFields('endDate', '2026-06-01'), reasonCeased: 'E4A' })).statusCode, 303);
    const ended = await use().db.selectFrom('care_episodes').selectAll().where('id', '=', episode.id).executeTakeFirstOrThrow();
    assert.deepEqual([ended.end_date, ended.reason_ceased], ['2026-06-01', 'E4A']);
    assert.equal((await status(childId)).status, 'closed');
    assert.match(textOf((await worker.get(`/children/${childId}/timeline`)).body), /E4A: Returned home to live with parent/);
  });

  test('care leaver category is set, changed and cleared; a child under 16 is refused', async () => {
    const young = await newChild('2015-06-01');
    await assertRefused(young, 'care_leavers', `/children/${young}/timeline/care-leaver`, { category: 'eligible' }, 'category', /applies from the age of 16: the child turns 16 on 1 June 2031/);

    const childId = await newChild('2009-03-01');
    const path = `/children/${childId}/timeline/care-leaver`;
    await assertRefused(childId, 'care_leavers', path, { category: 'graduate' }, 'category', /Care leaver category must be one of the options listed/);
    assert.equal((await submit(path, { category: 'eligible' })).statusCode, 303);
    assert.equal((await submit(path, { category: 'relevant' })).statusCode, 303);
    assert.equal((await status(childId)).care_leaver_category, 'relevant');
    assert.equal(await count('care_leavers', childId), 1);
    await worker.get(path);
    assert.equal((await worker.post(`${path}/clear`)).statusCode, 303);
    assert.equal(await count('care_leavers', childId), 0);
    assert.equal((await audits(childId, 'child.care-leaver.set')).filter((r) => r.outcome === 'allowed').length, 2);
    assert.equal((await audits(childId, 'child.care-leaver.clear')).at(-1)?.outcome, 'allowed');
  });

  test('someone without access gets 404 on every page and form, nothing is stored, and each refusal is audited', async () => {
    const childId = await newChild();
    const db = use().db;
    const referral = await db.insertInto('referrals').values({ child_id: childId, referral_date: '2026-02-02', source: '6', primary_need: 'N1' }).returning('id').executeTakeFirstOrThrow();
    const plan = await db.insertInto('cp_plans').values({ child_id: childId, start_date: '2026-03-02', initial_category: 'NEG', latest_category: 'NEG' }).returning('id').executeTakeFirstOrThrow();
    const episode = await db
      .insertInto('care_episodes')
      .values({ child_id: childId, start_date: '2026-04-01', reason_new_episode: 'S', legal_status: 'V2', primary_need: 'N1', placement_type: 'U6', placement_provider: 'PR1', placement_postcode: IN_AREA })
      .returning('id')
      .executeTakeFirstOrThrow();
    const base = `/children/${childId}/timeline`;
    const forms: [string, Record<string, string>][] = [
      [`/children/${childId}/protection/contacts/new`, { ...dateFields('contactDate', '2026-10-01'), source: '2A', worriedPerson: 'Teacher', reason: 'Bruising', consent: 'given' }],
      [`${base}/referrals/new`, { ...dateFields('referralDate', '2026-10-01'), source: '6', primaryNeed: 'N1' }],
      [`${base}/referrals/${referral.id}/close`, { ...dateFields('closeDate', '2026-10-01'), closureReason: 'RC7' }],
      [`${base}/cp-plans/new`, { ...dateFields('startDate', '2026-10-01'), category: 'NEG' }],
      [`${base}/cp-plans/${plan.id}/end`, dateFields('endDate', '2026-10-01')],
      [`${base}/cp-plans/${plan.id}/category`, { category: 'EMO' }],
      [`${base}/care-episodes/new`, { ...dateFields('startDate', '2026-10-01'), reasonNewEpisode: 'P', legalStatus: 'V2', primaryNeed: 'N1', placementType: 'U4', placementProvider: 'PR1', placementPostcode: IN_AREA, reasonPlaceChange: 'CARPL' }],
      [`${base}/care-episodes/${episode.id}/end`, { ...dateFields('endDate', '2026-10-01'), reasonCeased: 'E4A' }],
      [`${base}/care-leaver`, { category: 'eligible' }],
    ];
    const tables = ['contacts', 'referrals', 'cp_plans', 'care_episodes', 'care_leavers'] as const;
    const sizes = async () => Promise.all(tables.map((table) => count(table, childId)));
    const before = await sizes();
    const deniedBefore = (await db.selectFrom('audit_events').select('id').where('subject_id', '=', childId).where('outcome', '=', 'denied').execute()).length;

    const timeline = await outsider.get(base);
    assert.equal(timeline.statusCode, 404);
    assert.doesNotMatch(timeline.body, /Timeline\d/);
    for (const [path, form] of forms) {
      assert.equal((await outsider.get(path)).statusCode, 404, `GET ${path}`);
      await outsider.get('/');
      assert.equal((await outsider.post(path, form)).statusCode, 404, `POST ${path}`);
    }
    await outsider.get('/');
    assert.equal((await outsider.post(`${base}/care-leaver/clear`)).statusCode, 404);

    assert.deepEqual(await sizes(), before, 'nothing stored');
    const denied = await db.selectFrom('audit_events').selectAll().where('subject_id', '=', childId).where('outcome', '=', 'denied').execute();
    assert.equal(denied.length - deniedBefore, 1 + forms.length * 2 + 1, 'every refusal audited');
    assert.ok(denied.every((row) => row.actor_email === 'tl-outsider@example.org'));
  });

  test('partial or old data still shows: missing postcodes and providers, codes no longer in the DfE sets, unknown outcomes', async () => {
    const childId = await newChild();
    const db = use().db;
    await db.insertInto('contacts').values({ child_id: childId, contact_date: '2020-01-06', source: '2A', outcome: 'an outcome from an old system', summary: null }).execute();
    await db.insertInto('referrals').values({ child_id: childId, referral_date: '2020-01-07', source: '2A', primary_need: null }).execute();
    await db
      .insertInto('care_episodes')
      .values([
        { child_id: childId, start_date: '2020-02-01', end_date: '2020-03-01', reason_ceased: 'X1', reason_new_episode: 'S', legal_status: 'V1', primary_need: 'N1', placement_type: 'F1', placement_provider: null, placement_postcode: null },
        { child_id: childId, start_date: '2020-03-01', reason_new_episode: 'P', legal_status: 'V1', primary_need: 'N1', placement_type: 'U6', placement_provider: null, placement_postcode: null },
      ])
      .execute();
    await db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: teamId, worker_id: null, start_date: '2019-12-01', end_date: '2024-01-01' }).execute();
    const timeline = await worker.get(`/children/${childId}/timeline`);
    assert.equal(timeline.statusCode, 200);
    const text = textOf(timeline.body);
    assert.match(text, /an outcome from an old system/);
    assert.match(text, /Legal status: V1: V1/, 'a code the DfE no longer lists is shown as it was stored');
    assert.match(text, /Area not known, no home address recorded|Area not known, distance from home not known/);
    const chronology = await worker.get(`/children/${childId}/chronology`);
    assert.equal(chronology.statusCode, 200);
    assert.match(textOf(chronology.body), /Waiting for a social worker/);
    assert.match(textOf(chronology.body), /Placement changed/);
  });

  test('two plans started at once for the same child: the second waits for the first and is refused', async () => {
    const childId = await newChild();
    const viewer = { id: workerId, role: 'social_worker' as const, teamId, serviceId: null };
    const context = { actorUserId: workerId, actorEmail: 'tl-worker@example.org', requestId: null, ip: null, at: t.clock.now() };
    const actor = { db: use().db, viewer, context, childId, today: TEST_TODAY };
    const results = await Promise.all([
      startCpPlan(actor, readCpPlan({ ...dateFields('startDate', '2026-05-01'), category: 'NEG' })),
      startCpPlan(actor, readCpPlan({ ...dateFields('startDate', '2026-06-01'), category: 'PHY' })),
    ]);
    assert.deepEqual(results.map((r) => r.ok).sort(), [false, true]);
    assert.equal(await count('cp_plans', childId), 1);
  });
});
