import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Agent } from './app.ts';

export interface FilePart {
  /** The form's file box; 'file' unless given. */
  field?: string;
  name: string;
  type: string;
  content: Uint8Array;
}

/** A multipart/form-data body as a browser sends it: the fields, then the files. */
export function multipart(fields: Record<string, string>, files: readonly FilePart[]): { boundary: string; payload: Buffer } {
  const boundary = '----steadfastTestBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(Buffer.from(file.content), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { boundary, payload: Buffer.concat(parts) };
}

/** Posts a multipart form as `agent` (with its CSRF token unless `csrf` says otherwise; null sends none), or as no one signed in. */
export function postMultipart(app: FastifyInstance, agent: Agent | null, url: string, fields: Record<string, string>, files: readonly FilePart[], csrf: string | null = agent?.csrfToken ?? null): Promise<LightMyRequestResponse> {
  const { boundary, payload } = multipart({ ...(csrf === null ? {} : { _csrf: csrf }), ...fields }, files);
  const headers: Record<string, string> = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  if (agent) headers.cookie = ['steadfast_browser', 'steadfast_session'].map((name) => `${name}=${agent.cookie(name) ?? ''}`).join('; ');
  return app.inject({ method: 'POST', url, headers, payload });
}
