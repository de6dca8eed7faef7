import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message the test mail server accepted, decoded enough to read. */
export interface CapturedEmail {
  to: string[];
  subject: string;
  text: string;
}

export interface TestMailServer {
  port: number;
  messages: CapturedEmail[];
  /** Messages refused so far (while `refuse` said so). */
  refused: number;
  /** Settings for the app: SMTP on loopback, with no TLS (the server is the test's own). */
  settings: Record<string, string>;
  close(): Promise<void>;
}

/** Quoted-printable as nodemailer writes it: soft line breaks and =XX escapes. */
function decodeQuotedPrintable(body: string): string {
  return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function parse(raw: string, to: string[]): CapturedEmail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const subject = /^Subject: (.*)$/im.exec(head)?.[1] ?? '';
  const encoding = /^Content-Transfer-Encoding: (.*)$/im.exec(head)?.[1]?.trim().toLowerCase();
  const text = encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : body;
  return { to, subject, text: text.replace(/\r\n/g, '\n') };
}

/**
 * A real SMTP server on loopback (smtp-server) that keeps every message it
 * accepts. `refuse` decides, per delivery, whether to answer with a
 * temporary failure instead: for testing retries.
 */
export async function startMailServer(options: { refuse?: () => boolean } = {}): Promise<TestMailServer> {
  const captured: TestMailServer = { port: 0, messages: [], refused: 0, settings: {}, close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (options.refuse?.()) {
          captured.refused += 1;
          const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
          return callback(error);
        }
        captured.messages.push(parse(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address)));
        return callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  captured.port = (server.server.address() as AddressInfo).port;
  captured.settings = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(captured.port), SMTP_SECURE: '0', SMTP_FROM: 'Steadfast <no-reply@steadfast.example.org>', PUBLIC_URL: 'https://steadfast.example.org' };
  captured.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return captured;
}

/** The path and query of the one link to the service in a message. */
export function linkIn(email: CapturedEmail): string {
  const match = /https:\/\/steadfast\.example\.org(\/\S+)/.exec(email.text);
  if (!match) throw new Error(`no link in the email: ${email.text}`);
  return match[1]!;
}
