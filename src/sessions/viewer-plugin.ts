import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { readSessionToken } from './cookie.js';
import { validateSessionToken } from './sessions.js';

/** Sets `request.viewer` from the session cookie on every request. */
export const viewerPlugin = fp(
  async (app: FastifyInstance) => {
    const { config, db, clock } = app.services;
    app.addHook('onRequest', async (request) => {
      const token = readSessionToken(request, config);
      if (!token) return;
      const session = await validateSessionToken(db, clock, token);
      if (!session) return;
      const account = await db
        .selectFrom('accounts')
        .select(['id', 'status', 'kind', 'first_name', 'last_name', 'company_name'])
        .where('id', '=', session.accountId)
        .executeTakeFirst();
      if (!account || account.status === 'locked' || account.status === 'closed') return;
      request.viewer = {
        accountId: account.id,
        sessionIdHash: session.idHash,
        status: account.status,
        displayName:
          account.kind === 'company'
            ? (account.company_name ?? '')
            : `${account.first_name ?? ''} ${account.last_name ?? ''}`.trim(),
      };
    });
  },
  { name: 'viewer', dependencies: ['request-context'] },
);
