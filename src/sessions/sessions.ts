import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { generateToken, hashToken } from '../crypto/tokens.js';
import type { DatabaseSchema } from '../db/schema.js';
import { createDatabaseSessionStore, type SessionStore, type StoredSession } from './store.js';

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

/** A seen session is written back at most this often, so checks stay reads. */
export const touchIntervalMs = 60_000;

type Db = Kysely<DatabaseSchema>;

/**
 * The store each app chose for its database (Redis when REDIS_URL is set). Kept beside the
 * database handle so `createSession(db, …)` callers need not know which store is in use.
 */
const storesByDatabase = new WeakMap<object, SessionStore>();

export function useSessionStore(db: Db, store: SessionStore): void {
  storesByDatabase.set(db, store);
}

export function sessionStoreFor(db: Db): SessionStore {
  let store = storesByDatabase.get(db);
  if (!store) {
    store = createDatabaseSessionStore(db);
    storesByDatabase.set(db, store);
  }
  return store;
}

/** The account's current session epoch (0 until its sessions were first ended all at once). */
export async function currentSessionEpoch(db: Db, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('session_epochs')
    .select('epoch')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row ? Number(row.epoch) : 0;
}

/** Starts a session and returns its token; only the token's SHA-256 is stored. */
export async function createSession(
  db: Db,
  clock: Clock,
  lifetimes: SessionLifetimes,
  input: NewSession,
): Promise<{ token: string; session: Session }> {
  const token = generateToken();
  const now = clock.now();
  const epoch = await currentSessionEpoch(db, input.accountId);
  const stored: StoredSession = {
    idHash: hashToken(token),
    accountId: input.accountId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + (input.remember ? lifetimes.rememberMs : lifetimes.absoluteMs),
    idleTimeoutMs: input.remember ? lifetimes.rememberMs : lifetimes.idleMs,
    remember: input.remember,
    epoch,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 512) ?? null,
  };
  await sessionStoreFor(db).insert(stored);
  return { token, session: toSession(stored) };
}

/** True while a stored session is within both its idle and absolute lifetime. */
export function isSessionFresh(
  session: Pick<Session, 'expiresAt' | 'lastSeenAt' | 'idleTimeoutMs'>,
  now: number,
) {
  return now < session.expiresAt && now - session.lastSeenAt < session.idleTimeoutMs;
}

/**
 * The live session behind a token, or null when unknown, revoked, idle too long, expired, or
 * from before its account's sessions were all ended.
 */
export async function validateSessionToken(db: Db, clock: Clock, token: string): Promise<Session | null> {
  const store = sessionStoreFor(db);
  const idHash = hashToken(token);
  const stored = await store.find(idHash);
  if (!stored) return null;
  const now = clock.now();
  if (!isSessionFresh(stored, now)) return null;
  if (stored.epoch !== (await currentSessionEpoch(db, stored.accountId))) return null;
  if (now - stored.lastSeenAt >= touchIntervalMs) await store.touch(idHash, now, stored);
  return { ...toSession(stored), lastSeenAt: now };
}

export async function invalidateSession(db: Db, clock: Clock, idHash: string): Promise<void> {
  await sessionStoreFor(db).revoke(idHash, clock.now());
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
