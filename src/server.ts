import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config/config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createServices } from './services.js';
import { startCourier } from './courier/start.js';
import { startMaintenance } from './maintenance/start.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  close(): Promise<void>;
}

/** Opens the database, applies migrations, starts the courier and listens. */
export async function startServer(
  config: Config,
  logger: Logger | false,
  clock: Clock = systemClock,
): Promise<RunningServer> {
  const database = openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    onFlushError: (error) => {
      if (logger) logger.error({ err: error }, 'flushing the database log to disk failed');
    },
    onCheckpointFailure: (error) => {
      if (logger) logger.error({ err: error }, 'checkpointing the database log failed');
    },
  });
  await migrateToLatest(database, config.dataDir);
  const services = createServices({ config, database, clock });
  const app = await buildApp({ services, logger });
  const courier = config.courierWorker ? await startCourier(services, logger) : null;
  const maintenance = startMaintenance(services, logger);
  const url = await app.listen({ port: config.port, host: config.host });
  return {
    app,
    url,
    async close() {
      await app.close();
      await maintenance.stop();
      await courier?.stop();
      services.redis?.disconnect();
      await database.close();
    },
  };
}
