import { findFreePort } from '../../src/net/free-port.js';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { type Config, loadConfig } from '../../src/config/config.js';
import { type Db, openDatabase } from '../../src/db/database.js';
import { type AppServices, createServices } from '../../src/services.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly services: AppServices;
  readonly db: Db;
  readonly clock: ManualClock;
  readonly config: Config;
  readonly testDatabase: TestDatabase;
  /** Base URL once `listen()` has been called. */
  url: string;
  /** Starts listening on a free port (for browsers and real HTTP clients). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment, as an operator would set it. */
  readonly env?: Record<string, string>;
  /** Real time instead of a manual clock (for browser countdowns and such). */
  readonly clock?: ManualClock;
  readonly poolSize?: number;
  /** A logger to capture the app's log lines (default: none). */
  readonly logger?: Logger;
  /**
   * Another instance of the same deployment: its own connection (pool) to this test app's
   * database, as a second process would have. The first app disposes of the database.
   */
  readonly sameDatabaseAs?: TestApp;
}

/**
 * The app on its own fresh database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set),
 * with a clock the test moves. The courier worker is not started: tests run it explicitly.
 */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const shared = options.sameDatabaseAs?.testDatabase;
  const testDatabase: TestDatabase = shared
    ? secondConnection(shared)
    : await createTestDatabase({ poolSize: options.poolSize ?? 10 });
  // The port is chosen first so PUBLIC_URL (the base of emailed links) points at this server.
  const port = await findFreePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: testDatabase.dataDir,
    LOG_LEVEL: 'silent',
    SECRET: 'test-secret-test-secret-test-secret-42',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    ...options.env,
  });
  const clock = options.clock ?? new ManualClock(Date.now());
  const services = createServices({ config, database: testDatabase.database, clock });
  const app = await buildApp({ services, logger: options.logger ?? false });
  const handle: TestApp = {
    app,
    services,
    db: services.db,
    clock,
    config,
    testDatabase,
    url: '',
    async listen() {
      handle.url = await app.listen({ port, host: '127.0.0.1' });
      return handle.url;
    },
    async close() {
      await app.close();
      services.redis?.disconnect();
      await testDatabase.dispose();
    },
  };
  return handle;
}

/** A new connection to an existing test database; disposing of it closes only the connection. */
function secondConnection(shared: TestDatabase): TestDatabase {
  const database = openDatabase({
    url: shared.url,
    dataDir: shared.dataDir,
    ...(shared.schema ? { schema: shared.schema } : {}),
  });
  // The first app's database owns the schema and the files.
  return { ...shared, database, dispose: () => database.close(), discard: async () => {} };
}
