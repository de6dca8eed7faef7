// Files in and out of a child's record over HTTP: the multipart forms that
// take files in, and the download that hands one back.
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors.ts';
import { refuseUnstorableInput } from '../http/input-guard.ts';
import type { RecordParams } from '../record-access/record-section.ts';
import { requireCaseRecordReader } from '../record-access/viewer.ts';
import { attachmentDisposition, downloadName, type SentFile } from './files.ts';

/** The files each form sent, read from the multipart body before the route runs. */
const sentFiles = new WeakMap<FastifyRequest, SentFile[]>();

/** The files a request's form sent in its file box, in the order sent. */
export function sentFilesOf(request: FastifyRequest): SentFile[] {
  return sentFiles.get(request) ?? [];
}

class FileTooLarge extends Error {}

export interface FileFormOptions {
  maxMb: number;
  /** The name of the form's file box. */
  fileField: string;
  /** How many files the box takes. */
  maxFiles: number;
  /** The form's other fields, the CSRF token included. */
  maxFields: number;
  /** The form again, saying the file was too large: the rest of the form is lost with the body, so it comes back empty. */
  tooLarge: (request: FastifyRequest<{ Params: RecordParams }>, reply: FastifyReply) => Promise<unknown>;
}

/**
 * Registers the routes `routes` adds in a scope of their own that reads
 * multipart bodies: every other route still refuses them (415) and keeps
 * the application's 1 MiB body limit. Before the body is read, a file sent by
 * someone not signed in, or by an administrator, is refused, never taken in.
 * A file over the limit stops the reading and brings the form back (413).
 */
export async function fileFormRoutes(app: FastifyInstance, options: FileFormOptions, routes: (scope: FastifyInstance) => void | Promise<void>) {
  await app.register(async (scope) => {
    scope.addHook('preValidation', async (request, reply) => {
      await requireCaseRecordReader(request, reply);
      if (reply.sent) return reply;
    });
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: options.maxMb * 1024 * 1024, files: options.maxFiles, fields: options.maxFields, parts: options.maxFields + options.maxFiles, fieldSize: 10_000, headerPairs: 100 },
      async onFile(this: FastifyRequest, part: MultipartFile) {
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) chunks.push(chunk as Buffer);
        if (part.file.truncated) throw new FileTooLarge();
        if (part.fieldname !== options.fileField) return;
        const files = sentFiles.get(this) ?? [];
        files.push({ fileName: part.filename, content: Buffer.concat(chunks) });
        sentFiles.set(this, files);
      },
    });
    // The fields are parsed only now, after the application's own input guard ran on an empty body: guard them too.
    scope.addHook('preValidation', refuseUnstorableInput);
    scope.setErrorHandler(async (error: Error & { code?: string; statusCode?: number }, request: FastifyRequest<{ Params: RecordParams }>, reply) => {
      if (error instanceof FileTooLarge || error.code === 'FST_REQ_FILE_TOO_LARGE') return options.tooLarge(request, reply.code(413));
      if (error.code?.startsWith('FST_') && error.statusCode === 413) {
        throw new HttpError(413, `The form sent ${options.maxFiles === 1 ? 'more than one file' : `more than ${options.maxFiles} files`} or more fields than it has. Go back and try again.`);
      }
      throw error;
    });
    await routes(scope);
  });
}

/** A kept file as a download: always an attachment of the type found from its content, never sniffed, cached or shown in a page. */
export function sendDocument(reply: FastifyReply, file: { fileName: string; mediaType: string; content: Buffer }) {
  return reply
    .header('Content-Type', file.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : file.mediaType)
    .header('Content-Disposition', attachmentDisposition(downloadName(file.fileName, file.mediaType)))
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', 'no-store')
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .send(file.content);
}
