import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { postMultipart, type FilePart } from '../../../test/support/multipart.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { childsDrawing, smallPdf } from '../../demo/documents.ts';

const DRAWING = childsDrawing({ pick: (items) => items[0]!, int: (min) => min });
const SCAN = smallPdf(['A scan of the three houses']);
/** A Windows program renamed to look like a drawing. */
const DISGUISED = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, ...new Array(200).fill(0x41)]);

// TEST_TODAY is Monday 23 November 2026. DOCUMENT_MAX_MB is 1 here, so the limit is tested with a small file.
describeEachEngine('direct-work sessions on a child’s record, their chronology and the count of each tool’s use', (use) => {
  const t = appForSuite(use, { DOCUMENT_MAX_MB: '1' });
  const db = () => use().db;
  let worker: Agent;
  let outsider: Agent;
  let manager: Agent;
  let head: Agent;
  let child: string;
  let secret: string;
  let threeHouses: string;
  let retired: string;

  before(async () => {
    let teamId: string;
    let workerId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'dw', team: 'Direct work team', worker: 'Dee Worker', outsider: 'Otto Outsider' }));
    await createUser(db(), { email: 'dw-manager@example.org', role: 'team_manager', teamId, name: 'Mo Manager' });
    await createUser(db(), { email: 'dw-head@example.org', role: 'head_of_service', name: 'Hana Head' });
    manager = await signedIn(t.app, 'dw-manager@example.org');
    head = await signedIn(t.app, 'dw-head@example.org');
    const person = async (la: string, forename: string, restricted = false) =>
      (await db().insertInto('people').values({ is_child: true, la_child_id: la, forename, surname: 'Dwtest', date_of_birth: '2018-05-01', sex: 'F', restricted, restriction_reason: restricted ? 'Adoption placement' : null }).returning('id').executeTakeFirstOrThrow()).id;
    child = await person('DW0001', 'Dana');
    secret = await person('DW0002', 'Sky', true);
    await db().insertInto('allocations').values([child, secret].map((id) => ({ child_id: id, role: 'lead' as const, team_id: teamId, worker_id: workerId, start_date: '2025-01-05' }))).execute();
    await db().insertInto('restricted_access').values([{ child_id: secret, user_id: workerId, granted_by: null }]).execute();
    const tool = (name: string, kind: 'communication' | 'digital' | 'neglect', retiredOn: string | null = null) =>
      db().insertInto('direct_work_tools').values({ name, kind, purpose: 'A purpose.', age_from: 4, age_to: 12, suits_needs: 'Needs.', guidance: 'Guidance.', course_id: null, retired_on: retiredOn }).returning('id').executeTakeFirstOrThrow();
    threeHouses = (await tool('Three houses', 'communication')).id;
    retired = (await tool('Old worry cards', 'communication', '2026-01-01')).id;
    // Another team's worker's session: not counted for this team's manager.
    const { teamId: otherTeam } = await createTeam(db(), 'Far team');
    const farWorker = await createUser(db(), { email: 'dw-far@example.org', role: 'social_worker', teamId: otherTeam, name: 'Fay Far' });
    await db().insertInto('direct_work_sessions').values({ child_id: child, session_date: '2026-10-01', tool_id: threeHouses, took_part: 'Dana and Fay', childs_words: 'I like my room.', analysis: 'Settled.', what_changed: 'Nothing yet.', recorded_by: farWorker, recorded_at: new Date('2026-10-01T10:00:00Z') }).execute();
  });

  const session = (overrides: Record<string, string> = {}) => ({
    ...dateFields('sessionDate', '2026-11-20'),
    toolId: threeHouses,
    tookPart: 'Dana and her social worker, at school',
    childsWords: 'My worry house has the shouting in it.\nMy good house has my cat Biscuit.',
    analysis: 'Dana names arguments at home as her main worry; her cat is a source of comfort.',
    whatChanged: 'Raised at the core group; a family support worker will visit.',
    ...overrides,
  });
  const sessions = (childId: string) => db().selectFrom('direct_work_sessions').selectAll().where('child_id', '=', childId).orderBy('session_date').execute();
  const audits = (childId: string, action: string, outcome: 'allowed' | 'failed' | 'denied') =>
    db().selectFrom('audit_events').select(['reason']).where('subject_id', '=', childId).where('action', '=', action).where('outcome', '=', outcome).execute();

  test('a worker records a session: the child’s words are kept apart from the analysis, shown on the Direct work tab and audited', async () => {
    const form = await worker.get(`/children/${child}/direct-work/new`);
    assert.equal(form.statusCode, 200);
    assert.match(textOf(form.body), /Three houses \(Communication and participation, ages 4 to 12\)/);
    assert.doesNotMatch(form.body, /Old worry cards/, 'a retired tool is not offered');
    const response = await worker.post(`/children/${child}/direct-work/new`, session());
    assert.equal(response.statusCode, 303, textOf(response.body).slice(0, 500));
    assert.equal(response.headers.location, `/children/${child}/direct-work?done=recorded`);
    const stored = (await sessions(child)).at(-1)!;
    assert.equal(stored.childs_words, 'My worry house has the shouting in it.\nMy good house has my cat Biscuit.');
    assert.equal(stored.analysis, 'Dana names arguments at home as her main worry; her cat is a source of comfort.');
    assert.equal(stored.session_date, '2026-11-20');
    const page = textOf((await worker.get(`/children/${child}/direct-work`)).body);
    assert.match(page, /20 November 2026: Three houses Add a drawing or photo to the session of 20 November 2026 Tool Three houses \(Communication and participation\) Who took part Dana and her social worker, at school Dana’s words My worry house has the shouting in it. My good house has my cat Biscuit. Worker’s analysis Dana names arguments/);
    assert.equal((await audits(child, 'child.direct-work.record', 'allowed')).length, 1);
  });

  test('it is on the child’s chronology, without the child’s words', async () => {
    const chronology = textOf((await worker.get(`/children/${child}/chronology`)).body);
    assert.match(chronology, /20 November 2026 Direct work: Three houses Communication and participation tool, with Dana and her social worker, at school; recorded by Dee Worker Direct work/);
    assert.doesNotMatch(chronology, /shouting/);
  });

  test('refused: a date in the future, a date before birth, a retired tool, no words from the child; the error summary shows each, nothing is stored', async () => {
    const before = await sessions(child);
    const failed = (await audits(child, 'child.direct-work.record', 'failed')).length;
    await worker.get(`/children/${child}/direct-work/new`);
    const cases: [Record<string, string>, string, RegExp][] = [
      [session(dateFields('sessionDate', '2026-11-24')), 'sessionDate-day', /The date of the session must be today or in the past/],
      [session(dateFields('sessionDate', '2018-04-30')), 'sessionDate-day', /The date of the session must be on or after the child's date of birth, 1 May 2018/],
      [session({ toolId: retired }), 'toolId', /Select a tool that is in use in the library/],
      [session({ childsWords: '  ' }), 'childsWords', /Enter the child’s words as they said them/],
      [session({ toolId: '' }), 'toolId', /Select the tool used/],
    ];
    for (const [form, field, message] of cases) {
      const response = await worker.post(`/children/${child}/direct-work/new`, form);
      assert.equal(response.statusCode, 400, field);
      assert.match(response.body, /govuk-error-summary/);
      assert.match(response.body, new RegExp(`href="#${field}"`), field);
      assert.match(textOf(response.body), message);
    }
    assert.deepEqual(await sessions(child), before, 'nothing stored');
    assert.equal((await audits(child, 'child.direct-work.record', 'failed')).length, failed + cases.length);
  });

  test('an outsider gets 404 on every page, and may not record', async () => {
    for (const url of [`/children/${child}/direct-work`, `/children/${child}/direct-work/new`, `/children/${secret}/direct-work`]) {
      const response = await outsider.get(url);
      assert.equal(response.statusCode, 404, url);
      assert.doesNotMatch(response.body, /Dana|Sky/);
    }
    await outsider.get('/');
    const before = await sessions(child);
    assert.equal((await outsider.post(`/children/${child}/direct-work/new`, session())).statusCode, 404);
    assert.deepEqual(await sessions(child), before);
  });

  test('the count of each tool’s use: a team manager their team, a head of service the council; a restricted child counted only for those who may see it', async () => {
    await worker.get(`/children/${secret}/direct-work/new`);
    assert.equal((await worker.post(`/children/${secret}/direct-work/new`, session({ tookPart: 'Sky and her worker' }))).statusCode, 303);
    const team = textOf((await manager.get('/direct-work/use')).body);
    assert.match(team, /Direct work team Direct-work tools: use/);
    assert.match(team, /By team Team Three houses All tools Direct work team 1 1 Total 1 1/, 'the restricted child’s session is not counted: the manager is not named on it');
    assert.match(team, /By worker Worker Three houses All tools Dee Worker 1 1 Total 1 1/);
    assert.doesNotMatch(team, /Fay Far|Dana|Sky/);
    const council = textOf((await head.get('/direct-work/use')).body);
    assert.match(council, /By team Team Three houses All tools Direct work team 1 1 Far team 1 1 Total 2 2/);
    await db().insertInto('restricted_access').values({ child_id: secret, user_id: (await db().selectFrom('users').select('id').where('email', '=', 'dw-manager@example.org').executeTakeFirstOrThrow()).id, granted_by: null }).execute();
    assert.match(textOf((await manager.get('/direct-work/use')).body), /By team Team Three houses All tools Direct work team 2 2 Total 2 2/, 'named on the restricted record, the manager counts it');
    assert.equal((await worker.get('/direct-work/use')).statusCode, 403);
  });

  test('a service manager counts their service’s teams only', async () => {
    const team = await db().selectFrom('teams').select(['id', 'service_id']).where('name', '=', 'Direct work team').executeTakeFirstOrThrow();
    await createUser(db(), { email: 'dw-sm@example.org', role: 'service_manager', serviceId: team.service_id, name: 'Sam Service' });
    const serviceManager = await signedIn(t.app, 'dw-sm@example.org');
    const page = textOf((await serviceManager.get('/direct-work/use')).body);
    assert.match(page, /Direct work team service Direct-work tools: use/);
    assert.match(page, /By team Team Three houses All tools Direct work team 1 1 Total 1 1/, 'not the far team’s session, nor the restricted child’s');
    assert.doesNotMatch(page, /Far team|Fay Far/);
  });

  // Drawings and photos of the work, kept as documents on the child's record.
  const file = (name: string, type: string, content: Uint8Array): FilePart => ({ field: 'files', name, type, content });
  const sendSession = (agent: Agent, childId: string, fields: Record<string, string>, files: FilePart[]) => postMultipart(t.app, agent, `/children/${childId}/direct-work/new`, fields, files);
  const sessionDocuments = (childId: string) =>
    db().selectFrom('documents').select(['id', 'title', 'kind', 'file_name', 'media_type', 'size_bytes', 'document_date', 'direct_work_session_id']).where('child_id', '=', childId).orderBy('uploaded_at').orderBy('file_name').execute();

  test('a session with the child’s words and a drawing: the files are documents on the child’s record naming the session, listed on it with their download', async () => {
    await worker.get(`/children/${child}/direct-work/new`);
    const response = await sendSession(worker, child, session({ ...dateFields('sessionDate', '2026-11-21'), attachmentKind: 'childs_work' }), [file('houses.png', 'image/png', DRAWING), file('houses-scan.pdf', 'application/pdf', SCAN)]);
    assert.equal(response.statusCode, 303, textOf(response.body).slice(0, 600));
    const stored = (await sessions(child)).find((s) => s.session_date === '2026-11-21')!;
    const documents = await sessionDocuments(child);
    assert.deepEqual(
      documents.map((d) => [d.title, d.kind, d.file_name, d.media_type, d.size_bytes, d.document_date, d.direct_work_session_id]),
      [
        ['Dana’s work from direct work (Three houses), 21 November 2026', 'childs_work', 'houses-scan.pdf', 'application/pdf', SCAN.length, '2026-11-21', stored.id],
        ['Dana’s work from direct work (Three houses), 21 November 2026', 'childs_work', 'houses.png', 'image/png', DRAWING.length, '2026-11-21', stored.id],
      ],
    );
    const tab = await worker.get(`/children/${child}/direct-work`);
    const page = textOf(tab.body);
    assert.match(page, /21 November 2026: Three houses .* Drawings and photos houses-scan.pdf \(The child’s own work \(a drawing, a letter\); PDF, \d+ (bytes|KB)\) houses.png \(The child’s own work \(a drawing, a letter\); PNG image, \d+ (bytes|KB)\) Recorded by Dee Worker/);
    const png = documents.find((d) => d.media_type === 'image/png')!;
    assert.match(tab.body, new RegExp(`href="/children/${child}/documents/${png.id}/download"`));
    const download = await worker.get(`/children/${child}/documents/${png.id}/download`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'image/png');
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="houses.png"/, 'never shown in the page');
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(new Uint8Array(download.rawPayload), DRAWING);
    assert.match(textOf((await worker.get(`/children/${child}/documents`)).body), /Dana’s work from direct work \(Three houses\), 21 November 2026/, 'on the Documents tab too');
    const audit = (await audits(child, 'child.direct-work.record', 'allowed')).at(-1)!;
    for (const named of [`direct work session ${stored.id}`, ...documents.map((d) => `document ${d.id}`)]) assert.ok(audit.reason!.includes(named), `the audit names ${named}`);
  });

  test('refused: a program renamed .png, plain text, a file over DOCUMENT_MAX_MB, no choice of what the files are; the form comes back with the error on the file box and nothing is stored', async () => {
    const before = [await sessions(child), await sessionDocuments(child)];
    await worker.get(`/children/${child}/direct-work/new`);
    const cases: [Record<string, string>, FilePart[], string, RegExp][] = [
      [session({ attachmentKind: 'childs_work' }), [file('drawing.png', 'image/png', DISGUISED)], 'files', /The selected file must be an image \(PNG, JPEG, GIF, WebP or HEIC\) or a PDF/],
      [session({ attachmentKind: 'photograph' }), [file('notes.txt', 'text/plain', new TextEncoder().encode('Notes of the visit'))], 'files', /The selected file must be an image/],
      [session({ attachmentKind: 'childs_work' }), [file('ok.png', 'image/png', DRAWING), file('bad.png', 'image/png', DISGUISED)], 'files', /bad.png: each file must be an image/],
      [session({ attachmentKind: '' }), [file('ok.png', 'image/png', DRAWING)], 'attachmentKind', /Select whether the files are the child’s own work or photographs/],
      [session({ attachmentKind: 'x-ray' }), [file('ok.png', 'image/png', DRAWING)], 'attachmentKind', /What the files show must be one of the options listed/],
      [session({ childsWords: '', attachmentKind: 'childs_work' }), [file('ok.png', 'image/png', DRAWING)], 'childsWords', /Enter the child’s words as they said them/],
    ];
    for (const [fields, files, field, message] of cases) {
      const response = await sendSession(worker, child, fields, files);
      assert.equal(response.statusCode, 400, `${field}: ${textOf(response.body).slice(0, 300)}`);
      assert.match(response.body, new RegExp(`href="#${field}"`), field);
      assert.match(textOf(response.body), message);
    }
    const big = new Uint8Array(1024 * 1024 + 10);
    big.set(DRAWING);
    const tooLarge = await sendSession(worker, child, session({ attachmentKind: 'photograph' }), [file('big.png', 'image/png', big)]);
    assert.equal(tooLarge.statusCode, 413);
    assert.match(tooLarge.body, /href="#files"/, 'the form comes back, its summary linking to the file box');
    assert.match(textOf(tooLarge.body), /There is a problem.*The selected file must be smaller than 1 MB/s);
    assert.deepEqual([await sessions(child), await sessionDocuments(child)], before, 'neither the session nor any file is stored');
  });

  test('a file sent by someone not signed in is refused before it is read: asked to sign in, never told it is too large', async () => {
    const big = new Uint8Array(1024 * 1024 + 10);
    big.set(DRAWING);
    const response = await postMultipart(t.app, null, `/children/${child}/direct-work/new`, session({ attachmentKind: 'childs_work' }), [file('big.png', 'image/png', big)]);
    assert.equal(response.statusCode, 401);
    assert.match(textOf(response.body), /Your session has ended. Sign in again./);
  });

  test('a drawing or photo is added to a session already recorded; without a file it is refused', async () => {
    const [first] = await sessions(child);
    const url = `/children/${child}/direct-work/${first!.id}/attachments`;
    const form = await worker.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(textOf(form.body), /Add a drawing or photo to a session Session 1 October 2026: Three houses/);
    const before = (await sessionDocuments(child)).length;
    const empty = await postMultipart(t.app, worker, url, { attachmentKind: 'photograph' }, [file('', 'application/octet-stream', new Uint8Array())]);
    assert.equal(empty.statusCode, 400);
    assert.match(textOf(empty.body), /Select a drawing or photo/);
    const added = await postMultipart(t.app, worker, url, { attachmentKind: 'photograph' }, [file('wall.jpg.png', 'image/png', DRAWING)]);
    assert.equal(added.statusCode, 303, textOf(added.body).slice(0, 400));
    assert.equal(added.headers.location, `/children/${child}/direct-work?done=attached#session-${first!.id}`);
    const documents = await sessionDocuments(child);
    assert.equal(documents.length, before + 1);
    assert.deepEqual(
      [documents.at(-1)!.title, documents.at(-1)!.kind, documents.at(-1)!.direct_work_session_id],
      ['Photo from direct work (Three houses), 1 October 2026', 'photograph', first!.id],
    );
    assert.match(textOf((await worker.get(`/children/${child}/direct-work`)).body), /1 October 2026: Three houses .* Drawings and photos wall.jpg.png \(Photograph; PNG image/);
    assert.equal((await outsider.get(url)).statusCode, 404);
    assert.equal((await worker.get(`/children/${child}/direct-work/not-a-uuid/attachments`)).statusCode, 404);
  });

  test('a drawing from a restricted child’s session stays restricted: a stranger gets 404 on its download, through the child or another child', async () => {
    await worker.get(`/children/${secret}/direct-work/new`);
    const response = await sendSession(worker, secret, session({ tookPart: 'Sky and her worker', attachmentKind: 'childs_work' }), [file('sky.png', 'image/png', DRAWING)]);
    assert.equal(response.statusCode, 303, textOf(response.body).slice(0, 400));
    const [drawing] = await sessionDocuments(secret);
    const serviceManager = await signedIn(t.app, 'dw-sm@example.org');
    for (const agent of [outsider, serviceManager]) {
      for (const url of [`/children/${secret}/documents/${drawing!.id}/download`, `/children/${child}/documents/${drawing!.id}/download`, `/children/${secret}/direct-work`]) {
        const refused = await agent.get(url);
        assert.equal(refused.statusCode, 404, url);
        assert.doesNotMatch(refused.body, /Sky|sky.png/);
      }
    }
    assert.equal((await worker.get(`/children/${secret}/documents/${drawing!.id}/download`)).statusCode, 200, 'named on the record, the worker downloads it');
    assert.ok((await audits(secret, 'child.document.download', 'denied')).length >= 2, 'the refusals are audited');
  });
});
