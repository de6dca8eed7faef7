import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const commonPasswords = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/** zxcvbn's estimate (0 to 4) of how hard a password is to guess; 3 and above is accepted. */
export const PASSWORD_MIN_STRENGTH = 3;
let strengthEstimator: ZxcvbnFactory | undefined;
function strength(password: string, userInputs: string[]): number {
  strengthEstimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return strengthEstimator.check(password, userInputs).score;
}

/** argon2id with the OWASP-recommended minimums (19 MiB, 2 passes). */
const argonOptions = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** A dummy hash so an unknown email costs as much time as a wrong password. */
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword('no such account, but spend the time anyway');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** Returns the reason a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`;
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return 'Password is too common: choose one that is harder to guess';
  if (/^(.)\1+$/.test(password)) return 'Password must not be one character repeated';
  const localPart = context.email?.split('@')[0]?.toLowerCase();
  if (localPart && localPart.length >= 4 && lower.includes(localPart)) {
    return 'Password must not contain your email address';
  }
  const userInputs = [context.email, localPart, ...(context.name?.split(/\s+/) ?? [])].filter((w): w is string => Boolean(w && w.length >= 3));
  if (strength(password, userInputs) < PASSWORD_MIN_STRENGTH) {
    return 'Password is too easy to guess: use three or four unrelated words, or a longer mix of words and numbers';
  }
  return null;
}
