// The rules of a file kept on a child's record, whichever page takes it in:
// which kinds are kept (found from the bytes, never from the name or what the
// browser said), the checks a sent file passes, the name it is kept and
// downloaded under, and its size in words.
import { fileTypeFromBuffer } from 'file-type';
import type { DocumentKind } from '../../db/schema.ts';
import { hasUnstorableCharacter } from '../http/input-guard.ts';

/** The kinds of document a record keeps: a local list, in the order the form offers them. */
export const DOCUMENT_KINDS: Readonly<Record<DocumentKind, string>> = {
  letter: 'Letter',
  report: 'Report',
  plan: 'Plan',
  assessment: 'Assessment',
  minutes: 'Minutes of a meeting',
  court: 'Court document',
  childs_work: 'The child’s own work (a drawing, a letter)',
  photograph: 'Photograph',
  other: 'Other',
};

/** A file as a form sent it: the name the browser gave and the bytes. */
export interface SentFile {
  fileName: string;
  content: Uint8Array;
}

/**
 * The files kept, by the media type their content shows, with the extension
 * a download is saved with: documents that open in an ordinary program and
 * cannot run anything in the service's pages.
 */
export const ALLOWED_TYPES: Readonly<Record<string, { ext: string; words: string }>> = {
  'application/pdf': { ext: 'pdf', words: 'PDF' },
  'image/png': { ext: 'png', words: 'PNG image' },
  'image/jpeg': { ext: 'jpg', words: 'JPEG image' },
  'image/gif': { ext: 'gif', words: 'GIF image' },
  'image/webp': { ext: 'webp', words: 'WebP image' },
  'image/heic': { ext: 'heic', words: 'HEIC photo' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { ext: 'docx', words: 'Word document' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { ext: 'xlsx', words: 'Excel spreadsheet' },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { ext: 'pptx', words: 'PowerPoint presentation' },
  'application/vnd.oasis.opendocument.text': { ext: 'odt', words: 'OpenDocument text' },
  'text/plain': { ext: 'txt', words: 'plain text' },
};

export const ALLOWED_WORDS = 'a PDF, an image (PNG, JPEG, GIF, WebP or HEIC), a Word, Excel, PowerPoint or OpenDocument text file, or plain text';

/** The kept types that are a picture of something: an image, or a PDF as a scanner makes one. */
export const PICTURE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/heic', 'application/pdf'];

export const PICTURE_WORDS = 'an image (PNG, JPEG, GIF, WebP or HEIC) or a PDF';

/**
 * The media type of a file from its content (its magic bytes), when it is one
 * the record keeps, or null. A file with no signature is plain text only when
 * it is valid UTF-8 holding no control characters but tab and line ends: it
 * is then served as text/plain, as an attachment, never shown in the page.
 */
export async function detectDocumentType(content: Uint8Array): Promise<string | null> {
  if (content.length === 0) return null;
  const found = await fileTypeFromBuffer(content);
  if (found) return ALLOWED_TYPES[found.mime] ? found.mime : null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return null;
  }
  return hasUnstorableCharacter(text) ? null : 'text/plain';
}

/** The error for a file the record does not keep (GOV.UK file upload pattern). */
export const REFUSED_TYPE = `The selected file must be ${ALLOWED_WORDS}`;

/** The error for a file that is not a picture where only a picture is taken. */
export const REFUSED_PICTURE = `The selected file must be ${PICTURE_WORDS}`;

/** The error for a file over the limit. */
export function tooLargeMessage(maxMb: number): string {
  return `The selected file must be smaller than ${maxMb} MB`;
}

/** Whether a form's file box was left empty: browsers still send a part, with no name and no bytes. */
export function isNoFile(file: SentFile): boolean {
  return file.content.length === 0 && !file.fileName;
}

/**
 * Checks a sent file: not empty, within the limit, and of a type the record
 * keeps (of `allowed` only, when given), found from its content. Answers the
 * media type, or the error the form shows on the file box.
 */
export async function checkSentFile(file: SentFile, maxMb: number, allowed?: readonly string[]): Promise<{ mediaType: string } | { error: string }> {
  if (file.content.length === 0) return { error: 'The selected file is empty' };
  if (file.content.length > maxMb * 1024 * 1024) return { error: tooLargeMessage(maxMb) };
  const mediaType = await detectDocumentType(file.content);
  if (!mediaType) return { error: allowed ? REFUSED_PICTURE : REFUSED_TYPE };
  if (allowed && !allowed.includes(mediaType)) return { error: REFUSED_PICTURE };
  return { mediaType };
}

/**
 * The file's name as kept: the last part of what the browser sent (some send
 * a whole path), without control characters, at most 200 characters;
 * 'document' when nothing is left.
 */
export function keptFileName(sent: string): string {
  const last = sent.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = last.replace(/[\u0000-\u001F\u007F-\u009F]/g, '').trim();
  return Array.from(clean).slice(0, 200).join('') || 'document';
}

/** The name a download is saved under: the kept name, with the extension of what the content is added when the name has another. */
export function downloadName(fileName: string, mediaType: string): string {
  const ext = ALLOWED_TYPES[mediaType]?.ext;
  if (!ext) return fileName;
  const lower = fileName.toLowerCase();
  const matches = lower.endsWith(`.${ext}`) || (ext === 'jpg' && lower.endsWith('.jpeg'));
  return matches ? fileName : `${fileName}.${ext}`;
}

/**
 * The Content-Disposition of a download (RFC 6266): always an attachment,
 * with a plain ASCII name for old clients and the exact name in UTF-8
 * (filename*, RFC 8187, which replaced RFC 5987).
 */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7E]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A size as people read it. */
export function describeSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A kept type in words: 'PNG image'. */
export function typeWords(mediaType: string): string {
  return ALLOWED_TYPES[mediaType]?.words ?? mediaType;
}
