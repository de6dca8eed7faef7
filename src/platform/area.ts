import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from './clock/clock.ts';

/** What an area's routes are given by the application: each area's index.ts registers its capabilities with these. */
export interface AreaDeps {
  config: Config;
  db: Db;
  clock: Clock;
  engine: 'pglite' | 'postgres';
}
