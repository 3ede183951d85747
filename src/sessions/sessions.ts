import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { generateToken, hashToken } from '../crypto/tokens.js';
import type { DatabaseSchema } from '../db/schema.js';

export interface SessionLifetimes {
  readonly idleMs: number;
  readonly absoluteMs: number;
  readonly rememberMs: number;
}

export interface Session {
  readonly idHash: string;
  readonly accountId: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
  readonly idleTimeoutMs: number;
  readonly remember: boolean;
}

export interface NewSession {
  readonly accountId: string;
  /** "Keep me signed in": a longer absolute lifetime and idle timeout. */
  readonly remember: boolean;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** A seen session is written back at most this often, so checks stay reads. */
const touchIntervalMs = 60_000;

/** Starts a session and returns its token; only the token's SHA-256 is stored. */
export async function createSession(
  db: Kysely<DatabaseSchema>,
  clock: Clock,
  lifetimes: SessionLifetimes,
  input: NewSession,
): Promise<{ token: string; session: Session }> {
  const token = generateToken();
  const now = clock.now();
  const session: Session = {
    idHash: hashToken(token),
    accountId: input.accountId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + (input.remember ? lifetimes.rememberMs : lifetimes.absoluteMs),
    idleTimeoutMs: input.remember ? lifetimes.rememberMs : lifetimes.idleMs,
    remember: input.remember,
  };
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      account_id: session.accountId,
      created_at: now,
      last_seen_at: now,
      expires_at: session.expiresAt,
      idle_timeout_ms: session.idleTimeoutMs,
      remember: input.remember ? 1 : 0,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 512) ?? null,
      revoked_at: null,
    })
    .execute();
  return { token, session };
}

/** The live session behind a token, or null when unknown, revoked, idle too long or expired. */
export async function validateSessionToken(
  db: Kysely<DatabaseSchema>,
  clock: Clock,
  token: string,
): Promise<Session | null> {
  const idHash = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const now = clock.now();
  if (now >= row.expires_at || now - row.last_seen_at >= row.idle_timeout_ms) return null;
  if (now - row.last_seen_at >= touchIntervalMs) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }
  return {
    idHash,
    accountId: row.account_id,
    createdAt: row.created_at,
    lastSeenAt: now,
    expiresAt: row.expires_at,
    idleTimeoutMs: row.idle_timeout_ms,
    remember: row.remember === 1,
  };
}

export async function invalidateSession(
  db: Kysely<DatabaseSchema>,
  clock: Clock,
  idHash: string,
): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: clock.now() }).where('id_hash', '=', idHash).execute();
}

/** Ends every session of an account (password reset, lock, close). Pass the flow's transaction. */
export async function invalidateAllSessions(
  db: Kysely<DatabaseSchema>,
  clock: Clock,
  accountId: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: clock.now() })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute();
}
