// One-time codes from an authenticator app (TOTP, RFC 6238: HMAC-SHA-1,
// 6 digits, 30-second steps, the parameters every common app uses) and the
// recovery codes for when the phone is lost. Pure but for the random secret.
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { hashToken } from './tokens.ts';

const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** Codes one step either side are accepted too (RFC 6238 section 5.2), for a phone's clock a little out. */
const STEPS_EITHER_SIDE = 1;
export const RECOVERY_CODE_COUNT = 10;
/** Wrong codes in one sign-in before it ends and the password is asked again. */
export const MAX_CODE_FAILURES = 5;

/** A new shared secret: 160 bits, the length RFC 4226 section 4 recommends. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label = ''): TOTP {
  return new TOTP({ issuer: 'Steadfast', label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpAddress(secret: string, council: string, email: string): string {
  return new TOTP({ issuer: `Steadfast ${council}`, label: email, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) }).toString();
}

/** The secret in groups of four, for typing into an app by hand. */
export function secretForTyping(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/** What a person typed as a code, without the spaces some apps show; null when it is not six digits. */
export function readCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

/**
 * The step of a correct code, or null. A code of a step already used (the
 * last accepted, or an earlier one) is refused, so a code seen once cannot
 * be replayed within its window.
 */
export function acceptedStep(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  const delta = totpFor(secret).validate({ token: code, timestamp: now.getTime(), window: STEPS_EITHER_SIDE });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** The code an app shows at a moment: for tests and the demo only. */
export function codeAt(secret: string, at: Date): string {
  return totpFor(secret).generate({ timestamp: at.getTime() });
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** New recovery codes, as the person sees them once: ten characters (about 49 bits) in two groups. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = Array.from(bytes, (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A recovery code as stored: its hash, whatever case and separators it was typed with. */
export function recoveryCodeHash(typed: string): string {
  return hashToken(typed.toLowerCase().replace(/[^a-z0-9]/g, ''));
}
