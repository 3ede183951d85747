import nodemailer from 'nodemailer';
import {
  type Channel,
  type OutgoingMessage,
  permanentFailure,
  type SendResult,
  sent,
  temporaryFailure,
} from './channel.js';

export interface SmtpChannelOptions {
  /** `smtp://user:pass@host:port` or `smtps://…`. */
  readonly url: string;
  /** The From header (MAIL_FROM); never built from user input. */
  readonly from: string;
  /** Pooled connections kept open to the server. */
  readonly maxConnections?: number;
}

const loopbackHosts = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

/**
 * Email over SMTP with a nodemailer connection pool. `smtps://` is TLS from the start;
 * `smtp://` upgrades with STARTTLS when the server offers it, except on loopback, where a
 * local relay or test server is plain TCP (ignoreTLS). `?requireTLS=true` makes STARTTLS mandatory.
 */
export function createSmtpChannel(options: SmtpChannelOptions): Channel {
  const url = new URL(options.url);
  const secure = url.protocol === 'smtps:';
  const loopback = loopbackHosts.has(url.hostname);
  const transport = nodemailer.createTransport({
    pool: true,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ignoreTLS: !secure && loopback && url.searchParams.get('requireTLS') !== 'true',
    requireTLS: url.searchParams.get('requireTLS') === 'true',
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    maxConnections: options.maxConnections ?? Number(url.searchParams.get('maxConnections') ?? 16),
    // A pooled connection is reused for many messages; the server decides when enough is enough.
    maxMessages: 1000,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    logger: false,
  });
  const fromDomain = /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? 'localhost';

  return {
    name: 'smtp',
    async send(message: OutgoingMessage): Promise<SendResult> {
      if (!isDeliverableAddress(message.recipient)) return permanentFailure('invalid recipient address');
      const { subject, text, html } = message.content as {
        subject?: unknown;
        text?: unknown;
        html?: unknown;
      };
      if (typeof subject !== 'string' || typeof text !== 'string')
        return permanentFailure('malformed content');
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.recipient,
          // A header never carries a line break, whatever the template put there.
          subject: subject.replace(/[\r\n]+/g, ' '),
          text,
          ...(typeof html === 'string' && html ? { html } : {}),
          // Stable across retries, so a receiving system can spot a duplicate after a crash.
          messageId: `<${message.id}@${fromDomain}>`,
          headers: { 'Auto-Submitted': 'auto-generated' },
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        return sent(typeof info.response === 'string' ? parseQueueId(info.response) : null);
      } catch (error) {
        return classifySmtpError(error);
      }
    },
    async close() {
      transport.close();
    },
  };
}

/** 5xx is the server's final word on this message; 4xx, network and auth problems may pass. */
export function classifySmtpError(error: unknown): SendResult {
  const e = error as { responseCode?: number; code?: string; response?: string; message?: string };
  const detail = e.responseCode
    ? (e.response ?? `${e.responseCode} ${e.message ?? ''}`).slice(0, 200)
    : `${e.code ?? 'error'}: ${e.message ?? String(error)}`;
  // A rejected login is an operator's configuration to fix, not this message's fault.
  if (e.responseCode && e.responseCode >= 500 && e.code !== 'EAUTH') return permanentFailure(detail);
  return temporaryFailure(detail);
}

/** One plain address; anything that could smuggle a header or a second recipient is refused. */
export function isDeliverableAddress(address: string): boolean {
  if (address.length > 254 || hasControlCharacter(address)) return false;
  return /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+$/.test(address);
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function parseQueueId(response: string): string | null {
  // "250 Ok: queued as ABC123" — the relay's id helps an operator trace a message.
  return /queued as\s+(\S+)/i.exec(response)?.[1] ?? null;
}
