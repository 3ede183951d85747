import type { Generated } from 'kysely';

export type MessageChannel = 'email' | 'sms';
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'dead';

export interface MessageTable {
  id: string;
  channel: MessageChannel;
  recipient: string;
  template: string;
  locale: string;
  /** Rendered content as JSON: { subject, text, html } for email, { text } for SMS. */
  content: string;
  status: MessageStatus;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  leased_by: string | null;
  /** After this the message is worthless (a code that died) and goes dead unsent. */
  expires_at: number | null;
  last_error: string | null;
  provider_message_id: string | null;
  account_id: string | null;
  created_at: number;
  sent_at: number | null;
  delivered_at: number | null;
}

export interface MessageAttemptTable {
  id: Generated<number>;
  message_id: string;
  at: number;
  worker: string;
  outcome: 'sent' | 'temporary_failure' | 'permanent_failure' | 'expired' | 'delivered' | 'undelivered';
  detail: string | null;
}

export interface CourierTables {
  messages: MessageTable;
  message_attempts: MessageAttemptTable;
}
