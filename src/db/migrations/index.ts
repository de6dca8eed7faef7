import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.ts';
import * as children from './0002_children.ts';

/** Every migration, in order. Names never change once released. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_children': children,
};
