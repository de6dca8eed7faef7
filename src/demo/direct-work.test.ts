import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';
import { detectDocumentType } from '../platform/documents/files.ts';

describeEachEngine(
  'the demo council’s direct work: a library of nine tools and sessions on a sample of open records',
  (use) => {
    test('three tools of each kind, each with guidance, the most naming a training course', async () => {
      const tools = await use().db.selectFrom('direct_work_tools').selectAll().execute();
      assert.equal(tools.length, 9);
      for (const kind of ['communication', 'digital', 'neglect'] as const) assert.equal(tools.filter((t) => t.kind === kind).length, 3, kind);
      assert.ok(tools.every((t) => t.guidance.length > 40 && t.retired_on === null));
      assert.ok(tools.filter((t) => t.course_id).length >= 6, 'linked to the learning catalogue');
    });

    test('every session is dated in the child’s life within the last year, uses a tool in use that suits their age, and holds the child’s words apart from the analysis', async (t) => {
      const sessions = await use()
        .db.selectFrom('direct_work_sessions as s')
        .innerJoin('direct_work_tools as tool', 'tool.id', 's.tool_id')
        .innerJoin('people', 'people.id', 's.child_id')
        .innerJoin('users', 'users.id', 's.recorded_by')
        .select(['s.child_id', 's.session_date', 's.childs_words', 's.analysis', 's.what_changed', 's.took_part', 'tool.retired_on', 'tool.age_from', 'tool.age_to', 'people.date_of_birth', 'users.role'])
        .execute();
      const children = new Set(sessions.map((s) => s.child_id));
      t.diagnostic(`${sessions.length} sessions on ${children.size} records`);
      assert.ok(children.size >= 15, `${children.size} records with direct work`);
      const yearAgo = `${Number(TEST_TODAY.slice(0, 4)) - 1}${TEST_TODAY.slice(4)}`;
      for (const s of sessions) {
        assert.ok(s.session_date <= TEST_TODAY && s.session_date > yearAgo, s.session_date);
        assert.ok(s.session_date >= s.date_of_birth!, 'not before the child was born');
        assert.equal(s.retired_on, null, 'a tool in use');
        const [by, bm, bd] = s.date_of_birth!.split('-').map(Number) as [number, number, number];
        const [y, m, d] = s.session_date.split('-').map(Number) as [number, number, number];
        const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
        assert.ok(s.age_from <= age && age <= s.age_to, `age ${age} suits the tool`);
        assert.ok(s.childs_words.trim().length > 0 && s.analysis.trim().length > 0 && s.what_changed.trim().length > 0);
        assert.notEqual(s.childs_words, s.analysis);
        assert.ok(s.took_part.length > 0);
      }
    });

    test('some sessions have a drawing of the work: a real PNG, a document on the same child’s record naming the session, dated on it', async (t) => {
      const drawings = await use()
        .db.selectFrom('documents')
        .innerJoin('direct_work_sessions as s', 's.id', 'documents.direct_work_session_id')
        .innerJoin('document_contents', 'document_contents.document_id', 'documents.id')
        .select(['documents.child_id', 'documents.kind', 'documents.media_type', 'documents.size_bytes', 'documents.document_date', 'documents.uploaded_by', 'documents.title', 's.child_id as session_child', 's.session_date', 's.recorded_by', 'document_contents.content'])
        .execute();
      t.diagnostic(`${drawings.length} drawings from sessions`);
      assert.ok(drawings.length >= 3, `${drawings.length} drawings`);
      for (const d of drawings) {
        assert.equal(d.child_id, d.session_child);
        assert.equal(d.document_date, d.session_date);
        assert.equal(d.uploaded_by, d.recorded_by);
        assert.equal(d.kind, 'childs_work');
        assert.equal(await detectDocumentType(d.content), 'image/png');
        assert.equal(d.content.length, d.size_bytes);
        assert.match(d.title, /’s work from direct work \(.+\), \d{1,2} \w+ \d{4}$/);
      }
    });
  },
  { fixture: 'demo' },
);
