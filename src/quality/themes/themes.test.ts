import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { addChild } from '../../../test/support/caseload-helpers.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

// Today in tests is 23 November 2026: the page shows October 2025 to December 2026 by quarter; the last whole quarter is July to September 2026.
describeEachEngine('practice themes and the quarterly report: figures by quarter for a team, service or the council, with the CSV behind each chart', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  const as: Record<string, Agent> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    const a = await createTeam(db(), 'Themes Team A');
    const b = await createTeam(db(), 'Themes Team B');
    Object.assign(ids, { teamA: a.teamId, teamB: b.teamId, serviceA: a.serviceId });
    ids.head = await createUser(db(), { email: 'th-head@example.org', role: 'head_of_service', name: 'Hope Head' });
    ids.analyst = await createUser(db(), { email: 'th-pa@example.org', role: 'performance_analyst', name: 'Pat Analyst' });
    ids.sm = await createUser(db(), { email: 'th-sm@example.org', role: 'service_manager', serviceId: a.serviceId, name: 'Sam Service' });
    ids.tmA = await createUser(db(), { email: 'th-tma@example.org', role: 'team_manager', teamId: a.teamId, name: 'Tia Manager' });
    ids.tmB = await createUser(db(), { email: 'th-tmb@example.org', role: 'team_manager', teamId: b.teamId, name: 'Ben Manager' });
    ids.worker = await createUser(db(), { email: 'th-w@example.org', role: 'social_worker', teamId: a.teamId, name: 'Wyn Worker', lineManagerId: ids.tmA });
    ids.childA = await addChild(db(), { status: 'cin', surname: 'Themechild' });
    ids.childB = await addChild(db(), { status: 'cin', surname: 'Otherthemechild' });
    const tool = await db().selectFrom('audit_tools').select(['id', 'questions']).orderBy('version', 'desc').executeTakeFirstOrThrow();
    const keys = tool.questions.map((q) => q.key);
    const audit = async (teamId: string, childId: string, month: string, overall: string, areaGrade: (key: string) => string, settled: string | null = null) => {
      const answers = Object.fromEntries(keys.map((k) => [k, { grade: areaGrade(k), comment: 'Seen in the record.' }]));
      const row = await db()
        .insertInto('case_audits')
        .values({ month, sample: 'random', child_id: childId, team_id: teamId, worker_id: ids.worker!, auditor_id: ids.tmB!, due_date: month.replace(/-01$/, '-25'), tool_id: tool.id, assigned_by: ids.head!, assigned_at: new Date(`${month}T09:00:00Z`), answers: JSON.stringify(answers), overall_grade: overall as 'good', overall_reasons: 'Reasons.', submitted_at: new Date(`${month.replace(/-01$/, '-20')}T09:00:00Z`), settled_grade: settled as 'good' | null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    };
    // Team A: July good (planning requires improvement), August outstanding; April requires improvement, settled good on moderation.
    ids.julyAudit = await audit(a.teamId, ids.childA, '2026-07-01', 'good', (k) => (k.startsWith('planning') ? 'requires_improvement' : 'good'));
    await audit(a.teamId, ids.childA, '2026-08-01', 'outstanding', () => 'outstanding');
    await audit(a.teamId, ids.childA, '2026-04-01', 'requires_improvement', () => 'requires_improvement', 'good');
    // Team B: July inadequate. Not submitted: never counted.
    await audit(b.teamId, ids.childB, '2026-07-01', 'inadequate', () => 'inadequate');
    await db().insertInto('case_audits').values({ month: '2026-09-01', sample: 'random', child_id: ids.childA, team_id: a.teamId, auditor_id: ids.tmB!, due_date: '2026-09-25', tool_id: tool.id, assigned_by: ids.head!, assigned_at: new Date('2026-09-01T09:00:00Z') }).execute();
    const action = (due: string, done: string | null) => ({ audit_id: ids.julyAudit!, description: 'Read the chronology course notes', owner_id: ids.worker!, due_date: due, done_on: done, done_note: done ? 'Done.' : null, set_by: ids.tmA!, set_at: new Date('2026-07-21T09:00:00Z') });
    await db().insertInto('learning_actions').values([action('2026-08-10', '2026-08-09'), action('2026-08-20', '2026-09-01'), action('2026-09-15', null), action('2026-12-15', null)]).execute();
    await db().insertInto('practice_observations').values([
      { worker_id: ids.worker, observer_id: ids.tmA, team_id: a.teamId, observed_on: '2026-08-05', setting: 'home_visit', setting_detail: null, child_id: null, went_well: 'Calm.', to_develop: 'Analysis.', course_id: null, grade: 'good', recorded_at: new Date('2026-08-05T15:00:00Z') },
      { worker_id: ids.worker, observer_id: ids.tmA, team_id: a.teamId, observed_on: '2026-09-05', setting: 'meeting', setting_detail: null, child_id: null, went_well: 'Clear.', to_develop: 'Timing.', course_id: null, grade: 'requires_improvement', recorded_at: new Date('2026-09-05T15:00:00Z') },
    ]).execute();
    const invitation = async (n: number) =>
      (await db().insertInto('feedback_invitations').values({ token_hash: `themes-hash-${n}`, team_id: a.teamId, child_id: null, created_by: ids.worker!, created_at: new Date('2026-08-01T09:00:00Z'), expires_at: new Date('2026-08-29T09:00:00Z') }).returning('id').executeTakeFirstOrThrow()).id;
    await db().insertInto('feedback_responses').values([
      { invitation_id: await invitation(1), team_id: a.teamId, respondent: 'parent_carer', agency_type: null, listened: 5, things_better: 'yes', went_well: 'Themechild words never shown', could_be_better: null, received_at: new Date('2026-08-03T10:00:00Z') },
      { invitation_id: await invitation(2), team_id: a.teamId, respondent: 'child', agency_type: null, listened: 2, things_better: 'no', went_well: null, could_be_better: 'More visits', received_at: new Date('2026-09-03T10:00:00Z') },
    ]).execute();
    await db().insertInto('compliments_complaints').values({ kind: 'compliment', team_id: a.teamId, received_on: '2026-08-12', from_category: 'parent_carer', summary: 'Thanks', recorded_by: ids.tmA!, recorded_at: new Date('2026-08-12T10:00:00Z') }).execute();
    for (const [key, email] of Object.entries({ head: 'th-head', analyst: 'th-pa', sm: 'th-sm', tmA: 'th-tma', tmB: 'th-tmb', worker: 'th-w' })) as[key] = await signedIn(t.app, `${email}@example.org`);
  });

  const audits = (action: string, outcome: 'allowed' | 'denied') => db().selectFrom('audit_events').select(['reason', 'subject_id']).where('action', '=', action).where('outcome', '=', outcome).execute();
  const row = (text: string, quarter: string) => text.split('\n').find((l) => l.startsWith(quarter)) ?? '';

  test('a team manager sees their own team’s figures quarter by quarter, with a chart and a table of each; never a child; audited', async () => {
    const response = await as.tmA!.get('/quality/themes');
    assert.equal(response.statusCode, 200);
    const page = response.body;
    assert.match(page, /<span class="govuk-caption-l">Themes Team A<\/span>/);
    assert.equal((page.match(/<svg /g) ?? []).length, 4, 'four charts');
    assert.match(page, /<title id="grades-title">The share graded good or outstanding, each quarter<\/title>/);
    assert.match(page, /Case audits: Oct to Dec 2025: none; Jan to Mar 2026: none; Apr to Jun 2026: 100%; Jul to Sep 2026: 100%; Oct to Dec 2026: none/, 'the moderator’s settled grade counts; team B’s inadequate audit does not');
    assert.match(page, /Observations of practice: [^"<]*Jul to Sep 2026: 50%/);
    assert.match(page, /The child’s voice: 2 outstanding, 2 good, 2 requires improvement, 0 inadequate/, 'each question graded counts under its area; a settled overall grade leaves the questions’ grades as given');
    assert.match(page, /Planning: 2 outstanding, 0 good, 4 requires improvement, 0 inadequate/);
    assert.match(page, /Learning actions done by their date[^]*Jul to Sep 2026: 33%/, 'one on time, one late, one open past its date');
    assert.match(page, /the share positive[^]*Jul to Sep 2026: 50%/);
    assert.doesNotMatch(page, /Themechild|Otherthemechild|More visits/, 'no child, no feedback words');
    assert.doesNotMatch(page, new RegExp(`${ids.childA}|${ids.childB}`), 'no child id');
    assert.doesNotMatch(page, /<select[^>]*name="scope"/, 'a team manager has nothing else to choose');
    const [event] = await audits('quality.themes.view', 'allowed');
    assert.match(event!.reason ?? '', /^Themes Team A; Oct to Dec 2025 to Oct to Dec 2026$/);
  });

  test('another team is refused to a team manager and a service manager outside it (audited); a worker cannot open the themes at all', async () => {
    assert.equal((await as.tmA!.get(`/quality/themes?scope=team:${ids.teamB}`)).statusCode, 404);
    assert.equal((await as.sm!.get(`/quality/themes?scope=team:${ids.teamB}`)).statusCode, 404);
    assert.equal((await as.tmA!.get(`/quality/themes/report.csv?chart=grades&scope=council`)).statusCode, 404);
    assert.equal((await audits('quality.themes.view', 'denied')).length, 2);
    assert.equal((await as.worker!.get('/quality/themes')).statusCode, 403);
    assert.equal((await as.worker!.get('/quality/themes/report')).statusCode, 403);
  });

  test('a service manager chooses their service or a team in it; the head of service and a performance analyst see the council and may choose any team', async () => {
    const sm = (await as.sm!.get('/quality/themes')).body;
    assert.match(sm, /<span class="govuk-caption-l">Themes Team A service<\/span>/);
    assert.match(sm, /<option value="team:[^"]+">Themes Team A<\/option>/);
    assert.doesNotMatch(sm, /Themes Team B/);
    for (const who of ['head', 'analyst']) {
      const council = (await as[who]!.get('/quality/themes')).body;
      assert.match(council, /<span class="govuk-caption-l">The council<\/span>/);
      assert.match(council, /Case audits: [^"<]*Jul to Sep 2026: 50%/, 'team A’s good and team B’s inadequate');
      const teamB = (await as[who]!.get(`/quality/themes?scope=team:${ids.teamB}`)).body;
      assert.match(teamB, /Case audits: [^"<]*Jul to Sep 2026: 0%/);
    }
  });

  test('the quarterly report for a chosen quarter: printable, the quarter in brief, each chart with its CSV; audited', async () => {
    const response = await as.head!.get('/quality/themes/report?quarter=2026-07-01&scope=council');
    assert.equal(response.statusCode, 200);
    const text = textOf(response.body);
    assert.match(text, /Practice report: Jul to Sep 2026/);
    assert.match(text, /Case audits graded\s+3; 67% good or better/);
    assert.match(text, /Observations of practice\s+2; 50% of those graded good or better/);
    assert.match(text, /Learning actions due\s+3; done on time: 33%/);
    assert.match(text, /Compliments and complaints\s+1 compliments, 0 complaints/);
    assert.match(response.body, /class="govuk-body steadfast-no-print"><a class="govuk-link" href="\/quality\/themes\/report.csv\?chart=grades&amp;quarter=2026-07-01&amp;scope=council"/);
    assert.match(text, /Apr to Jun 2026/, 'the three quarters before are beside it');
    assert.doesNotMatch(text, /Oct to Dec 2026/);
    const [event] = await audits('quality.themes.report', 'allowed');
    assert.equal(event!.reason, 'The council; report for Jul to Sep 2026');
    const fallback = textOf((await as.head!.get('/quality/themes/report?quarter=2027-01-01')).body);
    assert.match(fallback, /Practice report: Jul to Sep 2026/, 'a quarter not yet begun gives the last whole quarter');
  });

  test('the CSV behind each chart carries the same figures, numbers as numbers; an unknown chart is not found; each download audited', async () => {
    const grades = await as.head!.get('/quality/themes/report.csv?chart=grades&quarter=2026-07-01&scope=council');
    assert.equal(grades.statusCode, 200);
    assert.match(String(grades.headers['content-disposition']), /practice-grades-2026-07\.csv/);
    const lines = grades.body.trim().split('\n');
    assert.equal(lines[0], 'quarter_start,quarter,audits_graded,audits_outstanding,audits_good,audits_requires_improvement,audits_inadequate,audits_good_or_better_percent,observations,observations_graded,observations_good_or_better_percent');
    assert.equal(row(grades.body, '2026-07-01'), '2026-07-01,Jul to Sep 2026,3,1,1,0,1,67,2,2,50');
    assert.equal(row(grades.body, '2026-04-01'), '2026-04-01,Apr to Jun 2026,1,0,1,0,0,100,0,0,');
    const actions = await as.head!.get('/quality/themes/report.csv?chart=actions&quarter=2026-07-01&scope=council');
    assert.equal(row(actions.body, '2026-07-01'), '2026-07-01,Jul to Sep 2026,3,1,1,1,0,33');
    const feedback = await as.tmA!.get(`/quality/themes/report.csv?chart=feedback&quarter=2026-07-01&scope=team:${ids.teamA}`);
    assert.equal(row(feedback.body, '2026-07-01'), '2026-07-01,Jul to Sep 2026,2,1,50,3.5,1,1,0,0,1,0');
    const areas = await as.tmA!.get('/quality/themes/report.csv?chart=areas&quarter=2026-07-01');
    assert.match(areas.body, /2026-07-01,Jul to Sep 2026,Planning,2,0,2,0,50/);
    assert.doesNotMatch(areas.body, /Themechild/);
    assert.equal((await as.head!.get('/quality/themes/report.csv?chart=names&quarter=2026-07-01')).statusCode, 404);
    assert.equal((await audits('quality.themes.csv', 'allowed')).length, 4);
  });
  test('the learning catalogue shows the themes a course answers: the areas its learning actions’ audits found needing improvement', async () => {
    const course = (await db().insertInto('training_courses').values({ name: 'Planning that changes things', category: 'practice', description: null, renewal_months: null }).returning('id').executeTakeFirstOrThrow()).id;
    await db().insertInto('training_courses').values({ name: 'A course no action points at', category: 'practice', description: null, renewal_months: null }).execute();
    await db().insertInto('learning_actions').values({ audit_id: ids.julyAudit!, description: 'Do the planning course', owner_id: ids.worker!, due_date: '2026-12-01', course_id: course, done_on: null, done_note: null, set_by: ids.tmA!, set_at: new Date('2026-07-21T09:00:00Z') }).execute();
    const text = textOf((await as.worker!.get('/learning')).body);
    assert.match(text, /Planning that changes things[^]*?Planning \(1 learning action\)/);
    assert.doesNotMatch(text, /Planning that changes things[^]*?The child’s voice \(/, 'an area graded good is not a theme it answers');
    assert.match(text, /A course no action points at[^]*?None yet/);
  });
});
