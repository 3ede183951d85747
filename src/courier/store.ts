import { type Insertable, type RawBuilder, type Selectable, SqliteAdapter, sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Engine } from '../db/dialect.js';
import { supportsSkipLocked } from '../db/dialect.js';
import type { DeliveryReceipt } from './channels/channel.js';
import type { MessageAttemptTable, MessageTable } from './schema.js';

export type MessageRow = Selectable<MessageTable>;

export interface LeaseRequest {
  readonly now: number;
  readonly leaseMs: number;
  readonly limit: number;
  /** Written to leased_by; the record step only touches rows still carrying it. */
  readonly leaseId: string;
}

/**
 * Takes up to `limit` due messages: queued ones whose time has come, and 'sending' ones whose
 * lease expired (their worker died). One UPDATE … RETURNING, so the choice and the claim are
 * atomic: on PostgreSQL the candidates are locked with FOR UPDATE SKIP LOCKED (concurrent
 * workers pass each other by); on SQLite the statement holds the single write lock, and the
 * repeated condition in the outer WHERE means a row another process claimed first is skipped.
 */
export async function leaseDueMessages(db: Db, engine: Engine, request: LeaseRequest): Promise<MessageRow[]> {
  const { now } = request;
  const candidates = db
    .selectFrom('messages')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
      ]),
    )
    .orderBy('next_attempt_at')
    .limit(request.limit)
    .$if(supportsSkipLocked(engine), (qb) => qb.forUpdate().skipLocked());
  return db
    .updateTable('messages')
    .set((eb) => ({
      status: 'sending',
      lease_until: now + request.leaseMs,
      leased_by: request.leaseId,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', candidates)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
      ]),
    )
    .returningAll()
    .execute();
}

/** What happened to one leased message, ready to be written. */
export interface MessageOutcome {
  readonly messageId: string;
  /** Replaces the stored content (src/courier/redact.ts) when the message has left for good. */
  readonly redactedContent?: string;
  readonly leaseId: string;
  readonly at: number;
  readonly worker: string;
  readonly attempt: MessageAttemptTable['outcome'];
  readonly detail: string | null;
  readonly update:
    | { readonly status: 'sent'; readonly providerMessageId: string | null }
    | { readonly status: 'queued'; readonly nextAttemptAt: number; readonly error: string }
    | { readonly status: 'failed' | 'dead'; readonly error: string };
}

/**
 * Writes many outcomes in one transaction (one commit, one fsync on SQLite). A message is only
 * updated while it still carries this lease: if the lease expired and another worker took the
 * message, that worker's outcome counts. The attempt row is written either way: it happened.
 */
export async function recordOutcomes(db: Db, outcomes: readonly MessageOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const outcome of outcomes) {
      const update = outcome.update;
      const base = { lease_until: null, leased_by: null } as const;
      const values =
        update.status === 'sent'
          ? {
              ...base,
              status: 'sent' as const,
              sent_at: outcome.at,
              provider_message_id: update.providerMessageId,
              last_error: null,
            }
          : update.status === 'queued'
            ? {
                ...base,
                status: 'queued' as const,
                next_attempt_at: update.nextAttemptAt,
                last_error: update.error,
              }
            : { ...base, status: update.status, last_error: update.error };
      await trx
        .updateTable('messages')
        .set(outcome.redactedContent === undefined ? values : { ...values, content: outcome.redactedContent })
        .where('id', '=', outcome.messageId)
        .where('status', '=', 'sending')
        .where('leased_by', '=', outcome.leaseId)
        .execute();
    }
    await trx
      .insertInto('message_attempts')
      .values(
        outcomes.map((o) => ({
          message_id: o.messageId,
          at: o.at,
          worker: o.worker,
          outcome: o.attempt,
          detail: o.detail,
        })),
      )
      .execute();
  });
}

/**
 * Applies SMSC delivery receipts to the SMS they name: 'delivered' or 'failed', plus an
 * attempt row each, in one transaction. For each receipt, false when no sent SMS carries that
 * provider id (yet: the receipt can overtake the commit of the "sent" outcome).
 */
export async function applyDeliveryReceipts(
  db: Db,
  receipts: readonly DeliveryReceipt[],
  now: number,
  worker: string,
): Promise<boolean[]> {
  return db.transaction().execute(async (trx) => {
    const applied: boolean[] = [];
    const attempts: Insertable<MessageAttemptTable>[] = [];
    for (const receipt of receipts) {
      const updated = await trx
        .updateTable('messages')
        .set(
          receipt.delivered
            ? { status: 'delivered', delivered_at: now, last_error: null }
            : { status: 'failed', last_error: `not delivered: ${receipt.state}` },
        )
        .where('channel', '=', 'sms')
        .where('provider_message_id', '=', receipt.providerMessageId)
        .where('status', '=', 'sent')
        .returning('id')
        .execute();
      applied.push(updated.length > 0);
      for (const row of updated) {
        attempts.push({
          message_id: row.id,
          at: now,
          worker,
          outcome: receipt.delivered ? 'delivered' : 'undelivered',
          detail: receipt.state,
        });
      }
    }
    if (attempts.length > 0) await trx.insertInto('message_attempts').values(attempts).execute();
    return applied;
  });
}

/**
 * The order messages were queued in, for "newest first" when created_at ties: SQLite's rowid,
 * PostgreSQL's seq column (migration 0005_courier). Use after ordering by created_at.
 */
export function insertionOrder(db: Db): RawBuilder<number> {
  return db.getExecutor().adapter instanceof SqliteAdapter
    ? sql<number>`messages.rowid`
    : sql<number>`messages.seq`;
}

/** Counts by status, for metrics and tests. */
export async function countMessagesByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('messages')
    .select(['status', sql<number>`count(*)`.as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
