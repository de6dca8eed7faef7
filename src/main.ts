import type { FastifyInstance } from 'fastify';
import { applicationJobs, buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DatabaseLockedError, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { databaseIsEmpty } from './demo/empty.ts';
import { loadedLine, startSeedProgress } from './demo/progress.ts';
import { londonDate, systemClock } from './platform/clock/clock.ts';
import { startScheduler, type Scheduler } from './platform/scheduler/scheduler.ts';
import { onStopSignals, stopWhenParentGoes } from './platform/process/stop-signals.ts';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  if (config.migrationDatabaseUrl) {
    // The owner migrates; the server then connects as the application role, which may not alter tables.
    const owner = await openDatabase({ databaseUrl: config.migrationDatabaseUrl, poolSize: 1 });
    try {
      await migrateToLatest(owner.db);
    } finally {
      await owner.close();
    }
  }
  const opened = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const where = config.databaseUrl ? 'PostgreSQL server' : `embedded database in ${config.dataDir}`;
  let app: FastifyInstance | undefined;
  let scheduler: Scheduler | undefined;
  let stopRequested = false;

  const startUp = async () => {
    if (!config.migrationDatabaseUrl) await migrateToLatest(opened.db);
    if (config.demo && !stopRequested && (await databaseIsEmpty(opened.db))) {
      console.log(
        `Creating the demo council (scale ${config.demoScale}, seed ${config.demoSeed}): first start only, about ${demoWait(config.demoScale)}…`,
      );
      // The generator (faker and its locales) takes a while to load: only the first start needs it.
      const { generateDemo } = await import('./demo/generate.ts');
      const progress = startSeedProgress(process.stderr, config.demoScale);
      try {
        await generateDemo(opened.db, { scale: config.demoScale, seed: config.demoSeed, today: londonDate(systemClock.now()) });
      } finally {
        progress.finish();
      }
      const loaded = progress.finish();
      console.log(loadedLine(loaded.rows, loaded.seconds));
    }
    if (stopRequested) return;
    app = await buildApp({ config, db: opened.db, clock: systemClock, engine: opened.engine });
    scheduler = startScheduler(applicationJobs(opened.db, systemClock, config, opened.engine));
    if (!config.smtp) {
      console.log(
        'No mail server is configured (SMTP_URL or SMTP_HOST): invitation and password reset emails stay in the outbox, ' +
          'where system administrators see them with their links at /admin/emails.',
      );
    }
    await app.listen({ port: config.port, host: config.host });
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
    // The port actually bound: PORT=0 asks the system for a free one.
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`Steadfast is ready at http://${shownHost}:${port}/ (${where}${config.demo ? ', demo mode' : ''}; started in ${seconds} s)`);
  };
  const starting = startUp();

  // A signal while starting lets the step under way finish (a migration is
  // never cut short), then stops; one while serving stops taking
  // connections, finishes the requests in flight and the scheduled jobs
  // running, and closes the database (PGlite's directory lock with it).
  onStopSignals({
    stop: async () => {
      stopRequested = true;
      await starting.catch(() => {});
      await scheduler?.stop();
      await app?.close();
      await opened.close();
      console.log('Steadfast stopped.');
    },
    exit: (code) => process.exit(code),
  });
  if (process.env.npm_lifecycle_event) stopWhenParentGoes();

  try {
    await starting;
  } catch (error) {
    if (stopRequested) return;
    await opened.close();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseLockedError) {
    console.error(`Steadfast cannot start: ${error.message}`);
  } else {
    console.error('Steadfast cannot start:', error);
  }
  process.exit(1);
});

/** The first start's wait: about 20 seconds at scale 1 on a two-core machine (docs/performance.md), growing in proportion. */
function demoWait(scale: number): string {
  const seconds = 20 * scale;
  return seconds < 90 ? `${Math.max(5, Math.round(seconds / 5) * 5)} seconds` : `${Math.round(seconds / 60)} minutes`;
}
