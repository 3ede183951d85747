import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createResetRequestQueue, type ResetRequestQueue } from './requests.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** "Forgotten password" requests waiting for their link (./requests.ts). */
    resetRequests: ResetRequestQueue;
  }
}

/** One queue runner per app; what is queued when the app closes is processed first. */
export const resetRequestQueuePlugin = fp(
  async (app: FastifyInstance) => {
    const queue = createResetRequestQueue(app.services, (errors) => {
      for (const error of errors) app.log.error({ err: error }, 'a password reset request failed');
    });
    app.decorate('resetRequests', queue);
    app.addHook('onClose', () => queue.close());
  },
  { name: 'reset-requests' },
);
