import type { MessageChannel } from '../schema.js';

/** A leased message, ready to go out; content is already rendered by the flow. */
export interface OutgoingMessage {
  readonly id: string;
  readonly channel: MessageChannel;
  readonly recipient: string;
  /** The `content` column parsed: { subject, text, html } for email, { text } for SMS. */
  readonly content: Readonly<Record<string, unknown>>;
}

/**
 * What a channel reports. `temporary_failure` is retried with backoff; `permanent_failure`
 * fails the message at once. A reason never contains the message body.
 */
export type SendResult =
  | { readonly outcome: 'sent'; readonly providerMessageId: string | null }
  | { readonly outcome: 'temporary_failure'; readonly reason: string }
  | { readonly outcome: 'permanent_failure'; readonly reason: string };

/** A delivery receipt from a provider (SMPP deliver_sm), matched by its message id. */
export interface DeliveryReceipt {
  readonly providerMessageId: string;
  readonly delivered: boolean;
  /** The provider's final state, such as DELIVRD or UNDELIV. */
  readonly state: string;
}

export interface Channel {
  /** `smtp`, `smpp`, `http-sms` or `dev`: shown in logs and attempt rows. */
  readonly name: string;
  /** Never throws: every failure becomes a SendResult. */
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): Promise<void>;
}

export type ReceiptListener = (receipt: DeliveryReceipt) => void;

export function sent(providerMessageId: string | null = null): SendResult {
  return { outcome: 'sent', providerMessageId };
}

export function temporaryFailure(reason: string): SendResult {
  return { outcome: 'temporary_failure', reason: truncateReason(reason) };
}

export function permanentFailure(reason: string): SendResult {
  return { outcome: 'permanent_failure', reason: truncateReason(reason) };
}

function truncateReason(reason: string): string {
  const oneLine = reason.replace(/[\r\n]+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}...` : oneLine;
}
