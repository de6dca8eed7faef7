import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { childsDrawing, smallPdf } from '../../demo/documents.ts';
import { attachmentDisposition, checkSentFile, describeSize, detectDocumentType, downloadName, keptFileName, PICTURE_TYPES, REFUSED_PICTURE, tooLargeMessage } from './files.ts';

const fixedRand = { pick: <T>(items: readonly T[]) => items[0]!, int: (min: number) => min };

test('the type comes from the content: a PDF and a PNG are kept whatever they are called', async () => {
  assert.equal(await detectDocumentType(smallPdf(['A letter'])), 'application/pdf');
  assert.equal(await detectDocumentType(childsDrawing(fixedRand)), 'image/png');
});

test('files the record does not keep are refused: an executable, a zip, HTML saved as text is only text', async () => {
  const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, ...new Array(64).fill(0)]);
  assert.equal(await detectDocumentType(exe), null, 'a Windows program');
  assert.equal(await detectDocumentType(zipOf('notes.bin', 'hello')), null, 'a plain zip');
  assert.equal(await detectDocumentType(new Uint8Array()), null, 'an empty file');
  assert.equal(await detectDocumentType(new TextEncoder().encode('Contact log\r\n\tSeen at home.\n')), 'text/plain');
  assert.equal(await detectDocumentType(new TextEncoder().encode('<html><script>alert(1)</script></html>')), 'text/plain', 'kept as text, never served as HTML');
  assert.equal(await detectDocumentType(new Uint8Array([0x41, 0x00, 0x42])), null, 'text holding NUL');
  assert.equal(await detectDocumentType(new Uint8Array([0x41, 0xff, 0xfe, 0x42])), null, 'not UTF-8');
});

test('the kept file name is the last part of what the browser sent, without control characters', () => {
  assert.equal(keptFileName('C:\\fakepath\\letter.pdf'), 'letter.pdf');
  assert.equal(keptFileName('../../etc/passwd'), 'passwd');
  assert.equal(keptFileName('a\u0000b\u001fc.pdf'), 'abc.pdf');
  assert.equal(keptFileName('   '), 'document');
  assert.equal(keptFileName('x'.repeat(300)).length, 200);
});

test('a download is saved with the extension of what it is', () => {
  assert.equal(downloadName('letter.pdf', 'application/pdf'), 'letter.pdf');
  assert.equal(downloadName('photo.JPEG', 'image/jpeg'), 'photo.JPEG');
  assert.equal(downloadName('letter.txt', 'application/pdf'), 'letter.txt.pdf');
  assert.equal(downloadName('page.html', 'text/plain'), 'page.html.txt');
});

test('Content-Disposition is always an attachment, with an ASCII name and the exact name in UTF-8 (RFC 6266, RFC 8187)', () => {
  assert.equal(attachmentDisposition('letter.pdf'), `attachment; filename="letter.pdf"; filename*=UTF-8''letter.pdf`);
  assert.equal(attachmentDisposition('Zoë’s "drawing" (1).png'), `attachment; filename="Zo__s _drawing_ (1).png"; filename*=UTF-8''Zo%C3%AB%E2%80%99s%20%22drawing%22%20%281%29.png`);
  assert.equal(attachmentDisposition('a\\b;c%.pdf'), `attachment; filename="a_b;c_.pdf"; filename*=UTF-8''a%5Cb%3Bc%25.pdf`);
});

test('sizes as people read them', () => {
  assert.equal(describeSize(900), '900 bytes');
  assert.equal(describeSize(2600), '3 KB');
  assert.equal(describeSize(3.5 * 1024 * 1024), '3.5 MB');
});

test('a sent file is checked: not empty, within the limit, of a kept type; where only a picture is taken, an image or a PDF', async () => {
  const png = childsDrawing(fixedRand);
  assert.deepEqual(await checkSentFile({ fileName: 'd.png', content: png }, 1), { mediaType: 'image/png' });
  assert.deepEqual(await checkSentFile({ fileName: 'd.png', content: png }, 1, PICTURE_TYPES), { mediaType: 'image/png' });
  assert.deepEqual(await checkSentFile({ fileName: 'l.pdf', content: smallPdf(['A scan']) }, 1, PICTURE_TYPES), { mediaType: 'application/pdf' });
  assert.deepEqual(await checkSentFile({ fileName: 'e.png', content: new Uint8Array() }, 1), { error: 'The selected file is empty' });
  const big = new Uint8Array(1024 * 1024 + 1);
  big.set(png);
  assert.deepEqual(await checkSentFile({ fileName: 'big.png', content: big }, 1), { error: tooLargeMessage(1) });
  const notes = new TextEncoder().encode('Notes of the visit');
  assert.deepEqual(await checkSentFile({ fileName: 'n.txt', content: notes }, 1), { mediaType: 'text/plain' });
  assert.deepEqual(await checkSentFile({ fileName: 'n.png', content: notes }, 1, PICTURE_TYPES), { error: REFUSED_PICTURE }, 'text is kept on the record, but is not a drawing or a photo');
});

/** A zip archive of one stored file, as any zip tool makes it. */
function zipOf(name: string, content: string): Uint8Array {
  const data = Buffer.from(content);
  const packed = deflateRawSync(data);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  return new Uint8Array(Buffer.concat([local, nameBytes, packed]));
}
