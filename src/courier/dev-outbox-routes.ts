import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import type { MessageChannel } from './schema.js';
import { insertionOrder } from './store.js';
import { renderOutbox } from './dev-outbox-view.js';

const pageSize = 100;

/** The dev outbox is a development tool: never in production, and only for a channel it replaces. */
export function devOutboxChannels(config: Config): MessageChannel[] {
  if (config.mode === 'production') return [];
  const channels: MessageChannel[] = [];
  if (config.devOutbox.email) channels.push('email');
  if (config.devOutbox.sms) channels.push('sms');
  return channels;
}

/** GET /dev/outbox: every message the dev channels "sent", newest first. Not registered otherwise (404). */
export async function devOutboxRoutes(app: FastifyInstance): Promise<void> {
  const channels = devOutboxChannels(app.services.config);
  if (channels.length === 0) return;
  app.get('/dev/outbox', async (request, reply) => {
    const rows = await app.services.db
      .selectFrom('messages')
      .selectAll()
      .where('channel', 'in', channels)
      .orderBy('created_at', 'desc')
      .orderBy(insertionOrder(app.services.db), 'desc')
      .limit(pageSize)
      .execute();
    const body = renderOutbox(rows, {
      t: request.t,
      publicBase: app.services.config.publicUrl.href,
      limit: pageSize,
    });
    return reply.page({ title: request.t('outbox.title'), body });
  });
}
