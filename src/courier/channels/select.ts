import type { Config } from '../../config/config.js';
import type { Channel, ReceiptListener } from './channel.js';
import { createDevChannel } from './dev.js';
import { createHttpSmsChannel } from './http-sms.js';
import { createSmppChannel } from './smpp.js';
import { createSmtpChannel } from './smtp.js';

export interface Channels {
  readonly email: Channel;
  readonly sms: Channel;
}

/** SMTP_URL unset → dev outbox for email; SMS_URL unset → dev outbox for SMS; else by scheme. */
export function createChannels(config: Config, onReceipt: ReceiptListener): Channels {
  const email = config.smtpUrl
    ? createSmtpChannel({ url: config.smtpUrl, from: config.mailFrom })
    : createDevChannel();
  return { email, sms: createSmsChannel(config.smsUrl, onReceipt) };
}

function createSmsChannel(smsUrl: string | undefined, onReceipt: ReceiptListener): Channel {
  if (!smsUrl) return createDevChannel();
  const protocol = new URL(smsUrl).protocol;
  if (protocol === 'smpp:') return createSmppChannel({ url: smsUrl, onReceipt });
  if (protocol === 'https:' || protocol === 'http:') return createHttpSmsChannel({ url: smsUrl });
  throw new Error(`SMS_URL has an unsupported scheme ${protocol} (use smpp://, https:// or http://)`);
}
