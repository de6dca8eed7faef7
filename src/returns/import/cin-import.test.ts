import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Db } from '../../db/database.ts';
import { assertRefused, runCliOn } from '../../../test/support/cli.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { emptyImportTarget, type ImportTarget } from '../../../test/support/returns.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { buildCinCensus, censusXml } from '../index.ts';
import type { CensusChild, CensusEpisode, CinCensus } from '../cin/rules.ts';
import { IMPORTED_DISCUSSION } from './cin-queries.ts';

// TEST_TODAY is 23 November 2026; the census is of the year 1 April 2025 to 31 March 2026 (2026).
// Element names, codes and order are the DfE's CIN census schema's (CIN_schema_2025.xsd).

const AT = new Date('2026-04-20T10:00:00Z');

function episode(over: Partial<CensusEpisode> = {}): CensusEpisode {
  return {
    CINreferralDate: '2025-05-01',
    ReferralSource: '1A',
    PrimaryNeedCode: 'N1',
    CINclosureDate: null,
    ReasonForClosure: null,
    DateOfInitialCPC: null,
    Assessments: [],
    CINPlanDates: [],
    Section47: [],
    ReferralNFA: false,
    ChildProtectionPlans: [],
    PreProceedingsandFGDM: [],
    ...over,
  };
}

function child(id: string, over: Partial<CensusChild> = {}): CensusChild {
  return { recordId: id, LAchildID: id, UPN: null, UPNunknown: 'UN1', PersonBirthDate: '2015-06-05', ExpectedPersonBirthDate: null, Sex: 'F', PersonDeathDate: null, Ethnicity: 'WBRI', Disabilities: ['NONE'], CINdetails: [episode()], ...over };
}

/**
 * CIM1 has every part the import writes; CIM2's Sex is not a code of the
 * schema; CIM3's episode closes before its referral; CIM4 is on the record
 * already, born on another day; CIM5 is on the record without an ethnicity.
 */
const CENSUS: CinCensus = {
  yearEnd: 2026,
  referenceDate: '2026-03-31',
  children: [
    child('CIM1', {
      UPN: 'A845123456789',
      UPNunknown: null,
      Sex: 'M',
      Disabilities: ['HAND', 'HEAR'],
      CINdetails: [
        episode({ CINreferralDate: '2025-04-10', CINclosureDate: '2025-04-30', ReasonForClosure: 'RC8', ReferralNFA: true }),
        episode({
          CINreferralDate: '2025-05-01',
          Assessments: [{ AssessmentActualStartDate: '2025-05-02', AssessmentAuthorisationDate: '2025-06-10', AssessmentFactors: ['2B', '3A'] }],
          CINPlanDates: [{ CINPlanStartDate: '2025-06-12', CINPlanEndDate: '2025-08-01' }],
          Section47: [{ S47ActualStartDate: '2025-07-20', DateOfInitialCPC: '2025-08-01', ICPCnotRequired: false }],
          ChildProtectionPlans: [{ CPPstartDate: '2025-08-01', CPPendDate: null, InitialCategoryOfAbuse: 'NEG', LatestCategoryOfAbuse: 'EMO', NumberOfPreviousCPP: 0, Reviews: ['2025-10-20'] }],
          PreProceedingsandFGDM: [{ PPStartDate: '2025-11-01', LBPSentDate: '2025-11-03', FGDMMeetingOffer: true, FGDMMeetingFac: false, InitialPPMeetingDate: '2025-11-20', ReviewMeetingsCount: 1, StepDecisionDate: null }],
        }),
      ],
    }),
    child('CIM2'),
    child('CIM3', { CINdetails: [episode({ CINclosureDate: '2025-04-02', ReasonForClosure: 'RC1' })] }),
    child('CIM4'),
    child('CIM5', { PersonBirthDate: '2011-01-01' }),
  ],
};

function censusFile(): string {
  return censusXml(CENSUS, '845', AT).replace(/(<LAchildID>CIM2<\/LAchildID>[\s\S]*?<Sex>)F(<\/Sex>)/, '$1X$2');
}

/** Every row of the tables a CIN import writes, without ids or times: to compare before and after. */
async function recordRows(db: Db) {
  const [people, disabilities, referrals, assessments, cinPlans, enquiries, discussions, cpPlans, pre, events, allocations] = await Promise.all([
    db.selectFrom('people').select(['la_child_id', 'forename', 'surname', 'date_of_birth', 'sex', 'ethnicity', 'upn', 'upn_unknown_reason']).orderBy('la_child_id').execute(),
    db.selectFrom('person_disabilities').selectAll().orderBy('person_id').orderBy('code').execute(),
    db.selectFrom('referrals').selectAll().orderBy('id').execute(),
    db.selectFrom('assessments').select(['id', 'referral_id', 'start_date', 'authorised_on']).orderBy('id').execute(),
    db.selectFrom('cin_plans').select(['id', 'start_date', 'end_date']).orderBy('id').execute(),
    db.selectFrom('s47_enquiries').select(['id', 'start_date', 'ended_on']).orderBy('id').execute(),
    db.selectFrom('strategy_discussions').select(['case_event_id']).orderBy('case_event_id').execute(),
    db.selectFrom('cp_plans').selectAll().orderBy('id').execute(),
    db.selectFrom('pre_proceedings').select(['id', 'decision_date', 'letter_date', 'initial_meeting_date', 'review_meetings']).orderBy('id').execute(),
    db.selectFrom('case_events').select(['id', 'kind', 'event_date']).orderBy('id').execute(),
    db.selectFrom('allocations').select(['id', 'child_id', 'team_id', 'worker_id']).orderBy('id').execute(),
  ]);
  return { people, disabilities, referrals, assessments, cinPlans, enquiries, discussions, cpPlans, pre, events, allocations };
}

describeEachEngine('importing an earlier year\'s CIN census: checked against the schema, a child whole or not at all, twice changes nothing', (use) => {
  const db = () => use().db;
  let dir: string;
  let file: string;
  let teamId: string;

  before(async () => {
    ({ teamId } = await createTeam(db(), 'Census Import Team'));
    await createUser(db(), { email: 'cim-pa@example.org', role: 'performance_analyst', name: 'Pat Analyst' });
    await createUser(db(), { email: 'cim-sw@example.org', role: 'social_worker', teamId, name: 'Sam Worker' });
    await db().insertInto('people').values({ is_child: true, la_child_id: 'CIM4', forename: 'Ada', surname: 'Known', date_of_birth: '2015-06-06', sex: 'F' }).execute();
    await db().insertInto('people').values({ is_child: true, la_child_id: 'CIM5', forename: 'Ima', surname: 'Known', date_of_birth: '2011-01-01', sex: 'F' }).execute();
    dir = await mkdtemp(join(tmpdir(), 'steadfast-cin-import-'));
    file = join(dir, 'CIN_2026.xml');
    await writeFile(file, censusFile());
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('someone who does not make returns is refused, in one line, and the refusal is audited', async () => {
    assertRefused(await runCliOn(use(), ['returns', 'import', 'cin', '--file', file, '--as', 'cim-sw@example.org']), /cim-sw@example\.org is not an active account of someone who makes the returns/);
    const denied = await db().selectFrom('audit_events').select('reason').where('action', '=', 'returns.cin.import').where('outcome', '=', 'denied').execute();
    assert.equal(denied.length, 1);
  });

  test('a dry run reports what it would do and writes nothing', async () => {
    const before = await recordRows(db());
    const run = await runCliOn(use(), ['returns', 'import', 'cin', '--file', file, '--as', 'cim-pa@example.org', '--dry-run']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /CIN census 2025 to 2026 dry run \(nothing written\) from .*: children created 1, enriched 1, unchanged 0, refused 3;/);
    assert.match(run.stderr, /^steadfast: 3 problems refused 3 children \(listed above\); the other children would be imported\n$/);
    assert.deepEqual(await recordRows(db()), before);
  });

  test('each bad child is one line with file, line and element (a code the schema refuses, a closure before the referral, another date of birth); the bad child is written not at all, the rest is imported', async () => {
    const run = await runCliOn(use(), ['returns', 'import', 'cin', '--file', file, '--as', 'cim-pa@example.org', '--team', 'Census Import Team']);
    assert.equal(run.code, 1);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 4, run.stdout);
    assert.match(lines[0]!, /^CIN_2026\.xml:\d+ Sex: child CIM2: \[facet 'enumeration'\] The value 'X' is not an element of the set/);
    assert.match(lines[1]!, /^CIN_2026\.xml:\d+ CINclosureDate: child CIM3: the episode closes on 02\/04\/2025, before its referral on 01\/05\/2025$/);
    assert.match(lines[2]!, /^CIN_2026\.xml:\d+ PersonBirthDate: the record of child CIM4 has the date of birth 06\/06\/2015, not this one$/);
    const xml = censusFile().split('\n');
    const line = (l: string) => Number(/:(\d+) /.exec(l)![1]);
    assert.match(xml.slice(line(lines[1]!) - 1, line(lines[1]!) + 2).join('\n'), /<Child>[\s\S]*<LAchildID>CIM3<\/LAchildID>/, 'the line the refused child starts on');
    assert.match(
      lines[3]!,
      /imported from .*: children created 1, enriched 1, unchanged 0, refused 3; rows imported\/unchanged\/refused: Child 2\/0\/3, Disabilities 3\/0\/2, CIN episodes 3\/0\/2, Assessments 1\/0\/0, CIN plans 1\/0\/0, Section 47 enquiries 1\/0\/0, Child protection plans 1\/0\/0, Pre-proceedings 1\/0\/0; not imported: assessment authorisations 1, initial conferences 1, plan reviews 1, family group decision meetings 1\.$/,
    );
    assertRefused(run, /3 problems refused 3 children \(listed above\); the other children were imported/);

    assert.deepEqual(await db().selectFrom('people').select('la_child_id').where('la_child_id', 'in', ['CIM2', 'CIM3']).execute(), []);
    const known4 = await db().selectFrom('people').select('id').where('la_child_id', '=', 'CIM4').executeTakeFirstOrThrow();
    assert.deepEqual(await db().selectFrom('referrals').select('id').where('child_id', '=', known4.id).execute(), []);

    const c = await db().selectFrom('people').selectAll().where('la_child_id', '=', 'CIM1').executeTakeFirstOrThrow();
    assert.deepEqual([`${c.forename} ${c.surname}`, c.date_of_birth, c.sex, c.ethnicity, c.upn, c.upn_unknown_reason], ['Imported child CIM1', '2015-06-05', 'M', 'WBRI', 'A845123456789', null]);
    const codes = await db().selectFrom('person_disabilities').select('code').where('person_id', '=', c.id).orderBy('code').execute();
    assert.deepEqual(codes.map((d) => d.code), ['HAND', 'HEAR']);
    const referrals = await db().selectFrom('referrals').select(['id', 'referral_date', 'source', 'primary_need', 'no_further_action', 'close_date', 'closure_reason']).where('child_id', '=', c.id).orderBy('referral_date').execute();
    assert.deepEqual(referrals.map(({ id: _id, ...r }) => r), [
      { referral_date: '2025-04-10', source: '1A', primary_need: 'N1', no_further_action: true, close_date: '2025-04-30', closure_reason: 'RC8' },
      { referral_date: '2025-05-01', source: '1A', primary_need: 'N1', no_further_action: false, close_date: null, closure_reason: null },
    ]);
    const assessment = await db().selectFrom('assessments').select(['referral_id', 'start_date', 'authorised_on']).where('child_id', '=', c.id).execute();
    assert.deepEqual(assessment, [{ referral_id: referrals[1]!.id, start_date: '2025-05-02', authorised_on: null }]);
    const enquiry = await db()
      .selectFrom('s47_enquiries as e')
      .innerJoin('strategy_discussions as d', 'd.case_event_id', 'e.strategy_discussion_id')
      .innerJoin('case_events as ev', 'ev.id', 'd.case_event_id')
      .select(['e.start_date', 'e.ended_on', 'ev.kind', 'ev.event_date', 'd.information_shared'])
      .where('e.child_id', '=', c.id)
      .execute();
    assert.deepEqual(enquiry, [{ start_date: '2025-07-20', ended_on: null, kind: 'strategy_discussion', event_date: '2025-07-20', information_shared: IMPORTED_DISCUSSION }]);
    const cp = await db().selectFrom('cp_plans').select(['referral_id', 'start_date', 'end_date', 'initial_category', 'latest_category']).where('child_id', '=', c.id).execute();
    assert.deepEqual(cp, [{ referral_id: referrals[1]!.id, start_date: '2025-08-01', end_date: null, initial_category: 'NEG', latest_category: 'EMO' }]);
    const cin = await db().selectFrom('cin_plans').select(['start_date', 'end_date']).where('child_id', '=', c.id).execute();
    assert.deepEqual(cin, [{ start_date: '2025-06-12', end_date: '2025-08-01' }]);
    const pp = await db().selectFrom('pre_proceedings').select(['decision_date', 'letter_date', 'initial_meeting_date', 'review_meetings', 'outcome']).where('child_id', '=', c.id).execute();
    assert.deepEqual(pp, [{ decision_date: '2025-11-01', letter_date: '2025-11-03', initial_meeting_date: '2025-11-20', review_meetings: 1, outcome: null }]);
    const lead = await db().selectFrom('case_leads').select(['team_id', 'worker_id']).where('child_id', '=', c.id).execute();
    assert.deepEqual(lead, [{ team_id: teamId, worker_id: null }]);

    const known = await db().selectFrom('people').selectAll().where('la_child_id', '=', 'CIM5').executeTakeFirstOrThrow();
    assert.deepEqual([known.forename, known.ethnicity, known.upn_unknown_reason], ['Ima', 'WBRI', 'UN1']);

    const audit = await db().selectFrom('audit_events').select(['action', 'reason', 'actor_email']).where('action', 'like', 'returns.cin.import%').where('outcome', '=', 'allowed').orderBy('occurred_at').orderBy('id').execute();
    const runs = audit.filter((a) => a.action === 'returns.cin.import');
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.actor_email, 'cim-pa@example.org');
    assert.match(runs[0]!.reason!, /^CIN census 2025 to 2026 import of CIN_2026\.xml: children created 1, enriched 1, unchanged 0, refused 3;/);
    assert.deepEqual(
      audit.filter((a) => a.action === 'returns.cin.import.child').map((a) => a.reason),
      [
        'CIN census 2025 to 2026 import, child CIM1 created: Child 1, Disabilities 2, CIN episodes 2, Assessments 1, CIN plans 1, Section 47 enquiries 1, Child protection plans 1, Pre-proceedings 1',
        'CIN census 2025 to 2026 import, child CIM5 enriched: Child 1, Disabilities 1, CIN episodes 1',
      ],
    );
  });

  test('importing the same file again changes nothing: every child and part unchanged, the record identical', async () => {
    const before = await recordRows(db());
    const run = await runCliOn(use(), ['returns', 'import', 'cin', '--file', file, '--as', 'cim-pa@example.org', '--team', 'Census Import Team']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /children created 0, enriched 0, unchanged 2, refused 3; rows imported\/unchanged\/refused: Child 0\/2\/3, Disabilities 0\/3\/2, CIN episodes 0\/3\/2, Assessments 0\/1\/0, CIN plans 0\/1\/0, Section 47 enquiries 0\/1\/0, Child protection plans 0\/1\/0, Pre-proceedings 0\/1\/0;/);
    assert.deepEqual(await recordRows(db()), before);
  });

  test('a file that cannot be a census is refused in one line, nothing read', async () => {
    assertRefused(await runCliOn(use(), ['returns', 'import', 'cin', '--file', join(dir, 'none.xml'), '--as', 'cim-pa@example.org']), /cannot read the file/);
    const broken = join(dir, 'broken.xml');
    await writeFile(broken, censusXml(CENSUS, '845', AT).replace('<Collection>CIN</Collection>', '<Collection>XYZ</Collection>'));
    assertRefused(await runCliOn(use(), ['returns', 'import', 'cin', '--file', broken, '--as', 'cim-pa@example.org']), /broken\.xml:\d+ Collection: .*the schema refuses the file: nothing is imported/);
  });
});

describeEachEngine(
  'the round trip: the CIN census of a demo council imported into an empty database makes the same census again',
  (use, engine) => {
    let trip: ImportTarget;
    before(async () => {
      trip = await emptyImportTarget(engine);
    });
    after(() => trip.close());

    test('every child, episode, assessment, plan, enquiry and pre-proceedings comes back, apart from what the record cannot hold from the census alone', async () => {
      const { target, dir } = trip;
      const exported = await buildCinCensus(use().db, 2026);
      assert.ok(exported.children.length > 50, `${exported.children.length} children in need`);
      const file = join(dir, 'CIN_2026.xml');
      await writeFile(file, censusXml(exported, '845', AT));
      const run = await runCliOn(target, ['returns', 'import', 'cin', '--file', file, '--as', 'trip-pa@example.org']);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const again = await buildCinCensus(target.db, 2026);

      // What the record cannot hold from the census alone (docs/returns.md, "Importing earlier years"):
      // an authorisation names a manager other than the author, and factors are counted once authorised;
      // an initial conference names its chair and how the child and family took part, as does a review;
      // an enquiry ends with its outcome and the day it ended; the FGDM is kept by its dates and the
      // step decision with its outcome. NumberOfPreviousCPP counts the plans the record holds, and
      // plans that ended before the year are not in the census.
      const held = (census: CinCensus) =>
        census.children.map(({ recordId: _r, ...c }) => ({
          ...c,
          CINdetails: c.CINdetails.map((e) => ({
            ...e,
            DateOfInitialCPC: null,
            Assessments: e.Assessments.map((a) => ({ ...a, AssessmentAuthorisationDate: null, AssessmentFactors: [] })),
            Section47: e.Section47.map((s) => ({ ...s, DateOfInitialCPC: null, ICPCnotRequired: false })),
            ChildProtectionPlans: e.ChildProtectionPlans.map((p) => ({ ...p, NumberOfPreviousCPP: 0, Reviews: [] })),
            PreProceedingsandFGDM: e.PreProceedingsandFGDM.map((p) => ({ ...p, FGDMMeetingOffer: false, FGDMMeetingFac: false, StepDecisionDate: null })),
          })),
        }));
      assert.deepEqual(held(again), held(exported));

      const second = await runCliOn(target, ['returns', 'import', 'cin', '--file', file, '--as', 'trip-pa@example.org']);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /children created 0, enriched 0, unchanged \d+, refused 0;/);
    });
  },
  { fixture: 'demo' },
);
