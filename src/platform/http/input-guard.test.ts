import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { appForSuite, Agent, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser, TEST_PASSWORD } from '../../../test/support/users.ts';
import { findUnstorable, hasUnstorableCharacter, isFormShaped } from './input-guard.ts';

describe('which characters cannot be stored', () => {
  test('NUL, the other C0 controls, DEL and the C1 controls are refused', () => {
    for (let code = 0; code <= 0x9f; code += 1) {
      const ch = String.fromCharCode(code);
      const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
      const allowed = !control || ch === '\t' || ch === '\n' || ch === '\r';
      assert.equal(hasUnstorableCharacter(`a${ch}b`), !allowed, `U+${code.toString(16).padStart(4, '0')}`);
    }
  });

  test('tabs, new lines, right-to-left marks, emoji and other scripts are kept', () => {
    for (const text of ['one\ttwo', 'line\r\nline', '\u200Fمحمد\u200E', 'Zoë 👩🏽‍👧', '\u00A0non-breaking', "'; DROP TABLE people; --", '<script>']) {
      assert.equal(hasUnstorableCharacter(text), false, JSON.stringify(text));
    }
  });

  test('found anywhere in a parsed form or JSON body, names included, however deep', () => {
    assert.equal(findUnstorable({ a: 'ok', b: ['ok', 'x\u0000'] }), 'b[1]');
    assert.equal(findUnstorable({ ['bad\u0007']: 'ok' }), 'bad\u0007');
    assert.equal(findUnstorable({ a: 1, b: null, c: true, d: ['ok'] }), undefined);
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    assert.match(findUnstorable(deep) ?? '', /^\[0\]/);
  });
});

describe('which bodies are shaped like a form', () => {
  test('fields of text, numbers, yes or no and lists of them are; objects inside are not', () => {
    assert.equal(isFormShaped({ a: 'x', b: 1, c: true, d: null, e: ['x', 2] }), true);
    assert.equal(isFormShaped(undefined), true);
    assert.equal(isFormShaped({ livesWith: { toString: 'yes' } }), false);
    assert.equal(isFormShaped({ a: [{ b: 1 }] }), false);
  });
});

describeEachEngine('text that cannot be stored is refused at the door', (use) => {
  const t = appForSuite(use);
  let worker: Agent;
  let admin: Agent;
  let teamId: string;

  before(async () => {
    ({ teamId } = await createTeam(use().db, 'Guard team'));
    await createUser(use().db, { email: 'guard-worker@example.org', role: 'social_worker', teamId });
    await createUser(use().db, { email: 'guard-admin@example.org', role: 'system_admin' });
    worker = new Agent(t.app);
    admin = new Agent(t.app);
    assert.equal((await worker.signIn('guard-worker@example.org', TEST_PASSWORD)).statusCode, 303);
    assert.equal((await admin.signIn('guard-admin@example.org', TEST_PASSWORD)).statusCode, 303);
  });

  const people = async () => Number((await use().db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const refused = (response: { statusCode: number; body: string }, where: string) => {
    assert.equal(response.statusCode, 400, where);
    assert.match(textOf(response.body), /There is a problem with your request/, where);
    assert.match(textOf(response.body), /contains a character that cannot be stored/, where);
  };

  test('a form with a NUL or another control character in a field: 400 with the GOV.UK error page, and nothing is stored', async () => {
    await worker.get('/children/new');
    const form = {
      forename: 'Kit',
      surname: 'Guard',
      'dateOfBirth-day': '3',
      'dateOfBirth-month': '3',
      'dateOfBirth-year': '2015',
      sex: 'F',
      teamId,
    };
    const before = await people();
    for (const bad of ['\u0000', '\u0007', '\u007F', '\u0085']) {
      refused(await worker.post('/children/new', { ...form, surname: `Gu${bad}ard` }), JSON.stringify(bad));
    }
    refused(await worker.post('/children/new', { ...form, [`x${'\u0000'}`]: 'name with NUL' }), 'a field name');
    assert.equal(await people(), before);
  });

  test('a NUL in a query string: the search and the audit filters answer 400, not a server error', async () => {
    refused(await worker.get('/children/search?q=Kit%00'), 'search');
    refused(await admin.get('/admin/audit?person=jo%00'), 'audit search');
    refused(await admin.get('/admin/audit.csv?action=%01'), 'audit download');
    const search = await worker.get('/children/search?q=Kit%09Guard');
    assert.equal(search.statusCode, 200, 'a tab is ordinary text');
  });

  test('a NUL in a route parameter answers 400', async () => {
    refused(await worker.get('/children/%00'), 'child id');
    refused(await worker.get(`/work/teams/${teamId}%00`), 'team id');
  });

  test('a JSON client gets an RFC 9457 problem', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/children/search?q=%00',
      headers: { accept: 'application/json', cookie: `steadfast_session=${worker.cookie('steadfast_session')}` },
    });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    const problem = response.json() as { status: number; title: string; detail: string };
    assert.equal(problem.status, 400);
    assert.match(problem.detail, /cannot be stored/);
  });

  /** Posts JSON as a program would, signed in as the worker. */
  const postJson = (url: string, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'x-csrf-token': worker.csrfToken,
        cookie: `steadfast_session=${worker.cookie('steadfast_session')}; steadfast_browser=${worker.cookie('steadfast_browser')}`,
      },
      payload: JSON.stringify(body),
    });

  test('a JSON body with a control character is refused before the form is read', async () => {
    const before = await people();
    const response = await postJson('/children/new', { forename: 'Kit', surname: ['ok', 'Gu\u0000ard'], teamId });
    assert.equal(response.statusCode, 400);
    assert.equal(await people(), before);
  });

  test('a JSON body with an object where a field should be is refused with 400, not a server error', async () => {
    const response = await postJson('/children/new', { forename: { toString: 'Kit' }, surname: 'Guard', teamId });
    assert.equal(response.statusCode, 400);
    assert.match((response.json() as { detail: string }).detail, /could not be read/);
  });
});
