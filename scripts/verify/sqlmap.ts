// Runs sqlmap (the Debian package) against one target of the running server,
// signed in, and reads whether it found anything injectable.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SqlmapTarget {
  /** What is tried: the route pattern, and 'forms on' for a page's forms. */
  label: string;
  url: string;
  forms: boolean;
}

export interface SqlmapOutcome {
  label: string;
  injectable: string[];
  /** sqlmap could not test it (for example the page answered 404): said, not hidden. */
  problem?: string;
  seconds: number;
}

/** Path parameters are marked for sqlmap with '*': /children/<id>*\/notes. */
export function markPathParameters(pattern: string, path: string): string {
  const [pathname, query] = path.split('?') as [string, string | undefined];
  const patternParts = pattern.split('/');
  const parts = pathname.split('/').map((part, i) => (patternParts[i]?.startsWith(':') ? `${part}*` : part));
  return parts.join('/') + (query ? `?${query}` : '');
}

export async function runSqlmap(baseUrl: string, cookie: string, target: SqlmapTarget, timeoutSeconds: number): Promise<SqlmapOutcome> {
  const output = mkdtempSync(join(tmpdir(), 'steadfast-sqlmap-'));
  const started = performance.now();
  const args = [
    '-u',
    `${baseUrl}${target.url}`,
    `--cookie=${cookie}`,
    '--batch',
    '--level=1',
    '--risk=1',
    '--technique=BEU',
    '--dbms=PostgreSQL',
    '--disable-coloring',
    '--flush-session',
    '--answers=follow=N',
    `--output-dir=${output}`,
  ];
  // sqlmap refreshes the CSRF token one request at a time; plain GET targets may use several connections.
  if (target.forms) args.push('--forms', '--csrf-token=_csrf');
  else args.push('--threads=4');
  try {
    const log = await new Promise<string>((resolve) => {
      const child = spawn('sqlmap', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const timer = setTimeout(() => {
        text += '\n[verify] stopped: took too long';
        child.kill('SIGKILL');
      }, timeoutSeconds * 1000);
      child.on('close', () => {
        clearTimeout(timer);
        resolve(text);
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        resolve(`[verify] sqlmap could not run: ${error.message}`);
      });
    });
    const injectable = [...log.matchAll(/(?:GET|POST|URI|Parameter)[^\n]*? parameter '([^']+)' is (?:vulnerable|injectable)|parameter '([^']+)' (?:appears|seems) to be '[^']+' injectable/gi)].map((m) => m[1] ?? m[2]!);
    for (const file of readdirSync(output).filter((f) => f.startsWith('results-') && f.endsWith('.csv'))) {
      const rows = readFileSync(join(output, file), 'utf8').trim().split('\n').slice(1);
      for (const row of rows) if (row.trim()) injectable.push(row.split(',')[2] ?? row);
    }
    const problem = /could not run|stopped: took too long/.exec(log)?.[0] ?? (/\[CRITICAL\] (?!page not found)(.*)/.exec(log)?.[1] ?? undefined);
    return { label: target.label, injectable: [...new Set(injectable)], problem, seconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(output, { recursive: true, force: true });
  }
}
