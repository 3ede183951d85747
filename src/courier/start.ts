import type { Logger } from 'pino';
import type { AppServices } from '../services.js';

export interface CourierHandle {
  stop(): Promise<void>;
}

/** Starts the in-process delivery worker. (Filled in by the courier.) */
export async function startCourier(_services: AppServices, _logger: Logger | false): Promise<CourierHandle> {
  return { stop: async () => {} };
}
