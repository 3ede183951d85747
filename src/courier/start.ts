import type { Logger } from 'pino';
import type { AppServices } from '../services.js';
import { createChannels } from './channels/select.js';
import { createCourierWorker } from './worker.js';

export interface CourierHandle {
  stop(): Promise<void>;
}

/**
 * Starts the in-process delivery worker: it polls the outbox every second and wakes at once
 * when a flow calls services.courierNotify(). Every app process may run one; leases keep them
 * from sending the same message at the same time.
 */
export async function startCourier(services: AppServices, logger: Logger | false): Promise<CourierHandle> {
  const worker = createCourierWorker({
    db: services.db,
    engine: services.database.engine,
    clock: services.clock,
    openChannels: (onReceipt) => createChannels(services.config, onReceipt),
    logger: logger ? logger.child({ component: 'courier' }) : false,
  });
  const unsubscribe = services.onCourierNotify(() => worker.wake());
  worker.start();
  return {
    async stop() {
      unsubscribe();
      await worker.stop();
    },
  };
}
