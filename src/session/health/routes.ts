import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/** Database reachability for load balancers and operators; no secrets, no versions. */
export async function healthRoutes(app: FastifyInstance, deps: { db: Db; engine: 'pglite' | 'postgres' }) {
  app.get('/health', async (_request, reply) => {
    const started = performance.now();
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok', database: { engine: deps.engine, reachable: true, latencyMs: Math.round(performance.now() - started) } };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: { engine: deps.engine, reachable: false } });
    }
  });
}
