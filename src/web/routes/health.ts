import type { FastifyInstance } from 'fastify';

/** Liveness says the process answers; readiness says its database does too. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  app.get('/readyz', async (request, reply) => {
    try {
      await app.services.database.ping();
      return reply.header('cache-control', 'no-store').send({ status: 'ready' });
    } catch (error) {
      request.log.warn({ err: error }, 'database not reachable');
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable' });
    }
  });
}
