import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { DatabaseSchema } from '../db/schema.js';
import type { StoredSession } from './store.js';

export interface SessionLifetimes {
  readonly idleMs: number;
  readonly absoluteMs: number;
  readonly rememberMs: number;
}

export interface Session {
  /** SHA-256 of the cookie's token; the token itself is never stored. */
  readonly idHash: string;
  readonly accountId: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** Absolute end of life, epoch ms. */
  readonly expiresAt: number;
  readonly idleTimeoutMs: number;
  readonly remember: boolean;
  /** The account's session epoch at creation (see session_epochs): a bump ends them all. */
  readonly epoch: number;
}

export interface NewSession {
  readonly accountId: string;
  /** "Keep me signed in": a longer absolute lifetime and idle timeout. */
  readonly remember: boolean;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/**
 * How often a seen session is written back: at most once a minute, so checks stay reads, and at
 * least four times per idle timeout, so a session in use never lapses between two write-backs
 * (under SESSION_IDLE_MINUTES=1 a minute's interval would end it a minute after login).
 */
export function touchIntervalFor(idleTimeoutMs: number): number {
  return Math.min(60_000, idleTimeoutMs / 4);
}

type Db = Kysely<DatabaseSchema>;

/** The account's current session epoch (0 until its sessions were first ended all at once). */
export async function currentSessionEpoch(db: Db, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('session_epochs')
    .select('epoch')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row ? Number(row.epoch) : 0;
}

/** True while a stored session is within both its idle and absolute lifetime. */
export function isSessionFresh(
  session: Pick<Session, 'expiresAt' | 'lastSeenAt' | 'idleTimeoutMs'>,
  now: number,
) {
  return now < session.expiresAt && now - session.lastSeenAt < session.idleTimeoutMs;
}

/**
 * Ends every session of an account (password reset, lock, close). Pass the flow's transaction:
 * the epoch bump commits or rolls back with the change, and ends Redis-held sessions too.
 * Instances that cached a session honour it within the cache's lifetime (about a second).
 */
export async function invalidateAllSessions(db: Db, clock: Clock, accountId: string): Promise<void> {
  await db
    .insertInto('session_epochs')
    .values({ account_id: accountId, epoch: 1 })
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet((eb) => ({ epoch: eb('session_epochs.epoch', '+', 1) })),
    )
    .execute();
  await db
    .updateTable('sessions')
    .set({ revoked_at: clock.now() })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute();
}

export function toSession(stored: StoredSession): Session {
  return {
    idHash: stored.idHash,
    accountId: stored.accountId,
    createdAt: stored.createdAt,
    lastSeenAt: stored.lastSeenAt,
    expiresAt: stored.expiresAt,
    idleTimeoutMs: stored.idleTimeoutMs,
    remember: stored.remember,
    epoch: stored.epoch,
  };
}
