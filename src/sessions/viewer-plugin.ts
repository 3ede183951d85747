import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { readSessionToken } from './cookie.js';
import { SessionManager } from './manager.js';
import { createRedisSessionStore } from './redis-store.js';
import { createDatabaseSessionStore } from './store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sessions: the store chosen by configuration (Redis when REDIS_URL is set) and its cache. */
    sessions: SessionManager;
  }
}

/** Sets `request.viewer` from the session cookie on every request. */
export const viewerPlugin = fp(
  async (app: FastifyInstance) => {
    const { config, db, clock, redis } = app.services;
    const store = redis ? createRedisSessionStore(redis) : createDatabaseSessionStore(db);
    const sessions = new SessionManager(db, store, clock, config);
    app.decorate('sessions', sessions);
    app.addHook('onRequest', async (request) => {
      const token = readSessionToken(request, config);
      if (!token) return;
      const found = await sessions.viewerFor(token);
      if (found) request.viewer = found.viewer;
    });
  },
  { name: 'viewer', dependencies: ['request-context'] },
);
