import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { appForSuite, Agent } from './app.ts';
import { buildAccessScenario, EXPECTED_VISIBILITY, scenarioSurname, type AccessScenario, type ScenarioChild, type ScenarioUser } from './access-scenario.ts';
import { describeEachEngine } from './databases.ts';
import { recordBatteryFigure } from './figures.ts';
import { TEST_PASSWORD } from './users.ts';

/**
 * Every route × every role × every relationship the policy distinguishes,
 * each path parameter filled with a real id of its kind: a record someone may
 * not see answers 404 (403 for a role that never reads records), never shows
 * the child's name, and no POST changes anything; the same pages answer 200
 * to those who may see them. Lists, searches, dashboards and the pages of a
 * team, a service or a worker never name a child the viewer may not see, and
 * refuse another team's staff to those confined to their own.
 */
const USERS = Object.keys(EXPECTED_VISIBILITY) as ScenarioUser[];
/** Pages that are functions only some roles use (403 for the others, who still see the record). */
const MANAGER_FUNCTION = /\/allocations\/change$|\/notes\/:noteId\/edit$|\/care\/missing\/(new|:missingId\/(return|interview))$|\/care\/goals\/(new|:goalId\/end)$|\/care\/deprivation-of-liberty\/(new|:orderId\/(correct|end))$|\/care\/after-care\/new$|\/care\/health\/record$|\/care\/adoption\/(step|stop|previous-permanence)$|\/care\/permanence\/(plan|support|step)$|\/care\/reviews\/(:reviewId\/(outcome|recommendations\/new)|recommendations\/:recommendationId\/done)$|\/protection\/assessments\/(new|:assessmentId\/(edit|submit|authorise))$|\/protection\/enquiries\/(strategy-discussions\/new|s47\/:enquiryId\/outcome|conference)$|\/protection\/plans\/(cp\/(actions\/new|actions\/:actionId\/done|core-groups\/new|reviews\/new|end)|cin\/(new|review)|pre-proceedings|early-help\/(new|end))$|\/documents\/(new|:documentId\/delete)$|\/direct-work\/(new|:sessionId\/attachments)$|\/neglect-profile\/new$|\/protection\/contacts\/:childContactId\/(sign-off|assign)$|\/direct-work\/voice\/(new|statements\/:statementId\/response)$/;
/** People whose work stays within service A, or within their own team of it: another service's team, worker or records are refused them. */
const CONFINED_TO_SERVICE_A: readonly ScenarioUser[] = [
  'worker',
  'coWorker',
  'teamColleague',
  'supervisor',
  'teamManager',
  'otherTeamManager',
  'serviceManager',
  'personalAdviser',
];

/** One of each part of a record, per child, so the pages of a part open with a real id. */
type RecordParts = { orderId: string; noteId: string; relationshipId: string; contactId: string; referralId: string; planId: string; episodeId: string; missingId: string; goalId: string; reviewId: string; recommendationId: string; assessmentId: string; discussionId: string; enquiryId: string; conferenceId: string; actionId: string; documentId: string; sessionId: string; childContactId: string; linkId: string; statementId: string };

/** The staff side of the council from one side of the line: a team, its service, a worker in it and their records. */
type StaffSide = { teamId: string; serviceId: string; userId: string; varianceId: string; supervisionId: string; actionId: string; reductionId: string; iroId: string; auditId: string; learningActionId: string; observationId: string; complaintId: string };

/** An agent that counts the requests it sends, for the battery's table. */
class CountingAgent extends Agent {
  constructor(
    app: FastifyInstance,
    private readonly onSend: () => void,
  ) {
    super(app);
  }
  override get(...args: Parameters<Agent['get']>) {
    this.onSend();
    return super.get(...args);
  }
  override post(...args: Parameters<Agent['post']>) {
    this.onSend();
    return super.post(...args);
  }
}

/**
 * The matrix in parts, each its own test file, so that no file runs long: the
 * pages of a child's record (the most requests) are shared between `of` files
 * by their place in the route table; `rest` holds the forms, lists and the
 * pages of staff.
 */
export type MatrixPart = { recordPages: { slice: number; of: number } } | 'rest';

export function describeAccessMatrix(part: MatrixPart) {
  const partName = part === 'rest' ? 'forms, lists and staff pages' : `pages of a child's record, part ${part.recordPages.slice} of ${part.recordPages.of}`;
  describeEachEngine(`authorisation matrix: ${partName}`, (use, engine) => {
    const t = appForSuite(use);
    let s: AccessScenario;
    const agents = new Map<ScenarioUser, Agent>();
    const childKeys = () => Object.keys(s.children) as ScenarioChild[];
    const visible = (user: ScenarioUser, child: ScenarioChild) => EXPECTED_VISIBILITY[user].includes(child);

    let parts: Record<ScenarioChild, RecordParts>;
    let ours: StaffSide;
    let theirs: StaffSide;

    before(async () => {
      s = await buildAccessScenario(use().db);
      parts = await addRecordParts(use().db, s);
      // Ours: team A1 (service A) and its worker; theirs: team B1 (service B) and its worker.
      ours = await addStaffSide(use().db, s.teams.a1, s.users.worker.id, s.users.teamManager.id, s.children.allocated.id);
      const b1Worker = await use().db.selectFrom('users').select('id').where('email', '=', 'b1worker@scenario.example').executeTakeFirstOrThrow();
      theirs = await addStaffSide(use().db, s.teams.b1, b1Worker.id, s.users.otherServiceManager.id);
      for (const user of USERS) {
        const agent = new CountingAgent(t.app, () => (requestsSent += 1));
        assert.equal((await agent.signIn(s.users[user].email, TEST_PASSWORD)).statusCode, 303);
        await agent.get('/');
        agents.set(user, agent);
      }
    });

    // Each check below that finishes adds its name here; the table's line passes only when all have.
    const checks = { registered: 0, passed: 0 };
    let requestsSent = 0;
    const check = (name: string, body: () => Promise<void>) => {
      checks.registered += 1;
      test(name, async () => {
        await body();
        checks.passed += 1;
      });
    };
    after(() => {
      recordBatteryFigure({
        check: `authorisation matrix, ${partName}: every route, every role, real ids [${engine}]`,
        tried: `${requestsSent} requests by ${USERS.length} people`,
        found: checks.passed === checks.registered ? '0 leaks' : `${checks.registered - checks.passed} of ${checks.registered} checks failed: see above`,
        pass: checks.passed === checks.registered,
      });
    });

    const routes = (method: string, predicate: (url: string) => boolean) =>
      t.app.routeTable.filter((r) => r.method === method && predicate(r.url));
    /** The url with every parameter a real id of its kind: the child's own parts, or (`partsOf`) another child's. */
    const fillChild = (url: string, child: ScenarioChild, partsOf: ScenarioChild = child) =>
      url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
        if (name === 'childId') return s.children[child].id;
        const part = (parts[partsOf] as Record<string, string>)[name];
        assert.ok(part, `${url}: the matrix has no ${name} of a child's record to fill it with; add one to addRecordParts`);
        return part;
      });
    /** The url with every parameter one side's id of its kind. */
    const fillStaff = (url: string, side: StaffSide) =>
      url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
        const value = name === 'id' ? (url.startsWith('/variances/') ? side.varianceId : undefined) : (side as Record<string, string>)[name];
        assert.ok(value, `${url}: the matrix has no ${name} of a team's staff to fill it with; add one to addStaffSide`);
        return value;
      });
    /** The children the viewer may not see whose name is on the page. */
    const hiddenNamed = (user: ScenarioUser, body: string) => childKeys().filter((c) => !visible(user, c) && body.includes(scenarioSurname(c)));
    const hasPart = (url: string) => /:(?!childId)[A-Za-z]+/.test(url);

    check('the name check finds a child on a real page, so the checks below can fail', async () => {
      const page = await agents.get('worker')!.get(`/children/${s.children.allocated.id}`);
      assert.equal(page.statusCode, 200);
      assert.deepEqual(hiddenNamed('worker', page.body), []);
      assert.deepEqual(hiddenNamed('teamColleague', page.body), ['allocated'], 'the record names its child, which the colleague may not see');
    });

    if (part !== 'rest') check('every page of a child record: 200 with access, 404 without, and the name never shows', async () => {
      const all = routes('GET', (url) => url.includes(':childId'));
      assert.ok(all.some((p) => hasPart(p.url)), 'pages of a part of the record are in the matrix');
      const { slice, of } = part.recordPages;
      const pages = all.filter((_, i) => i % of === slice - 1);
      for (const { url } of pages) {
        for (const user of USERS) {
          for (const child of childKeys()) {
            const response = await agents.get(user)!.get(fillChild(url, child));
            const where = `${user} GET ${url} for ${child}`;
            if (user === 'admin') {
              assert.equal(response.statusCode, 403, where);
            } else if (!visible(user, child)) {
              assert.equal(response.statusCode, 404, where);
            } else if (MANAGER_FUNCTION.test(url)) {
              assert.ok([200, 403].includes(response.statusCode), `${where}: ${response.statusCode}`);
            } else {
              assert.equal(response.statusCode, 200, where);
            }
            assert.deepEqual(hiddenNamed(user, response.body), [], `${where} names a child ${user} may not see`);
            // A part of another child's record, asked for through a record the viewer may see.
            if (hasPart(url) && visible(user, child)) {
              const crossed = await agents.get(user)!.get(fillChild(url, child, 'closed'));
              assert.equal(crossed.statusCode, 404, `${where} with a part of another child's record`);
              assert.deepEqual(hiddenNamed(user, crossed.body), [], `${where} with a part of another child's record`);
            }
          }
        }
      }
    });

    if (part === 'rest') check('every form on a child record: refused without access, and nothing is stored', async () => {
      const before = await tableSizes();
      const forms = routes('POST', (url) => url.includes(':childId'));
      for (const { url } of forms) {
        for (const user of USERS) {
          for (const child of childKeys().filter((c) => !visible(user, c))) {
            const response = await agents.get(user)!.post(fillChild(url, child), {});
            assert.ok([403, 404].includes(response.statusCode), `${user} POST ${url} for ${child}: ${response.statusCode}`);
          }
        }
      }
      assert.deepEqual(await tableSizes(), before);
    });

    if (part === 'rest') check('lists, searches and dashboards never name a child the viewer may not see', async () => {
      // Lower case, so the echoed search box cannot be mistaken for a listed name.
      const searches = childKeys().map((c) => `/children/search?q=${scenarioSurname(c).toLowerCase()}`);
      const lists = routes('GET', (url) => !url.includes(':') && !url.startsWith('/admin') && url !== '/health').map((r) => r.url);
      for (const user of USERS) {
        for (const url of [...lists, ...searches]) {
          const response = await agents.get(user)!.get(url);
          assert.ok(response.statusCode < 500, `${user} GET ${url}: ${response.statusCode}`);
          assert.deepEqual(hiddenNamed(user, response.body), [], `${user} GET ${url} names a child ${user} may not see`);
        }
      }
    });

    if (part === 'rest') check("pages of a team, a service or a worker: another service's are refused to those confined to theirs, and no page names a hidden child", async () => {
      // The direct-work library is the council's, the same for every team, and names no child: its tools' pages are not a team's.
      // A child's own link (/v/:token) and a feedback link (/f/:token) are opened without signing in, by their token: no one's page.
      // A notification (/notifications/:id) is one person's, never a team's: anyone else's answers 404. Their own tests cover them.
      // A return's rule and table pages (/returns/ssda903/:year/...) are the council's, named by year, rule and table, not a team's.
      const pages = routes('GET', (url) => url.includes(':') && !url.includes(':childId') && !url.startsWith('/admin') && !url.startsWith('/direct-work/toolkits/') && !url.startsWith('/v/') && !url.startsWith('/f/') && !url.startsWith('/notifications/') && !url.startsWith('/returns/')).map((r) => r.url);
      assert.ok(pages.includes('/caseload/workers/:userId'), 'the pages of a worker are in the matrix');
      for (const url of pages) {
        let shownToSomeone = false;
        for (const user of USERS) {
          for (const [side, ids] of [['ours', ours], ['theirs', theirs]] as const) {
            const response = await agents.get(user)!.get(fillStaff(url, ids));
            const where = `${user} GET ${url} for ${side}`;
            assert.ok(response.statusCode < 500, `${where}: ${response.statusCode}`);
            assert.deepEqual(hiddenNamed(user, response.body), [], `${where} names a child ${user} may not see`);
            if (side === 'theirs' && (CONFINED_TO_SERVICE_A.includes(user) || user === 'admin')) {
              assert.ok([403, 404].includes(response.statusCode), `${where}: ${response.statusCode}`);
            }
            if (response.statusCode === 200) shownToSomeone = true;
          }
        }
        assert.ok(shownToSomeone, `GET ${url} answers 200 to whoever it is for: its parameters are real ids`);
      }
    });

    /** Rows in every table but the ones a refusal itself writes to. */
    async function tableSizes(): Promise<Record<string, number>> {
      const tables = await sql<{ table_name: string }>`
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
          AND table_name NOT IN ('audit_events', 'sessions', 'kysely_migration', 'kysely_migration_lock')
        ORDER BY table_name`.execute(use().db);
      const sizes: Record<string, number> = {};
      for (const { table_name } of tables.rows) {
        const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table_name)}`.execute(use().db);
        sizes[table_name] = result.rows[0]!.n;
      }
      return sizes;
    }
  });
}

/** A case note, a relationship, a professional contact, an open referral, child protection plan and care episode on each child's record. */
async function addRecordParts(db: Db, s: AccessScenario): Promise<Record<ScenarioChild, RecordParts>> {
  const parts = {} as Record<ScenarioChild, RecordParts>;
  for (const [key, child] of Object.entries(s.children) as [ScenarioChild, { id: string }][]) {
    const at = new Date('2025-02-03T10:00:00Z');
    const note = await db
      .insertInto('case_notes')
      .values({ child_id: child.id, note_type: 'visit', event_date: '2025-02-03', title: 'Scenario note', body: 'Seen at home.', author_id: s.users.worker.id, recorded_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const relative = await db.insertInto('people').values({ is_child: false, forename: 'Scenario', surname: 'Relative' }).returning('id').executeTakeFirstOrThrow();
    const relationship = await db
      .insertInto('relationships')
      .values({ person_id: child.id, related_person_id: relative.id, type: 'aunt_uncle' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const contact = await db
      .insertInto('professional_contacts')
      .values({ child_id: child.id, name: 'Scenario Teacher', role: 'Class teacher' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const referral = await db
      .insertInto('referrals')
      .values({ child_id: child.id, referral_date: '2025-01-06', source: '6', primary_need: 'N1' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const plan = await db
      .insertInto('cp_plans')
      .values({ child_id: child.id, referral_id: referral.id, start_date: '2025-02-03', initial_category: 'NEG', latest_category: 'NEG' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const episode = await db
      .insertInto('care_episodes')
      .values({ child_id: child.id, start_date: '2025-03-03', reason_new_episode: 'S', legal_status: 'V2', primary_need: 'N1', placement_type: 'U6', placement_provider: 'PR1' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const missing = await db
      .insertInto('missing_episodes')
      .values({ child_id: child.id, kind: 'M', start_date: '2025-04-07', end_date: '2025-04-08', reported_to_police: true, recorded_by: s.users.worker.id, recorded_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const order = await db
      .insertInto('deprivation_of_liberty_orders')
      .values({ child_id: child.id, court: 'high_court', made_on: '2025-04-01', start_date: '2025-04-01', recorded_by: s.users.worker.id, recorded_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const goal = await db
      .insertInto('pathway_goals')
      .values({ child_id: child.id, area: 'home', goal: 'A flat of my own', set_on: '2025-04-09', recorded_by: s.users.worker.id, recorded_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Waiting for a match with a placement order, so the adoption pages and the council's list have every child to show or hide.
    await db
      .insertInto('adoption_decisions')
      .values({ child_id: child.id, decided_on: '2025-04-10', authority: 'placement_order', authority_on: '2025-05-01', recorded_by: s.users.worker.id, recorded_at: at })
      .execute();
    const review = await db
      .insertInto('case_events')
      .values({ child_id: child.id, kind: 'cla_review', event_date: '2025-05-06', recorded_by: s.users.worker.id, recorded_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('care_reviews')
      .values({ case_event_id: review.id, child_id: child.id, chair_id: s.users.iro.id, chair_was_allocated: true, participation: 'PN1', plan_endorsed: true, recorded_by: s.users.iro.id, recorded_at: at })
      .execute();
    const recommendation = await db
      .insertInto('review_recommendations')
      .values({ review_id: review.id, child_id: child.id, action: 'Arrange a dental check', owner_other: 'Foster carer', due_date: '2025-06-06', recorded_by: s.users.iro.id, recorded_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const assessment = await db
      .insertInto('assessments')
      .values({ child_id: child.id, referral_id: referral.id, start_date: '2025-01-08', created_by: s.users.worker.id, created_at: at, updated_by: s.users.worker.id, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const discussion = await db
      .insertInto('case_events')
      .values({ child_id: child.id, kind: 'strategy_discussion', event_date: '2025-01-08', s47_started: true, recorded_by: s.users.worker.id, recorded_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('strategy_discussions').values({ case_event_id: discussion.id, child_id: child.id, information_shared: 'Bruising seen at school.', recorded_by: s.users.worker.id, recorded_at: at }).execute();
    await db.insertInto('strategy_discussion_attendees').values({ case_event_id: discussion.id, position: 1, name: 'Scenario Officer', agency: 'police' }).execute();
    const enquiry = await db.insertInto('s47_enquiries').values({ child_id: child.id, strategy_discussion_id: discussion.id, start_date: '2025-01-08' }).returning('id').executeTakeFirstOrThrow();
    const conference = await db
      .insertInto('case_events')
      .values({ child_id: child.id, kind: 'icpc', event_date: '2025-02-03', recorded_by: s.users.worker.id, recorded_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('child_protection_conferences')
      .values({ case_event_id: conference.id, child_id: child.id, enquiry_id: enquiry.id, chair_id: s.users.iro.id, child_participation: 'through_worker', family_participation: 'attended', plan_decided: true, category: 'NEG', cp_plan_id: plan.id, recorded_by: s.users.worker.id, recorded_at: at })
      .execute();
    await db.insertInto('conference_invitees').values({ case_event_id: conference.id, position: 1, name: 'Scenario Teacher', agency: 'education', attendance: 'attended' }).execute();
    // An open plan's action, an open child in need plan and open early help, so every plans form has something to act on.
    const action = await db
      .insertInto('cp_plan_actions')
      .values({ plan_id: plan.id, child_id: child.id, action: 'Attend the parenting course', owner_other: 'Mother', owner_agency: 'Family', due_date: '2025-03-03', recorded_by: s.users.worker.id, recorded_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('cin_plans').values({ child_id: child.id, start_date: '2025-02-03', recorded_by: s.users.worker.id, recorded_at: at }).execute();
    await db.insertInto('early_help_episodes').values({ child_id: child.id, start_date: '2025-02-03', lead: 'Family hub', reason: 'Routines', recorded_by: s.users.worker.id, recorded_at: at }).execute();
    const document = await db
      .insertInto('documents')
      .values({ child_id: child.id, title: 'Scenario letter', document_date: '2025-05-07', kind: 'letter', file_name: 'letter.txt', media_type: 'text/plain', size_bytes: 12, uploaded_by: s.users.worker.id, uploaded_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('document_contents').values({ document_id: document.id, content: new TextEncoder().encode('Scenario doc') }).execute();
    // A direct-work session, so the Direct work tab shows one on every record.
    const tool =
      (await db.selectFrom('direct_work_tools').select('id').where('name', '=', 'Scenario tool').executeTakeFirst()) ??
      (await db.insertInto('direct_work_tools').values({ name: 'Scenario tool', kind: 'communication', purpose: 'Hearing the child.', age_from: 0, age_to: 18, suits_needs: 'Any.', guidance: 'Listen.', course_id: null }).returning('id').executeTakeFirstOrThrow());
    const session = await db
      .insertInto('direct_work_sessions')
      .values({ child_id: child.id, session_date: '2025-05-07', tool_id: tool.id, took_part: 'The child and their worker', childs_words: 'Scenario words', analysis: 'Scenario analysis', what_changed: 'Nothing yet', recorded_by: s.users.worker.id, recorded_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A neglect profile completed against the council's first version, so the profile's page draws its chart on every record.
    if (!(await db.selectFrom('neglect_profile_versions').select('version').where('version', '=', 1).executeTakeFirst())) {
      await db.insertInto('neglect_profile_versions').values({ version: 1, change_note: 'Scenario profile', made_by: null, made_at: at }).execute();
      await db.insertInto('neglect_profile_domains').values({ version: 1, position: 1, key: 'nutrition', name: 'Nutrition', grade_1: 'Met well', grade_2: 'Mostly met', grade_3: 'Inconsistent', grade_4: 'Often unmet', grade_5: 'Severe' }).execute();
    }
    const profile = await db
      .insertInto('neglect_profiles')
      .values({ child_id: child.id, version: 1, completed_on: '2025-05-07', with_family: true, took_part: 'The family and their worker', summary: 'Scenario summary', next_steps: 'Scenario next steps', recorded_by: s.users.worker.id, recorded_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('neglect_profile_grades').values({ profile_id: profile.id, position: 1, domain_key: 'nutrition', domain_name: 'Nutrition', grade: 3, descriptor: 'Inconsistent', evidence: null }).execute();
    // A child's own link and what the child sent through it, so its pages open with real ids.
    const link = await db
      .insertInto('child_voice_links')
      .values({ child_id: child.id, scenario: 'placement', easy_read: false, token_hash: createHash('sha256').update(`scenario link ${child.id}`).digest('hex'), created_by: s.users.worker.id, created_at: at, expires_at: new Date('2025-02-17T10:00:00Z'), uses_allowed: 1, uses_made: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const statement = await db
      .insertInto('child_voice_statements')
      .values({ child_id: child.id, link_id: link.id, scenario: 'placement', feeling: 'good', words: 'Scenario own words', worried: false, received_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const childContact = await db
      .insertInto('contacts')
      .values({ child_id: child.id, contact_date: '2025-02-03', source: '2A', outcome: null, summary: null, recorded_by: s.users.worker.id, reason: 'Scenario worry', worried_person: 'Class teacher', consent: 'given' })
      .returning('id')
      .executeTakeFirstOrThrow();
    parts[key] = {
      linkId: link.id,
      statementId: statement.id,
      childContactId: childContact.id,
      discussionId: discussion.id,
      enquiryId: enquiry.id,
      conferenceId: conference.id,
      actionId: action.id,
      noteId: note.id,
      relationshipId: relationship.id,
      contactId: contact.id,
      referralId: referral.id,
      planId: plan.id,
      episodeId: episode.id,
      missingId: missing.id,
      orderId: order.id,
      goalId: goal.id,
      reviewId: review.id,
      recommendationId: recommendation.id,
      assessmentId: assessment.id,
      documentId: document.id,
      sessionId: session.id,
    };
  }
  return parts;
}

/** A variance, a supervision with an action and a workload reduction for the worker of a team, managed by `managerId`. */
async function addStaffSide(db: Db, teamId: string, userId: string, managerId: string, childId: string | null = null): Promise<StaffSide> {
  const team = await db.selectFrom('teams').select('service_id').where('id', '=', teamId).executeTakeFirstOrThrow();
  const opened = new Date('2025-02-03T06:00:00Z');
  const variance = await db
    .insertInto('variances')
    .values({
      worker_id: userId,
      team_id: teamId,
      kind: 'under_floor',
      opened_at: opened,
      opened_on: '2025-02-03',
      opened_trigger: 'daily check',
      opened_value: 20,
      threshold: 60,
      current_value: 20,
      manager_id: managerId,
      plan_due_on: '2025-02-10',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const supervision = await db
    .insertInto('supervisions')
    .values({
      worker_id: userId,
      supervisor_id: managerId,
      held_on: '2025-02-03',
      kind: 'reflective',
      wellbeing: 'well',
      workload_discussed: false,
      summary: 'Scenario supervision.',
      recorded_by: managerId,
      recorded_at: opened,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const action = await db
    .insertInto('supervision_actions')
    .values({ supervision_id: supervision.id, description: 'Scenario action', owner_id: userId, due_on: '2025-03-03' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const reduction = await db
    .insertInto('workload_reductions')
    .values({ user_id: userId, reason: 'other', percent: 10, start_date: '2025-01-06', end_date: '2030-01-06', note: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  // An IRO in the team, whose caseload page (/care/reviewing/:iroId) is this side's.
  const { password_hash } = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
  const iro = await db
    .insertInto('users')
    .values({ email: `iro-${teamId}@scenario.example`, name: 'Scenario Side IRO', role: 'iro', team_id: teamId, service_id: team.service_id, password_hash })
    .returning('id')
    .executeTakeFirstOrThrow();
  // A submitted case audit of a child held in the team by this worker, audited by the side's manager, with a learning action for the worker.
  const audited = await db.insertInto('people').values({ is_child: true, la_child_id: `QA${teamId.slice(0, 6)}`, forename: 'Scenario', surname: 'Audited', date_of_birth: '2015-05-01' }).returning('id').executeTakeFirstOrThrow();
  const tool = await db.selectFrom('audit_tools').select('id').orderBy('version').limit(1).executeTakeFirstOrThrow();
  const audit = await db
    .insertInto('case_audits')
    .values({ month: '2025-02-01', sample: 'random', child_id: audited.id, team_id: teamId, worker_id: userId, auditor_id: managerId, due_date: '2025-02-20', tool_id: tool.id, assigned_by: managerId, assigned_at: opened, overall_grade: 'good', overall_reasons: 'Scenario audit.', submitted_at: opened })
    .returning('id')
    .executeTakeFirstOrThrow();
  const learning = await db
    .insertInto('learning_actions')
    .values({ audit_id: audit.id, description: 'Scenario learning action', owner_id: userId, due_date: '2025-03-03', set_by: managerId, set_at: opened })
    .returning('id')
    .executeTakeFirstOrThrow();
  // An observation of the worker's practice by their manager (naming a child on our side, so the child's name is checked on it), and a complaint about the team.
  const observation = await db
    .insertInto('practice_observations')
    .values({ worker_id: userId, observer_id: managerId, team_id: teamId, observed_on: '2025-02-04', setting: 'home_visit', setting_detail: null, child_id: childId, went_well: 'Clear plan.', to_develop: 'Analysis.', course_id: null, grade: 'good', recorded_at: opened })
    .returning('id')
    .executeTakeFirstOrThrow();
  const complaint = await db
    .insertInto('compliments_complaints')
    .values({ kind: 'complaint', team_id: teamId, received_on: '2025-02-04', from_category: 'parent_carer', summary: 'Scenario complaint.', stage: 1, follows_id: null, response_due: '2025-02-18', recorded_by: managerId, recorded_at: opened })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { teamId, serviceId: team.service_id, userId, varianceId: variance.id, supervisionId: supervision.id, actionId: action.id, reductionId: reduction.id, iroId: iro.id, auditId: audit.id, learningActionId: learning.id, observationId: observation.id, complaintId: complaint.id };
}
