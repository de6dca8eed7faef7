/**
 * What the test run can reach, decided once by scripts/run-tests.ts and passed
 * to every test process through the environment.
 */
export const TEST_TODAY = '2026-11-23';
/** The demo snapshot for tests is generated at this scale and seed. */
export const TEST_DEMO = { scale: 0.1, seed: 7 } as const;

export const ARTIFACTS_DIR = new URL('../../.test-artifacts/', import.meta.url);

export function postgresAdminUrl(): string | undefined {
  return process.env.STEADFAST_TEST_POSTGRES || undefined;
}

export function browserPath(): string | undefined {
  return process.env.STEADFAST_TEST_BROWSER || undefined;
}

/** HAProxy, for the test of several instances behind one address. */
export function haproxyPath(): string | undefined {
  return process.env.STEADFAST_TEST_HAPROXY || undefined;
}
