import { type Channel, sent } from './channel.js';

/**
 * The dev outbox: nothing leaves the machine. The messages table is the outbox and
 * /dev/outbox shows it, so "sending" only marks the message sent.
 */
export function createDevChannel(): Channel {
  return {
    name: 'dev',
    send: async () => sent(null),
    close: async () => {},
  };
}
