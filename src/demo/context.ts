// What every step of the demo generator is given: the database, seeded
// randomness and the date the council is generated "as at".
import type { Faker } from '@faker-js/faker';
import type { Db } from '../db/database.ts';

export interface DemoOptions {
  /** 1 = a county like East Sussex: about 30 teams and 300 staff. */
  scale: number;
  seed: number;
  /** The date the demo is generated "as at", 'YYYY-MM-DD'. */
  today: string;
}

/** Seeded helpers: the same seed and scale always give the same council. */
export interface DemoRandom {
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export interface DemoContext {
  db: Db;
  faker: Faker;
  random: DemoRandom;
  scale: number;
  today: string;
  /** One argon2 hash of the demo password, shared by every generated account. */
  passwordHash: string;
  daysAgo(days: number): string;
  yearsAgo(years: number): string;
}

