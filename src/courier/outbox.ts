import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { precompiledInsert } from '../db/precompiled.js';
import type { DatabaseSchema } from '../db/schema.js';

export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface SmsContent {
  readonly text: string;
}

interface Common {
  /** Stable template name, such as `registration.activation`; shown in the delivery log. */
  readonly template: string;
  readonly locale: string;
  readonly accountId?: string | null;
  /** Epoch ms after which sending is pointless (a code that has died). */
  readonly expiresAt?: number | null;
  readonly now: number;
}

/** Every registration, resend and notice queues one (built once: see src/db/precompiled.ts). */
const insertQueued = precompiledInsert('messages', [
  'id',
  'channel',
  'recipient',
  'template',
  'locale',
  'content',
  'status',
  'attempts',
  'next_attempt_at',
  'lease_until',
  'leased_by',
  'expires_at',
  'last_error',
  'provider_message_id',
  'account_id',
  'created_at',
  'sent_at',
  'delivered_at',
]);

/**
 * Queues a message in the caller's transaction: it is sent only if that transaction commits.
 * Returns the message id.
 */
export async function enqueueEmail(
  db: Kysely<DatabaseSchema>,
  message: Common & { readonly to: string; readonly content: EmailContent },
): Promise<string> {
  return insertMessage(db, 'email', message.to, message, message.content);
}

export async function enqueueSms(
  db: Kysely<DatabaseSchema>,
  message: Common & { readonly to: string; readonly content: SmsContent },
): Promise<string> {
  return insertMessage(db, 'sms', message.to, message, message.content);
}

async function insertMessage(
  db: Kysely<DatabaseSchema>,
  channel: 'email' | 'sms',
  recipient: string,
  message: Common,
  content: EmailContent | SmsContent,
): Promise<string> {
  if (/[\r\n]/.test(recipient)) throw new Error('recipient contains a line break');
  const id = randomUUID();
  await insertQueued.execute(db, [
    {
      id,
      channel,
      recipient,
      template: message.template,
      locale: message.locale,
      content: JSON.stringify(content),
      status: 'queued',
      attempts: 0,
      next_attempt_at: message.now,
      lease_until: null,
      leased_by: null,
      expires_at: message.expiresAt ?? null,
      last_error: null,
      provider_message_id: null,
      account_id: message.accountId ?? null,
      created_at: message.now,
      sent_at: null,
      delivered_at: null,
    },
  ]);
  return id;
}
