import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';

export interface RunningServer {
  baseUrl: string;
  /** Milliseconds from spawning to the "ready" line. */
  readyMs: number;
  /** What the server itself said its start took, in seconds. */
  reportedSeconds: number | undefined;
  /** The server's process id (node itself when started as node on src/main.ts). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts Steadfast in its own process (`command` is `npm start` or node on
 * src/main.ts) on a free port and waits for the line that says it is ready.
 */
export async function startServer(command: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<RunningServer> {
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ url: string; seconds: number | undefined }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server was not ready within ${timeoutMs / 1000} s: ${errors}`)), timeoutMs);
    lines.on('line', (line) => {
      const match = /ready at (http:\/\/[^/\s]+)\/ .*started in ([\d.]+) s/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!.replace('localhost', '127.0.0.1'), seconds: Number(match[2]) });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server stopped (exit ${code}) before it was ready: ${errors}`));
    });
  });
  const readyMs = performance.now() - started;
  return { baseUrl: ready.url, readyMs, reportedSeconds: ready.seconds, pid: child.pid!, stop: () => stopProcess(child) };
}

/** Stops the process group this benchmark started (npm start runs node under npm). */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

/** Settings for a server under measurement: production mode without the demo, request logging off. */
export function measuredServerEnv(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DEMO: '0',
    SESSION_SECRET: randomBytes(24).toString('hex'),
    LOG_LEVEL: 'warn',
    SIGN_IN_RATE_PER_MINUTE: '100000',
  };
}

/** Signs a demo account in over HTTP, through the form, and answers its cookie header. */
export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(`${baseUrl}/sign-in`);
  keep(form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error('the sign-in page has no CSRF token');
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  keep(response);
  if (response.status !== 303) throw new Error(`${email} could not sign in over HTTP (status ${response.status})`);
  return header();
}
