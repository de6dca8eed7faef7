/**
 * Steadfast in a child process, as an operator runs it, and an HTTP client
 * that keeps cookies and CSRF tokens as a browser would: for tests that
 * start it, stop it, kill it and start it again.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { TEST_PASSWORD } from './users.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const READY = /Steadfast is ready at (http:\/\/\S+?\/) /;

export interface Server {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: Server[] = [];

/** `node <command>` in the project folder with only the settings given: nothing of the test run's own environment (NODE_ENV=test, DATABASE_URL…) leaks in. */
export function startServerProcess(command: string[], settings: Record<string, string>): Server {
  const child = spawn(process.execPath, command, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const server = { child, stdout: () => stdout, stderr: () => stderr, exited };
  started.push(server);
  return server;
}

/** Kills whatever a test left running (call in `after`). */
export async function killLeftovers(): Promise<void> {
  for (const server of started.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }
}

export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Asks `ready` every `everyMs` until it says yes; fails once `ms` have passed.
 * Polling stops either way, so a failure leaves nothing running to keep the
 * test process alive.
 */
export async function waitUntil(ready: () => boolean | Promise<boolean>, ms: number, what: string, everyMs = 100): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${what}: nothing after ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The address the server prints once it listens; fails if it exits first or takes longer than `ms`. */
export async function readyAt(server: Server, ms = 60_000): Promise<string> {
  const deadline = Date.now() + ms;
  let exit: { code: number | null } | undefined;
  void server.exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    const match = READY.exec(server.stdout());
    if (match) return match[1]!;
    if (exit) assert.fail(`exited with ${exit.code} before it was ready:\n${server.stdout()}\n${server.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`not ready after ${ms / 1000} s:\n${server.stdout()}\n${server.stderr()}`);
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A client with a cookie jar that sends the last page's CSRF token, as a browser would. */
export class HttpClient {
  readonly cookies = new Map<string, string>();
  csrfToken = '';
  constructor(readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(path, this.base), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair] = setCookie.split(';');
      const [name, value = ''] = pair!.split('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(setCookie)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return response;
  }

  /** GETs a page and keeps its CSRF token. */
  async page(path: string): Promise<{ status: number; html: string }> {
    const response = await this.request(path);
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrfToken = token;
    return { status: response.status, html };
  }

  post(path: string, form: Record<string, string>): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: this.csrfToken, ...form }).toString(),
    });
  }

  /** Signs in through the form; 303 when it worked. */
  async signIn(email: string, password = TEST_PASSWORD): Promise<Response> {
    await this.page('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    await response.arrayBuffer();
    return response;
  }
}
