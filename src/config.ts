import { z } from 'zod';

/** The secret every demo install shares; production refuses it. */
export const DEMO_SESSION_SECRET = 'steadfast-demo-secret-change-me-in-production';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const settingsSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  MIGRATION_DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  SIGN_IN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  SIGN_IN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  ACCESS_GRANT_HOURS: z.coerce.number().int().min(1).max(72).default(8),
  AUDIT_MODERATION_PERCENT: z.coerce.number().int().min(0).max(100).default(10),
  DEMO: booleanFlag.optional(),
  DEMO_SCALE: z.coerce.number().positive().max(200).default(1),
  DEMO_SEED: z.coerce.number().int().default(1),
  COUNCIL_NAME: z.string().min(1).default('East Sussex County Council'),
  COUNCIL_LA_CODE: z.string().regex(/^\d{3}$/, 'a three-digit DfE LA code').default('845'),
  COUNCIL_AREA_CODE: z.string().regex(/^E\d{8}$/, 'an ONS upper-tier authority code').default('E10000011'),
  SERVICE_NAME: z.string().min(1).default('Steadfast'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: booleanFlag.default(false),
  REQUEST_CONCURRENCY: z.coerce.number().int().min(0).max(1000).optional(),
  REQUEST_QUEUE_WAIT_SECONDS: z.coerce.number().positive().max(120).default(10),
  PUBLIC_URL: z.string().url().refine((u) => /^https?:\/\//.test(u), 'an http or https address').optional(),
  SMTP_URL: z.string().url().refine((u) => /^smtps?:\/\//.test(u), 'an smtp:// or smtps:// address').optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_SECURE: booleanFlag.optional(),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_FROM: z.string().min(3).optional(),
  INVITATION_DAYS: z.coerce.number().int().min(1).max(30).default(7),
  PASSWORD_RESET_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
  EMAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  NOTIFY_MANAGER_AFTER_OVERDUE_DAYS: z.coerce.number().int().min(1).max(90).default(5),
  DIGEST_DAY: z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']).default('monday'),
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  DOCUMENT_MAX_MB: z.coerce.number().int().min(1).max(100).default(10),
  NEGLECT_PROFILE_MONTHS: z.coerce.number().int().min(1).max(24).default(3),
  CHILD_VOICE_LINK_DAYS: z.coerce.number().int().min(1).max(60).default(14),
  FEEDBACK_LINK_DAYS: z.coerce.number().int().min(1).max(90).default(28),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(255).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URL: z.string().url().refine((u) => /^https?:\/\//.test(u), 'an http or https address').optional(),
  OIDC_NAME: z.string().min(1).max(60).optional(),
  OIDC_LINK_BY_EMAIL: booleanFlag.default(false),
});

/** How the service reaches its mail server: a URL (nodemailer's own form) or host and port, with optional credentials. */
export type SmtpSettings = { url: string; from: string } | { host: string; port: number; secure: boolean; user?: string; password?: string; from: string };

/**
 * Requests let in at once on the embedded database (docs/performance.md,
 * "PGlite under load"): it serves one query at a time, so a few requests
 * running their queries back to back finish sooner than many interleaved;
 * one did best of 1, 2 and 4 (its one connection and the page rendering share
 * one thread, so letting in more overlaps nothing).
 */
export const EMBEDDED_REQUEST_CONCURRENCY = 1;

export type Settings = z.infer<typeof settingsSchema>;

/** Sign-in through the council's identity provider (OpenID Connect, docs/identity.md). */
export interface OidcSettings {
  /** The provider's issuer identifier; its discovery document is at issuer/.well-known/openid-configuration. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: registered with the provider as the redirect URI. */
  redirectUrl: string;
  /** Shown on the sign-in page's button: "Sign in with <name>". */
  name: string;
  /** Whether a first sign-in may be matched to a person by a verified email address. */
  linkByEmail: boolean;
}

export interface Config {
  env: Settings['NODE_ENV'];
  production: boolean;
  port: number;
  host: string;
  /** Set: a PostgreSQL server. Unset: embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  /**
   * The owner of the tables, on the same server and database: migrations run
   * as it, while the server connects as databaseUrl's more limited role.
   * Unset: migrations run as databaseUrl.
   */
  migrationDatabaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  signInMaxFailures: number;
  signInLockMinutes: number;
  signInRatePerMinute: number;
  /** How long access opened with a written reason (break-glass) lasts. */
  accessGrantHours: number;
  /** The share of submitted case audits a second auditor re-grades. */
  auditModerationPercent: number;
  /** Demo mode seeds a demo council and its accounts on first start. */
  demo: boolean;
  demoScale: number;
  demoSeed: number;
  councilName: string;
  councilLaCode: string;
  councilAreaCode: string;
  serviceName: string;
  logLevel: Settings['LOG_LEVEL'];
  trustProxy: boolean;
  /**
   * Requests let in at once, the rest queued in arrival order (per process);
   * 0 = no queue. Default: EMBEDDED_REQUEST_CONCURRENCY on the embedded
   * database, no queue on a server (its pool already bounds the work).
   */
  requestConcurrency: number;
  /** The longest a queued request waits before it is answered 503 with Retry-After. */
  requestQueueWaitSeconds: number;
  /** The address people reach the service at, for the links in emails (no trailing slash). */
  publicUrl: string;
  /** The mail server; null: emails stay in the outbox and administrators see their links (development and trials). */
  smtp: SmtpSettings | null;
  /** How long an invitation link works. */
  invitationDays: number;
  /** How long a password reset link works. */
  passwordResetMinutes: number;
  /** How long a child's own link works (days) unless used up or withdrawn first. */
  childVoiceLinkDays: number;
  /** Tries before the outbox worker gives up on a message and shows it to administrators as failed. */
  emailMaxAttempts: number;
  /** Days a visit or review is overdue before the worker's line manager is told too. */
  notifyManagerAfterOverdueDays: number;
  /** When the managers' weekly digest is sent: the day of the week and the hour (London time) from which it goes. */
  digest: { day: 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday'; hour: number };
  /** The largest document a worker may upload to a child's record, in megabytes (MiB). */
  documentMaxMb: number;
  /** How often a child on a child protection plan for neglect is due a neglect profile, in months after the last one. */
  neglectProfileMonths: number;
  /** How long a feedback link given to a child, a family or a partner agency works. */
  feedbackLinkDays: number;
  /** The council's identity provider; null: local accounts only. */
  oidc: OidcSettings | null;
}

export class ConfigError extends Error {}

/** Reads every setting once; refuses unsafe production settings with one readable message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = settingsSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Setting ${String(issue.path[0])} is invalid: ${issue.message}`);
  }
  const s = parsed.data;
  const production = s.NODE_ENV === 'production';
  if (s.MIGRATION_DATABASE_URL) {
    if (!s.DATABASE_URL) {
      throw new ConfigError('MIGRATION_DATABASE_URL is set without DATABASE_URL: it is the owner\'s connection to the server DATABASE_URL names.');
    }
    if (!sameDatabase(s.DATABASE_URL, s.MIGRATION_DATABASE_URL)) {
      throw new ConfigError('MIGRATION_DATABASE_URL must name the same host, port and database as DATABASE_URL (only the user and password differ).');
    }
  }
  const demo = s.DEMO ?? !production;
  if (production) {
    if (!s.SESSION_SECRET || s.SESSION_SECRET === DEMO_SESSION_SECRET) {
      throw new ConfigError('SESSION_SECRET must be set to a private value in production (at least 32 characters).');
    }
    if (s.SESSION_SECRET.length < 32) {
      throw new ConfigError('SESSION_SECRET must be at least 32 characters in production.');
    }
    if (demo) {
      throw new ConfigError('DEMO cannot be switched on in production: demo accounts have published passwords.');
    }
  }
  const smtp = smtpSettings(s);
  if (production && smtp && !s.PUBLIC_URL) {
    throw new ConfigError('PUBLIC_URL must be set in production when email is configured: the links in invitations and password resets use it.');
  }
  return {
    env: s.NODE_ENV,
    production,
    port: s.PORT,
    host: s.HOST,
    databaseUrl: s.DATABASE_URL,
    migrationDatabaseUrl: s.MIGRATION_DATABASE_URL,
    dataDir: s.DATA_DIR,
    sessionSecret: s.SESSION_SECRET ?? DEMO_SESSION_SECRET,
    sessionIdleMinutes: s.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: s.SESSION_ABSOLUTE_HOURS,
    signInMaxFailures: s.SIGN_IN_MAX_FAILURES,
    signInLockMinutes: s.SIGN_IN_LOCK_MINUTES,
    signInRatePerMinute: s.SIGN_IN_RATE_PER_MINUTE,
    accessGrantHours: s.ACCESS_GRANT_HOURS,
    auditModerationPercent: s.AUDIT_MODERATION_PERCENT,
    demo,
    demoScale: s.DEMO_SCALE,
    demoSeed: s.DEMO_SEED,
    councilName: s.COUNCIL_NAME,
    councilLaCode: s.COUNCIL_LA_CODE,
    councilAreaCode: s.COUNCIL_AREA_CODE,
    serviceName: s.SERVICE_NAME,
    logLevel: s.LOG_LEVEL,
    trustProxy: s.TRUST_PROXY,
    requestConcurrency: s.REQUEST_CONCURRENCY ?? (s.DATABASE_URL ? 0 : EMBEDDED_REQUEST_CONCURRENCY),
    requestQueueWaitSeconds: s.REQUEST_QUEUE_WAIT_SECONDS,
    publicUrl: (s.PUBLIC_URL ?? `http://localhost:${s.PORT}`).replace(/\/+$/, ''),
    smtp,
    invitationDays: s.INVITATION_DAYS,
    passwordResetMinutes: s.PASSWORD_RESET_MINUTES,
    emailMaxAttempts: s.EMAIL_MAX_ATTEMPTS,
    notifyManagerAfterOverdueDays: s.NOTIFY_MANAGER_AFTER_OVERDUE_DAYS,
    digest: { day: s.DIGEST_DAY, hour: s.DIGEST_HOUR },
    documentMaxMb: s.DOCUMENT_MAX_MB,
    neglectProfileMonths: s.NEGLECT_PROFILE_MONTHS,
    childVoiceLinkDays: s.CHILD_VOICE_LINK_DAYS,
    feedbackLinkDays: s.FEEDBACK_LINK_DAYS,
    oidc: oidcSettings(s, production),
  };
}

/**
 * The identity provider: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET
 * together, or none of them. The issuer must be https, except on a loopback
 * address outside production (a provider started by the tests).
 */
function oidcSettings(s: Settings, production: boolean): OidcSettings | null {
  const given = [s.OIDC_ISSUER, s.OIDC_CLIENT_ID, s.OIDC_CLIENT_SECRET];
  if (given.every((v) => v === undefined)) {
    if (s.OIDC_REDIRECT_URL || s.OIDC_NAME || s.OIDC_LINK_BY_EMAIL) {
      throw new ConfigError('OIDC_REDIRECT_URL, OIDC_NAME and OIDC_LINK_BY_EMAIL need OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET to say which identity provider.');
    }
    return null;
  }
  if (given.some((v) => v === undefined)) {
    throw new ConfigError('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: set all three (from the app registration at the identity provider) or none.');
  }
  const issuer = new URL(s.OIDC_ISSUER!);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && loopback && !production)) {
    throw new ConfigError('OIDC_ISSUER must be an https address (the identity provider\'s issuer, e.g. https://login.microsoftonline.com/<tenant id>/v2.0).');
  }
  if (production && !s.OIDC_REDIRECT_URL && !s.PUBLIC_URL) {
    throw new ConfigError('Set PUBLIC_URL (or OIDC_REDIRECT_URL) in production when OIDC_ISSUER is set: the identity provider sends people back to it.');
  }
  const publicUrl = (s.PUBLIC_URL ?? `http://localhost:${s.PORT}`).replace(/\/+$/, '');
  return {
    issuer: s.OIDC_ISSUER!,
    clientId: s.OIDC_CLIENT_ID!,
    clientSecret: s.OIDC_CLIENT_SECRET!,
    redirectUrl: s.OIDC_REDIRECT_URL ?? `${publicUrl}/sign-in/oidc/callback`,
    name: s.OIDC_NAME ?? 'your organisation\'s account',
    linkByEmail: s.OIDC_LINK_BY_EMAIL,
  };
}

/** SMTP_URL, or SMTP_HOST with its port and credentials; either needs SMTP_FROM. Neither: no mail server. */
function smtpSettings(s: Settings): SmtpSettings | null {
  if (s.SMTP_URL && s.SMTP_HOST) throw new ConfigError('Set either SMTP_URL or SMTP_HOST, not both.');
  if (!s.SMTP_URL && !s.SMTP_HOST) {
    if (s.SMTP_USER || s.SMTP_PASSWORD || s.SMTP_PORT || s.SMTP_FROM) {
      throw new ConfigError('SMTP_PORT, SMTP_USER, SMTP_PASSWORD and SMTP_FROM need SMTP_HOST (or SMTP_URL) to say which mail server.');
    }
    return null;
  }
  if (!s.SMTP_FROM) throw new ConfigError('SMTP_FROM must be set when email is configured: the address emails come from.');
  if (Boolean(s.SMTP_USER) !== Boolean(s.SMTP_PASSWORD)) throw new ConfigError('SMTP_USER and SMTP_PASSWORD go together: set both or neither.');
  if (s.SMTP_URL) return { url: s.SMTP_URL, from: s.SMTP_FROM };
  const secure = s.SMTP_SECURE ?? s.SMTP_PORT === 465;
  return {
    host: s.SMTP_HOST!,
    port: s.SMTP_PORT ?? (secure ? 465 : 587),
    secure,
    ...(s.SMTP_USER ? { user: s.SMTP_USER, password: s.SMTP_PASSWORD! } : {}),
    from: s.SMTP_FROM,
  };
}

/** Whether two connection URLs reach the same database (host, port and database name). */
function sameDatabase(a: string, b: string): boolean {
  const where = (url: string) => {
    const u = new URL(url);
    return `${u.hostname.toLowerCase()}:${u.port || '5432'}${decodeURIComponent(u.pathname)}`;
  };
  return where(a) === where(b);
}
