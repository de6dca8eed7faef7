import { startServer } from '../lib/server.ts';
import type { Scenario } from '../lib/scenario.ts';

/**
 * `npm start` on a data directory (or database) already holding the dataset,
 * as someone starting Steadfast again would: time to the "ready" line and to
 * the first page served. The asset build that npm start runs first counts.
 */
export const coldStartScenario: Scenario = {
  name: 'cold-start',
  description: 'npm start to the first served page, on a database already holding the dataset',
  async run({ engine, dataset, log }) {
    const copy = await (await dataset()).copyForProcess();
    try {
      const started = performance.now();
      const server = await startServer(['npm', 'start', '--silent'], copy.env);
      try {
        const response = await fetch(`${server.baseUrl}/sign-in`);
        await response.text();
        const firstPageMs = performance.now() - started;
        if (response.status !== 200) throw new Error(`the first page answered ${response.status}`);
        log(`  first page after ${Math.round(firstPageMs)} ms`);
        return [
          {
            scenario: 'cold-start',
            engine,
            subject: 'npm start to first page',
            figures: {
              'ready s': Math.round(server.readyMs) / 1000,
              'first page s': Math.round(firstPageMs) / 1000,
              'app reported s': server.reportedSeconds ?? '',
              // npm, the asset check and loading the code, before main() begins.
              'before main s': server.reportedSeconds === undefined ? '' : Math.round(server.readyMs - server.reportedSeconds * 1000) / 1000,
              'target s': 3,
            },
          },
        ];
      } finally {
        await server.stop();
      }
    } finally {
      await copy.discard();
    }
  },
};
