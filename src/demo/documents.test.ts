import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';
import { detectDocumentType } from '../platform/documents/files.ts';

describeEachEngine(
  'the demo council’s documents: small letters, minutes and drawings on a sample of records',
  (use) => {
    test('a sample of open children have a few documents, each a real file of the type recorded, a few KiB, under 1 MiB in all', async (t) => {
      const db = use().db;
      const documents = await db
        .selectFrom('documents')
        .leftJoin('document_contents', 'document_contents.document_id', 'documents.id')
        .innerJoin('people', 'people.id', 'documents.child_id')
        .innerJoin('users', 'users.id', 'documents.uploaded_by')
        .select(['documents.id', 'documents.child_id', 'documents.kind', 'documents.media_type', 'documents.size_bytes', 'documents.document_date', 'documents.uploaded_at', 'documents.deleted_on', 'documents.deleted_reason', 'document_contents.content', 'people.date_of_birth', 'users.role'])
        .where('documents.direct_work_session_id', 'is', null) // the drawings from direct-work sessions are checked with direct work
        .execute();
      const children = new Set(documents.map((d) => d.child_id));
      t.diagnostic(`${documents.length} documents on ${children.size} records; ${documents.filter((d) => d.deleted_on).length} deleted`);
      assert.ok(children.size >= 15, `${children.size} records with documents`);
      assert.ok(documents.length / children.size >= 1 && documents.length / children.size <= 2);
      let total = 0;
      for (const d of documents) {
        assert.ok(d.document_date >= (d.date_of_birth ?? '') && d.document_date <= TEST_TODAY, 'dated in the child’s life, not in the future');
        assert.ok(d.uploaded_at.getTime() <= new Date(`${TEST_TODAY}T23:59:59Z`).getTime());
        if (d.deleted_on) {
          assert.equal(d.content, null, 'a deleted document has no bytes');
          assert.ok(d.deleted_reason);
          continue;
        }
        assert.ok(d.content, 'a document not deleted keeps its bytes');
        assert.equal(d.content.length, d.size_bytes);
        assert.equal(await detectDocumentType(d.content), d.media_type, 'the recorded type is what the content is');
        assert.ok(d.size_bytes < 8 * 1024, `${d.size_bytes} bytes`);
        total += d.size_bytes;
      }
      assert.ok(total < 1024 * 1024, `${total} bytes in all`);
      assert.ok(documents.some((d) => d.kind === 'childs_work' && d.media_type === 'image/png'), 'children’s drawings');
      assert.ok(documents.some((d) => d.media_type === 'application/pdf'), 'letters and minutes');
      assert.ok(documents.some((d) => d.deleted_on), 'one or two deleted with a reason');
    });
  },
  { fixture: 'demo' },
);
