import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { multipart, postMultipart, type FilePart } from '../../../test/support/multipart.ts';
import { createUser } from '../../../test/support/users.ts';
import { childsDrawing, smallPdf } from '../../demo/documents.ts';

const PDF = smallPdf(['Letter from the school about attendance', 'Attendance is 82% this term.']);
const PNG = childsDrawing({ pick: (items) => items[1]!, int: (min) => min });
/** A Windows program renamed to look like a letter. */
const DISGUISED = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, ...new Array(200).fill(0x41)]);

// TEST_TODAY is Monday 23 November 2026. DOCUMENT_MAX_MB is 1 here, so the limit is tested with a small file.
describeEachEngine('documents on a child’s record: upload, list, download and delete with a reason', (use) => {
  const t = appForSuite(use, { DOCUMENT_MAX_MB: '1' });
  const db = () => use().db;
  let worker: Agent;
  let outsider: Agent;
  let manager: Agent;
  let unnamedManager: Agent;
  let child: string;
  let other: string;
  let secret: string;

  before(async () => {
    let teamId: string;
    let workerId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'dc', team: 'Documents team', worker: 'Dee Worker', outsider: 'Otto Outsider' }));
    const managerId = await createUser(db(), { email: 'dc-manager@example.org', role: 'team_manager', teamId, name: 'Mo Manager' });
    await createUser(db(), { email: 'dc-manager2@example.org', role: 'team_manager', teamId, name: 'Nat Notnamed' });
    manager = await signedIn(t.app, 'dc-manager@example.org');
    unnamedManager = await signedIn(t.app, 'dc-manager2@example.org');
    const person = async (la: string, forename: string, restricted = false) =>
      (await db().insertInto('people').values({ is_child: true, la_child_id: la, forename, surname: 'Doctest', date_of_birth: '2016-05-01', sex: 'F', restricted, restriction_reason: restricted ? 'Adoption placement' : null }).returning('id').executeTakeFirstOrThrow()).id;
    child = await person('DC0001', 'Dana');
    other = await person('DC0002', 'Owen');
    secret = await person('DC0003', 'Sky', true);
    await db().insertInto('allocations').values([child, other, secret].map((id) => ({ child_id: id, role: 'lead' as const, team_id: teamId, worker_id: workerId, start_date: '2025-01-05' }))).execute();
    await db().insertInto('restricted_access').values([{ child_id: secret, user_id: workerId, granted_by: null }, { child_id: secret, user_id: managerId, granted_by: null }]).execute();
  });

  const upload = (agent: Agent, childId: string, fields: Record<string, string>, file: FilePart | null, csrf: string | null = agent.csrfToken): Promise<LightMyRequestResponse> =>
    postMultipart(t.app, agent, `/children/${childId}/documents/new`, fields, file ? [file] : [], csrf);
  const letter = (overrides: Record<string, string> = {}) => ({ title: 'Letter from the school about attendance', ...dateFields('documentDate', '2026-11-16'), kind: 'letter', ...overrides });
  const documents = (childId: string) => db().selectFrom('documents').selectAll().where('child_id', '=', childId).orderBy('document_date').orderBy('title').execute();
  const contents = () => db().selectFrom('document_contents').select('document_id').execute();
  const audits = (childId: string, action: string, outcome: 'allowed' | 'failed' | 'denied') =>
    db().selectFrom('audit_events').select(['reason']).where('subject_id', '=', childId).where('action', '=', action).where('outcome', '=', outcome).execute();

  test('a worker uploads a PDF letter and a PNG drawing; the list shows title, type, date, uploader and size; audited and on the chronology', async () => {
    await worker.get(`/children/${child}/documents/new`);
    const first = await upload(worker, child, letter(), { name: 'attendance.pdf', type: 'application/pdf', content: PDF });
    assert.equal(first.statusCode, 303, first.body);
    assert.equal(first.headers.location, `/children/${child}/documents?done=uploaded`);
    const second = await upload(worker, child, letter({ title: 'Dana’s drawing of home', kind: 'childs_work', ...dateFields('documentDate', '2026-11-20') }), { name: 'drawing.png', type: 'image/png', content: PNG });
    assert.equal(second.statusCode, 303, second.body);
    const stored = await documents(child);
    assert.deepEqual(
      stored.map((d) => [d.title, d.kind, d.document_date, d.file_name, d.media_type, d.size_bytes]),
      [
        ['Letter from the school about attendance', 'letter', '2026-11-16', 'attendance.pdf', 'application/pdf', PDF.length],
        ['Dana’s drawing of home', 'childs_work', '2026-11-20', 'drawing.png', 'image/png', PNG.length],
      ],
    );
    const page = textOf((await worker.get(`/children/${child}/documents`)).body);
    assert.match(page, /Dana’s drawing of home Download Dana’s drawing of home Type The child’s own work \(a drawing, a letter\) Date 20 November 2026 Uploaded by Dee Worker, 23 November 2026 File PNG image, \d+ (bytes|KB)/);
    assert.match(page, /Letter from the school about attendance .* Type Letter Date 16 November 2026 Uploaded by Dee Worker, 23 November 2026 File PDF, \d+ (bytes|KB)/);
    assert.ok(page.indexOf('drawing of home') < page.indexOf('Letter from the school'), 'newest first by the date on them');
    assert.equal((await audits(child, 'child.document.upload', 'allowed')).length, 2);
    const chronology = textOf((await worker.get(`/children/${child}/chronology`)).body);
    assert.match(chronology, /Document added: Letter from the school about attendance Letter dated 16 November 2026, added by Dee Worker Document/);
  });

  test('a download is an attachment with the type found from the content, never sniffed or cached, and each one is audited', async () => {
    const [pdf] = await documents(child);
    const before = (await audits(child, 'child.document.download', 'allowed')).length;
    const response = await worker.get(`/children/${child}/documents/${pdf!.id}/download`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/pdf');
    assert.equal(response.headers['content-disposition'], `attachment; filename="attendance.pdf"; filename*=UTF-8''attendance.pdf`);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.deepEqual(new Uint8Array(response.rawPayload), PDF);
    const after = await audits(child, 'child.document.download', 'allowed');
    assert.equal(after.length, before + 1);
    assert.match(after.at(-1)!.reason!, new RegExp(`document ${pdf!.id}`));
  });

  test('refused: a program renamed to .pdf, no file, an empty file, no title, a date in the future and no type; nothing stored, audited as failed', async () => {
    const before = await documents(child);
    const failed = (await audits(child, 'child.document.upload', 'failed')).length;
    const cases: [Record<string, string>, FilePart | null, string, RegExp][] = [
      [letter(), { name: 'letter.pdf', type: 'application/pdf', content: DISGUISED }, 'file', /The selected file must be a PDF, an image \(PNG, JPEG, GIF, WebP or HEIC\)/],
      [letter(), null, 'file', /Select a file/],
      [letter(), { name: '', type: 'application/octet-stream', content: new Uint8Array() }, 'file', /Select a file/],
      [letter(), { name: 'empty.pdf', type: 'application/pdf', content: new Uint8Array() }, 'file', /The selected file is empty/],
      [letter({ title: '' }), { name: 'a.pdf', type: 'application/pdf', content: PDF }, 'title', /Enter a title for the document/],
      [letter(dateFields('documentDate', '2026-11-24')), { name: 'a.pdf', type: 'application/pdf', content: PDF }, 'documentDate-day', /The date of the document must be today or in the past/],
      [letter({ 'documentDate-month': '13' }), { name: 'a.pdf', type: 'application/pdf', content: PDF }, 'documentDate-day', /Date of the document must be a real date/],
      [letter({ kind: 'x-ray' }), { name: 'a.pdf', type: 'application/pdf', content: PDF }, 'kind', /Type of document must be one of the options listed/],
    ];
    for (const [fields, file, field, message] of cases) {
      const response = await upload(worker, child, fields, file);
      assert.equal(response.statusCode, 400, `${field}: ${textOf(response.body).slice(0, 300)}`);
      assert.match(response.body, new RegExp(`href="#${field}"`), `the summary links to ${field}`);
      assert.match(textOf(response.body), message);
    }
    assert.deepEqual(await documents(child), before, 'nothing stored');
    assert.equal((await audits(child, 'child.document.upload', 'failed')).length, failed + cases.length);
  });

  test('a file over DOCUMENT_MAX_MB is refused with a clear message, not a crash, and nothing is stored', async () => {
    const before = await documents(child);
    const big = new Uint8Array(1024 * 1024 + 10);
    big.set(PDF);
    const response = await upload(worker, child, letter(), { name: 'big.pdf', type: 'application/pdf', content: big });
    assert.equal(response.statusCode, 413);
    assert.match(response.body, /href="#file"/, 'the form comes back, its summary linking to the file');
    assert.match(textOf(response.body), /There is a problem.*The selected file must be smaller than 1 MB/s);
    assert.deepEqual(await documents(child), before);
  });

  test('a file sent by someone not signed in is refused before it is read: asked to sign in, never told it is too large', async () => {
    const big = new Uint8Array(1024 * 1024 + 10);
    big.set(PDF);
    const { boundary, payload } = multipart(letter(), [{ name: 'big.pdf', type: 'application/pdf', content: big }]);
    const response = await t.app.inject({ method: 'POST', url: `/children/${child}/documents/new`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    assert.equal(response.statusCode, 401);
    assert.match(textOf(response.body), /Your session has ended. Sign in again./);
  });

  test('an upload without the CSRF token, or with another, is refused before anything runs', async () => {
    const before = await documents(child);
    for (const csrf of [null, 'not-the-token']) {
      const response = await upload(worker, child, letter(), { name: 'a.pdf', type: 'application/pdf', content: PDF }, csrf);
      assert.equal(response.statusCode, 403, String(csrf));
      assert.match(textOf(response.body), /did not come from this service/);
    }
    assert.deepEqual(await documents(child), before);
  });

  test('other routes still refuse multipart bodies and large forms', async () => {
    const [pdf] = await documents(child);
    await manager.get(`/children/${child}/documents/${pdf!.id}/delete`);
    const { boundary, payload } = multipart({ _csrf: manager.csrfToken, reason: 'Test' }, [{ name: 'a.pdf', type: 'application/pdf', content: PDF }]);
    const cookie = ['steadfast_browser', 'steadfast_session'].map((name) => `${name}=${manager.cookie(name) ?? ''}`).join('; ');
    const asMultipart = await t.app.inject({ method: 'POST', url: `/children/${child}/documents/${pdf!.id}/delete`, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    assert.equal(asMultipart.statusCode, 415);
    const large = await manager.post(`/children/${child}/documents/${pdf!.id}/delete`, { reason: 'x'.repeat(1_100_000) });
    assert.equal(large.statusCode, 413);
    assert.equal((await documents(child)).find((d) => d.id === pdf!.id)!.deleted_on, null, 'not deleted');
  });

  test('a document inherits the child’s access: 404 without access, restriction included, and for another child’s document', async () => {
    await worker.get(`/children/${secret}/documents/new`);
    assert.equal((await upload(worker, secret, letter({ title: 'Sealed report', kind: 'report' }), { name: 'r.pdf', type: 'application/pdf', content: PDF })).statusCode, 303);
    const [sealed] = await documents(secret);
    const [pdf] = await documents(child);
    assert.equal((await manager.get(`/children/${secret}/documents/${sealed!.id}/download`)).statusCode, 200, 'named on the restricted record');
    for (const agent of [outsider, unnamedManager]) {
      for (const url of [`/children/${secret}/documents`, `/children/${secret}/documents/${sealed!.id}/download`, `/children/${child}/documents/${pdf!.id}/download`].slice(0, agent === outsider ? 3 : 2)) {
        const response = await agent.get(url);
        assert.equal(response.statusCode, 404, url);
        assert.doesNotMatch(response.body, /Sealed report|Sky/);
      }
    }
    const crossed = await worker.get(`/children/${other}/documents/${sealed!.id}/download`);
    assert.equal(crossed.statusCode, 404, 'another child’s document through this child');
    assert.equal((await worker.get(`/children/${child}/documents/not-a-uuid/download`)).statusCode, 404);
    await outsider.get('/');
    assert.equal((await upload(outsider, child, letter(), { name: 'a.pdf', type: 'application/pdf', content: PDF })).statusCode, 404, 'no upload without access');
    assert.ok((await audits(secret, 'child.document.download', 'denied')).length >= 2, 'the refusals are audited');
  });

  test('a worker may not delete', async () => {
    const [pdf] = await documents(child);
    assert.equal((await worker.get(`/children/${child}/documents/${pdf!.id}/delete`)).statusCode, 403);
    await worker.get(`/children/${child}/documents`);
    assert.equal((await worker.post(`/children/${child}/documents/${pdf!.id}/delete`, { reason: 'Mine to remove' })).statusCode, 403);
    assert.doesNotMatch((await worker.get(`/children/${child}/documents`)).body, /\/delete"/, 'no delete link for a worker');
    assert.equal((await documents(child)).find((d) => d.id === pdf!.id)!.deleted_on, null);
  });

  test('a manager deletes with a written reason: the bytes go, the entry stays with who, when and why; audited and on the chronology', async () => {
    const [pdf] = await documents(child);
    const url = `/children/${child}/documents/${pdf!.id}/delete`;
    await manager.get(url);
    const empty = await manager.post(url, { reason: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(textOf(empty.body), /Enter why the document is being deleted/);
    const done = await manager.post(url, { reason: 'it was uploaded to the wrong child’s record' });
    assert.equal(done.statusCode, 303);
    const row = (await documents(child)).find((d) => d.id === pdf!.id)!;
    assert.equal(row.deleted_on, '2026-11-23');
    assert.equal(row.deleted_reason, 'it was uploaded to the wrong child’s record');
    assert.ok(!(await contents()).some((c) => c.document_id === pdf!.id), 'the bytes are removed');
    const page = textOf((await worker.get(`/children/${child}/documents`)).body);
    assert.match(page, /Deleted on 23 November 2026 by Mo Manager because it was uploaded to the wrong child’s record/);
    assert.equal((await worker.get(`/children/${child}/documents/${pdf!.id}/download`)).statusCode, 404);
    assert.equal((await audits(child, 'child.document.delete', 'allowed')).length, 1);
    const again = await manager.post(url, { reason: 'Twice' });
    assert.equal(again.statusCode, 400);
    assert.match(textOf(again.body), /already deleted on 23 November 2026/);
    const chronology = textOf((await worker.get(`/children/${child}/chronology`)).body);
    assert.match(chronology, /Document deleted: Letter from the school about attendance/);
    assert.match(chronology, /By Mo Manager because it was uploaded to the wrong child’s record/);
  });
});
