/** The wait before the next try after `attempts` unsuccessful ones: a minute, doubling each time, never more than six hours. */
export function retryDelayMs(attempts: number): number {
  const first = 60_000;
  const longest = 6 * 3_600_000;
  return Math.min(first * 2 ** Math.max(0, Math.min(attempts - 1, 20)), longest);
}

/** An error as one short line for the outbox page: no stack, nothing long. */
export function errorLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, 300) || 'unknown error';
}
