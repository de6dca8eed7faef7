import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, Agent, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { allocate } from '../../../test/support/caseload-helpers.ts';
import { insertChild } from '../../../test/support/records.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { recordTeam } from '../../../test/support/record-team.ts';

// TEST_TODAY is Monday 23 November 2026.
describeEachEngine('visits and due dates on a child’s record', (use) => {
  const t = appForSuite(use);
  let workerId: string;
  let managerId: string;
  let iroId: string;
  let worker: Agent;
  let outsider: Agent;
  let inCare: string;
  let onPlan: string;
  const db = () => use().db;

  before(async () => {
    let teamId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'vi', team: 'Visits team', worker: 'Val Visitor', outsider: 'Otto Outsider' }));
    managerId = await createUser(db(), { email: 'vi-agreeing-manager@example.org', role: 'team_manager', teamId, name: 'Tessa Teamlead' });
    iroId = await createUser(db(), { email: 'vi-iro@example.org', role: 'iro', name: 'Ira Reviewer' });
    const child = async (la: string, surname: string) =>
      (
        await db()
          .insertInto('people')
          .values({ is_child: true, la_child_id: la, forename: 'Robin', surname, date_of_birth: '2014-05-02', sex: 'F' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    inCare = await child('VI0001', 'Faraway');
    onPlan = await child('VI0002', 'Nearby');
    await db()
      .insertInto('allocations')
      .values([
        { child_id: inCare, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2026-01-05' },
        { child_id: onPlan, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2026-01-05' },
      ])
      .execute();
    // Placed in Manchester, far outside East Sussex, since 1 September; last seen on 1 October.
    await db()
      .insertInto('care_episodes')
      .values({
        child_id: inCare,
        start_date: '2026-09-01',
        reason_new_episode: 'S',
        legal_status: 'C2',
        primary_need: 'N1',
        placement_type: 'U3',
        placement_provider: 'PR1',
        placement_postcode: 'M1 1AE',
        placement_out_of_area: true,
        placement_distance_miles: 200,
      })
      .execute();
    await db()
      .insertInto('visits')
      .values({
        child_id: inCare,
        kind: 'social_worker',
        visit_date: '2026-09-03',
        visitor_id: workerId,
        child_seen: true,
        seen_alone: true,
        bedroom_seen: true,
        note: 'Settling in.',
        recorded_by: workerId,
        recorded_at: new Date('2026-09-03T16:00:00Z'),
      })
      .execute();
    await db().insertInto('referrals').values({ child_id: onPlan, referral_date: '2026-10-01', source: '6', primary_need: 'N1' }).execute();
    await db().insertInto('cp_plans').values({ child_id: onPlan, start_date: '2026-10-20', initial_category: 'NEG', latest_category: 'NEG' }).execute();
  });

  const visitForm = (overrides: Record<string, string> = {}) => ({
    ...dateFields('visitDate', '2026-11-23'),
    visitTime: '10:30',
    visitorId: workerId,
    locationPostcode: 'M1 1AE',
    virtual: 'in_person',
    childSeen: 'yes',
    seenAlone: 'yes',
    bedroomSeen: 'yes',
    note: 'Robin showed me her room and talked about school.',
    ...overrides,
  });

  test('the page shows what is due with its rule, and for a child placed out of area the distance and drive from the team base', async () => {
    const page = await worker.get(`/children/${inCare}/visits`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Visit \(child looked after\)/);
    assert.match(text, /15 October 2026\s+Overdue by 39 days/);
    assert.match(text, /At most 6 weeks after the last visit, in the first year of the placement/);
    assert.match(text, /reg 28\(2\)\(b\)(?!\()/);
    assert.match(text, /placed outside the council’s area \(M1 1AE\)/);
    assert.match(text, /From the Visits team base \(BN21 4AB\): \d+(\.\d)? miles in a straight line, about \d+ hours?( \d+ minutes)? each way by road/);
    assert.match(text, /Looked-after review/);
    const audit = await db().selectFrom('audit_events').select(['outcome']).where('subject_id', '=', inCare).where('action', '=', 'child.view.visits').execute();
    assert.equal(audit.at(-1)?.outcome, 'allowed');
  });

  test('the child’s summary shows what is due next and, placed out of area, the next visit with the journey', async () => {
    const text = textOf((await worker.get(`/children/${inCare}`)).body);
    assert.match(text, /Due next\s+Placed out of area: next visit due by 15 October 2026\s*, \d+(\.\d)? miles from the Visits team base, about/);
    assert.match(text, /Visit \(child looked after\): 15 October 2026\s+Overdue by 39 days/);
  });

  test('recording a visit where the child was seen clears the overdue visit, appears in the chronology and is audited', async () => {
    await worker.get(`/children/${inCare}/visits/new`);
    const saved = await worker.post(`/children/${inCare}/visits/new`, visitForm());
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/children/${inCare}/visits?done=visit`);
    const page = textOf((await worker.get(`/children/${inCare}/visits?done=visit`)).body);
    assert.match(page, /Visit recorded/);
    assert.doesNotMatch(page, /Visit \(child looked after\)\s+Since placement began 1 September 2026\s+15 October 2026/);
    assert.match(page, /4 January 2027\s+Due later/, 'the next visit is due 6 weeks after this one');
    const chronology = textOf((await worker.get(`/children/${inCare}/chronology`)).body);
    assert.match(chronology, /23 November 2026\s+Visit by Val Visitor/);
    const audit = await db().selectFrom('audit_events').select(['outcome']).where('subject_id', '=', inCare).where('action', '=', 'child.visit.create').execute();
    assert.deepEqual(audit.map((a) => a.outcome), ['allowed']);
  });

  test('bad input is refused with an error summary naming each field, and nothing is stored', async () => {
    const before = await db().selectFrom('visits').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await worker.get(`/children/${inCare}/visits/new`);
    const refused = await worker.post(
      `/children/${inCare}/visits/new`,
      visitForm({ ...dateFields('visitDate', '2026-12-01'), visitTime: '25:00', locationPostcode: 'NOT A POSTCODE', bedroomSeen: '', note: '' }),
    );
    assert.equal(refused.statusCode, 400);
    const text = textOf(refused.body);
    assert.match(text, /There is a problem/);
    for (const href of ['#visitDate-day', '#visitTime', '#locationPostcode', '#bedroomSeen', '#note']) assert.match(refused.body, new RegExp(`href="${href}"`));
    assert.match(text, /Date of visit must be today or in the past/);
    assert.match(text, /Select whether you saw the child’s bedroom/);
    const after = await db().selectFrom('visits').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
    const audit = await db().selectFrom('audit_events').select(['outcome', 'reason']).where('subject_id', '=', inCare).where('action', '=', 'child.visit.create').execute();
    assert.equal(audit.at(-1)?.outcome, 'failed');
  });

  test('a visit where the child was not seen needs a reason, is kept, and does not count', async () => {
    await worker.get(`/children/${onPlan}/visits/new`);
    const noReason = await worker.post(`/children/${onPlan}/visits/new`, visitForm({ childSeen: 'no', seenAlone: '', bedroomSeen: '' }));
    assert.equal(noReason.statusCode, 400);
    assert.match(textOf(noReason.body), /Enter why the child was not seen/);
    const before = textOf((await worker.get(`/children/${onPlan}/visits`)).body);
    assert.match(before, /Visit \(child protection plan\)[\s\S]*?3 November 2026\s+Overdue by 20 days/);
    const saved = await worker.post(`/children/${onPlan}/visits/new`, visitForm({ childSeen: 'no', seenAlone: '', bedroomSeen: '', unsuccessfulReason: 'No one answered the door' }));
    assert.equal(saved.statusCode, 303);
    const page = textOf((await worker.get(`/children/${onPlan}/visits`)).body);
    assert.match(page, /Not seen: No one answered the door/);
    assert.match(page, /3 November 2026\s+Overdue by 20 days/, 'still overdue');
  });

  // Working Together 2023 and the Care Planning, Placement and Case Review (England) Regulations 2010 reg 28:
  // the statutory visit is the child's own social worker, or a worker acting for them, seeing the child in person.
  test('Working Together 2023 and reg 28: a virtual visit, or one by someone who does not hold the child, is kept but does not meet the duty; a stand-in visiting for the worker does', async () => {
    const { teamId } = await createTeam(db(), 'Stand-in team');
    const holder = await createUser(db(), { email: 'vi-holder@example.org', role: 'social_worker', teamId, name: 'Hana Holder' });
    const colleague = await createUser(db(), { email: 'vi-colleague@example.org', role: 'social_worker', teamId, name: 'Cole Colleague' });
    const managerId = await createUser(db(), { email: 'vi-manager@example.org', role: 'team_manager', teamId, name: 'Mina Manager' });
    const childId = await insertChild(db(), { laChildId: 'VI0009', forename: 'Sky', surname: 'Standin', dateOfBirth: '2016-01-01', sex: 'F' });
    await allocate(db(), { childId, teamId, workerId: holder, start: '2026-09-01' });
    await db().insertInto('referrals').values({ child_id: childId, referral_date: '2026-10-01', source: '6', primary_need: 'N1' }).execute();
    await db().insertInto('cp_plans').values({ child_id: childId, start_date: '2026-10-20', initial_category: 'NEG', latest_category: 'NEG' }).execute();
    const holderAgent = await signedIn(t.app, 'vi-holder@example.org');
    const manager = await signedIn(t.app, 'vi-manager@example.org');
    const overdue = /Visit \(child protection plan\)[\s\S]*?3 November 2026\s+Overdue by 20 days/;
    const form = (overrides: Record<string, string>) => visitForm({ bedroomSeen: '', locationPostcode: 'BN21 4AB', ...overrides });

    await holderAgent.get(`/children/${childId}/visits/new`);
    assert.equal((await holderAgent.post(`/children/${childId}/visits/new`, form({ visitorId: holder, virtual: 'virtual', ...dateFields('visitDate', '2026-11-16') }))).statusCode, 303);
    let page = textOf((await holderAgent.get(`/children/${childId}/visits`)).body);
    assert.match(page, /Does not count as a statutory visit: not in person/);
    assert.match(page, overdue, 'a virtual visit leaves the visit owed');

    await manager.get(`/children/${childId}/visits/new`);
    assert.equal((await manager.post(`/children/${childId}/visits/new`, form({ visitorId: managerId, ...dateFields('visitDate', '2026-11-17') }))).statusCode, 303);
    page = textOf((await manager.get(`/children/${childId}/visits`)).body);
    assert.match(page, /Does not count as a statutory visit: not by a worker who held the child that day, nor for one/);
    assert.match(page, overdue, "a visit by someone who does not hold the child leaves it owed");

    const notAllocated = await manager.post(`/children/${childId}/visits/new`, form({ visitorId: managerId, onBehalfOf: colleague }));
    assert.equal(notAllocated.statusCode, 400);
    assert.match(textOf(notAllocated.body), /Select who the visit was for from the list: a worker who holds the child/);
    const forSelf = await holderAgent.post(`/children/${childId}/visits/new`, form({ visitorId: holder, onBehalfOf: holder }));
    assert.equal(forSelf.statusCode, 400);
    assert.match(forSelf.body, /href="#onBehalfOf"/);

    await manager.get(`/children/${childId}/visits/new`);
    const standIn = await manager.post(`/children/${childId}/visits/new`, form({ visitorId: managerId, onBehalfOf: holder, ...dateFields('visitDate', '2026-11-18') }));
    assert.equal(standIn.statusCode, 303);
    page = textOf((await manager.get(`/children/${childId}/visits`)).body);
    assert.match(page, /Mina Manager for Hana Holder/);
    assert.doesNotMatch(page, overdue, 'the stand-in’s visit meets the duty');
    const stored = await db().selectFrom('visits').select(['on_behalf_of']).where('child_id', '=', childId).where('visit_date', '=', '2026-11-18').executeTakeFirstOrThrow();
    assert.equal(stored.on_behalf_of, holder);
  });

  test('a plan’s visiting frequency needs a manager’s agreement (the IRO’s for short breaks) and stays within its ceiling', async () => {
    await worker.get(`/children/${onPlan}/visits/frequency`);
    const frequency = (fields: Record<string, string>) => worker.post(`/children/${onPlan}/visits/frequency`, { appliesTo: 'cp', everyN: '4', unit: 'weeks', ...dateFields('fromDate', '2026-10-20'), ...fields });
    const unagreed = await frequency({});
    assert.equal(unagreed.statusCode, 400);
    assert.match(textOf(unagreed.body), /Select who agreed the frequency/);
    const byWorker = await frequency({ agreedBy: workerId });
    assert.match(textOf(byWorker.body), /Select the manager who agreed the frequency/);
    const tooSlack = await frequency({ everyN: '12', agreedBy: managerId });
    assert.equal(tooSlack.statusCode, 400);
    assert.match(textOf(tooSlack.body), /Child protection plan: visits can be at most 4 weeks apart/);
    const breaksByManager = await frequency({ appliesTo: 'short_breaks', everyN: '2', unit: 'months', agreedBy: managerId });
    assert.match(textOf(breaksByManager.body), /Select the IRO who agreed the frequency: short breaks visits are agreed with the IRO \(regulation 48\)/);
    const breaksTooSlack = await frequency({ appliesTo: 'short_breaks', everyN: '9', unit: 'months', agreedBy: iroId });
    assert.match(textOf(breaksTooSlack.body), /visits can be at most 6 months apart/);
    const stored = await db().selectFrom('visit_frequencies').select((eb) => eb.fn.countAll<number>().as('n')).where('child_id', '=', onPlan).executeTakeFirstOrThrow();
    assert.equal(Number(stored.n), 0, 'nothing refused is stored');
  });

  test('a plan’s own visiting frequency moves its visits; its review conference is recorded on the plan, not here', async () => {
    await worker.get(`/children/${onPlan}/visits/frequency`);
    const freq = await worker.post(`/children/${onPlan}/visits/frequency`, { appliesTo: 'cp', everyN: '4', unit: 'weeks', agreedBy: managerId, ...dateFields('fromDate', '2026-10-20') });
    assert.equal(freq.statusCode, 303);
    let page = textOf((await worker.get(`/children/${onPlan}/visits`)).body);
    assert.match(page, /Visit \(child protection plan\)[\s\S]*?17 November 2026\s+Overdue by 6 days/);
    assert.match(page, /Child protection plan: every 4 weeks, from 20 October 2026 \(agreed by Tessa Teamlead, recorded by Val Visitor\)/);
    assert.match(page, /Child protection review conference[\s\S]*?20 January 2027/);
    await worker.get(`/children/${onPlan}/visits/events/new?kind=cp_review`);
    const held = await worker.post(`/children/${onPlan}/visits/events/new`, { kind: 'cp_review', ...dateFields('eventDate', '2026-11-20'), note: 'Plan continues.' });
    assert.equal(held.statusCode, 400, 'a bare event would move the review clock without the chair’s record');
    assert.match(textOf(held.body), /A child protection review conference is recorded on the child’s Help and protection tab \(Plans\), with its decision/);
    page = textOf((await worker.get(`/children/${onPlan}/visits`)).body);
    assert.match(page, /Child protection review conference[\s\S]*?20 January 2027/);
  });

  test('only events without a record of their own are recorded here: the others are refused, each naming where it is recorded, and nothing is stored', async () => {
    const form = await worker.get(`/children/${onPlan}/visits/events/new`);
    const offered = [...form.body.matchAll(/name="kind"[^>]*value="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(offered, ['referral_decision', 'cla_review', 'health_assessment', 'pep_review', 'needs_assessment', 'pathway_plan_review']);
    const before = await db().selectFrom('case_events').select('id').where('child_id', '=', onPlan).execute();
    const elsewhere: [string, RegExp][] = [
      ['strategy_discussion', /A strategy discussion is recorded on the child’s Help and protection tab \(Enquiries\)/],
      ['s47_no_conference', /The outcome of a section 47 enquiry is recorded on the child’s Help and protection tab/],
      ['icpc', /An initial child protection conference is recorded on the child’s Help and protection tab/],
      ['core_group', /A core group meeting is recorded on the child’s Help and protection tab \(Plans\)/],
      ['assessment', /An assessment is completed and authorised on the child’s Help and protection tab/],
      ['tea_party', /What happened must be one of the options listed/],
    ];
    for (const [kind, message] of elsewhere) {
      const refused = await worker.post(`/children/${onPlan}/visits/events/new`, { kind, ...dateFields('eventDate', '2026-11-20') });
      assert.equal(refused.statusCode, 400, kind);
      assert.match(refused.body, /href="#kind"/, kind);
      assert.match(textOf(refused.body), message, kind);
    }
    assert.deepEqual(await db().selectFrom('case_events').select('id').where('child_id', '=', onPlan).execute(), before);
  });

  test('placement details: a long-term placement is saved for the current placement with the IRO’s agreement and the child’s view; a child not in care is refused', async () => {
    await worker.get(`/children/${inCare}/visits/placement`);
    const bare = await worker.post(`/children/${inCare}/visits/placement`, { terms: 'long_term_to_18' });
    assert.equal(bare.statusCode, 400);
    assert.match(textOf(bare.body), /Select the IRO who agreed the placement is to last until the child is 18/);
    assert.match(textOf(bare.body), /Enter the child’s view of staying in this placement until they are 18/);
    const sixMonthlyAlone = await worker.post(`/children/${inCare}/visits/placement`, { terms: 'six_monthly_visits' });
    assert.match(textOf(sixMonthlyAlone.body), /Six-monthly visits are only for a placement intended to last until the child is 18/);
    const notWithParent = await worker.post(`/children/${inCare}/visits/placement`, { terms: 'placed_before_assessment' });
    assert.match(textOf(notWithParent.body), /applies only to a placement with a parent \(P1\)/);
    const notIro = await worker.post(`/children/${inCare}/visits/placement`, { terms: 'long_term_to_18', agreedWithIro: managerId, childView: 'Wants to stay.' });
    assert.match(textOf(notIro.body), /Select the IRO who agreed from the list/);
    assert.equal(await db().selectFrom('placement_visit_terms').select('child_id').where('child_id', '=', inCare).executeTakeFirst(), undefined, 'nothing refused is stored');
    const saved = await worker.post(`/children/${inCare}/visits/placement`, {
      terms: ['long_term_to_18', 'six_monthly_visits'],
      agreedWithIro: iroId,
      childView: 'Robin wants to stay with her carers until she is 18, and would rather see her social worker less often.',
    });
    assert.equal(saved.statusCode, 303);
    const row = await db().selectFrom('placement_visit_terms').selectAll().where('child_id', '=', inCare).executeTakeFirstOrThrow();
    assert.equal(row.placement_start, '2026-09-01');
    assert.equal(row.long_term_to_18, true);
    assert.equal(row.six_monthly_visits, true);
    assert.equal(row.agreed_with_iro, iroId);
    assert.match(row.child_view ?? '', /wants to stay with her carers/);
    const form = textOf((await worker.get(`/children/${inCare}/visits/placement`)).body);
    assert.match(form, /wants to stay with her carers/, 'the saved view is shown again');
    await worker.get(`/children/${onPlan}/visits/placement`);
    const refused = await worker.post(`/children/${onPlan}/visits/placement`, { terms: 'long_term_to_18' });
    assert.equal(refused.statusCode, 400);
    assert.match(textOf(refused.body), /not looked after today/);
  });

  test('private fostering (2005 Regulations): recorded from the day the council was told, visited within 7 working days, and ended; impossible arrangements are refused', async () => {
    const base = `/children/${onPlan}/visits/private-fostering`;
    await worker.get(base);
    const told = (date: string, extra: Record<string, string> = {}) => worker.post(base, { ...dateFields('notifiedOn', date), carerName: 'Dana Friend', ...extra });
    const nameless = await worker.post(base, dateFields('notifiedOn', '2026-11-16'));
    assert.equal(nameless.statusCode, 400);
    assert.match(textOf(nameless.body), /Enter the name of the private foster carer/);
    assert.equal((await told('2026-11-16')).statusCode, 303);
    let page = textOf((await worker.get(`/children/${onPlan}/visits`)).body);
    assert.match(page, /Visit \(private fostering\)\s+Since council told of the private fostering 16 November 2026\s+25 November 2026/, 'within 7 working days (reg 7)');
    assert.match(page, /With Dana Friend, from 16 November 2026 \(when the council was told\), continuing/);
    const second = await told('2026-11-20');
    assert.match(textOf(second.body), /privately fostered with Dana Friend since 16 November 2026: end that arrangement first/);

    await worker.get(`/children/${inCare}/visits/private-fostering`);
    const inCareRefused = await worker.post(`/children/${inCare}/visits/private-fostering`, { ...dateFields('notifiedOn', '2026-11-16'), carerName: 'Dana Friend' });
    assert.match(textOf(inCareRefused.body), /was looked after on that date: a child the council places is not privately fostered/);
    const older = await insertChild(db(), { laChildId: 'VI0016', forename: 'Sam', surname: 'Sixteen', dateOfBirth: '2009-01-10' });
    await db().insertInto('allocations').values({ child_id: older, role: 'lead', team_id: (await db().selectFrom('allocations').select('team_id').where('child_id', '=', onPlan).executeTakeFirstOrThrow()).team_id, worker_id: workerId, start_date: '2026-01-05' }).execute();
    await worker.get(`/children/${older}/visits/private-fostering`);
    const tooOld = await worker.post(`/children/${older}/visits/private-fostering`, { ...dateFields('notifiedOn', '2026-11-16'), carerName: 'Dana Friend' });
    assert.match(textOf(tooOld.body), /Sam was 16 or over on that date: private fostering is for a child under 16 \(under 18 if disabled, and no disability is recorded\)/);

    await worker.get(`${base}/end`);
    const early = await worker.post(`${base}/end`, dateFields('endedOn', '2026-11-10'));
    assert.match(textOf(early.body), /must be on or after the council was told of it, 16 November 2026/);
    assert.equal((await worker.post(`${base}/end`, dateFields('endedOn', '2026-11-21'))).statusCode, 303);
    page = textOf((await worker.get(`/children/${onPlan}/visits`)).body);
    assert.doesNotMatch(page, /Visit \(private fostering\)/, 'an ended arrangement owes no more visits');
    assert.match(page, /With Dana Friend, from 16 November 2026 \(when the council was told\) to 21 November 2026/);
    const rows = await db().selectFrom('private_fostering').selectAll().where('child_id', 'in', [onPlan, inCare, older]).execute();
    assert.deepEqual(rows.map((r) => [r.notified_on, r.ended_on]), [['2026-11-16', '2026-11-21']], 'nothing refused was stored');
    const audited = await db().selectFrom('audit_events').select('action').where('action', 'in', ['child.private-fostering.create', 'child.private-fostering.end']).where('outcome', '=', 'allowed').execute();
    assert.deepEqual(audited.map((a) => a.action).sort(), ['child.private-fostering.create', 'child.private-fostering.end']);
  });

  test('changes on the timeline move the clocks at once: a new placement restarts reg 28 visits, and care ending stops them', async () => {
    const mover = (
      await db()
        .insertInto('people')
        .values({ is_child: true, la_child_id: 'VI0003', forename: 'Max', surname: 'Mover', date_of_birth: '2012-01-09', sex: 'M' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const { team_id } = await db().selectFrom('users').select('team_id').where('id', '=', workerId).executeTakeFirstOrThrow();
    await db().insertInto('allocations').values({ child_id: mover, role: 'lead', team_id: team_id!, worker_id: workerId, start_date: '2026-06-01' }).execute();
    await db()
      .insertInto('care_episodes')
      .values({ child_id: mover, start_date: '2026-06-01', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U3', placement_provider: 'PR1', placement_postcode: 'M1 1AE', placement_out_of_area: true })
      .execute();
    await db()
      .insertInto('visits')
      .values({ child_id: mover, kind: 'social_worker', visit_date: '2026-11-16', visitor_id: workerId, child_seen: true, seen_alone: true, bedroom_seen: true, note: 'Seen.', recorded_by: workerId, recorded_at: new Date('2026-11-16T15:00:00Z') })
      .execute();
    let page = textOf((await worker.get(`/children/${mover}/visits`)).body);
    assert.match(page, /Visit \(child looked after\)\s+Since placement began 1 June 2026\s+28 December 2026/);

    const timeline = `/children/${mover}/timeline/care-episodes/new`;
    await worker.get(timeline);
    const moved = await worker.post(timeline, {
      ...dateFields('startDate', '2026-11-20'),
      reasonNewEpisode: 'P',
      legalStatus: 'C2',
      primaryNeed: 'N1',
      placementType: 'K2',
      placementProvider: 'PR1',
      placementPostcode: 'BN21 4AB',
      reasonPlaceChange: 'CARPL',
    });
    assert.equal(moved.statusCode, 303);
    page = textOf((await worker.get(`/children/${mover}/visits`)).body);
    assert.match(page, /Visit \(child looked after\)\s+Since placement began 20 November 2026\s+27 November 2026\s+Due this week\s+Within 1 week of the start of the placement/);

    const episode = await db().selectFrom('care_episodes').select('id').where('child_id', '=', mover).where('end_date', 'is', null).executeTakeFirstOrThrow();
    const end = `/children/${mover}/timeline/care-episodes/${episode.id}/end`;
    await worker.get(end);
    const ended = await worker.post(end, { ...dateFields('endDate', '2026-11-23'), reasonCeased: 'E13' });
    assert.equal(ended.statusCode, 303);
    page = textOf((await worker.get(`/children/${mover}/visits`)).body);
    assert.doesNotMatch(page, /Visit \(child looked after\)|Looked-after review|Health assessment/);
    assert.match(page, /Nothing is due/);
  });

  test('someone without access gets 404 on every page and form, nothing is stored, and the refusal is audited', async () => {
    for (const path of ['', '/new', '/events/new', '/frequency', '/placement']) {
      const page = await outsider.get(`/children/${inCare}/visits${path}`);
      assert.equal(page.statusCode, 404, path);
      assert.doesNotMatch(page.body, /Faraway/);
    }
    await outsider.get('/');
    const before = await db().selectFrom('visits').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const post = await outsider.post(`/children/${inCare}/visits/new`, visitForm());
    assert.equal(post.statusCode, 404);
    const after = await db().selectFrom('visits').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
    const audit = await db().selectFrom('audit_events').select(['outcome', 'actor_email']).where('subject_id', '=', inCare).where('action', '=', 'child.visit.create').execute();
    assert.equal(audit.at(-1)?.outcome, 'denied');
    assert.equal(audit.at(-1)?.actor_email, 'vi-outsider@example.org');
  });
});
