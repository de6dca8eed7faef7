import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DatabaseLockedError, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { databaseIsEmpty } from './demo/empty.ts';
import { londonDate, systemClock } from './platform/clock/clock.ts';
import { applicationJobs } from './platform/scheduler/jobs.ts';
import { startScheduler } from './platform/scheduler/scheduler.ts';

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
  try {
    if (!config.migrationDatabaseUrl) await migrateToLatest(opened.db);
    if (config.demo && (await databaseIsEmpty(opened.db))) {
      console.log(`Creating the demo council (scale ${config.demoScale}, seed ${config.demoSeed})…`);
      // The generator (faker and its locales) takes a while to load: only the first start needs it.
      const { generateDemo } = await import('./demo/generate.ts');
      await generateDemo(opened.db, { scale: config.demoScale, seed: config.demoSeed, today: londonDate(systemClock.now()) });
    }
    const app = await buildApp({ config, db: opened.db, clock: systemClock, engine: opened.engine });
    const scheduler = startScheduler(applicationJobs(opened.db, systemClock));
    const shutdown = async (signal: string) => {
      console.log(`${signal}: stopping…`);
      await scheduler.stop();
      await app.close();
      await opened.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    await app.listen({ port: config.port, host: config.host });
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
    // The port actually bound: PORT=0 asks the system for a free one.
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`Steadfast is ready at http://${shownHost}:${port}/ (${where}${config.demo ? ', demo mode' : ''}; started in ${seconds} s)`);
  } catch (error) {
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
