import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/schema.js';
import { precompiledInsert } from '../db/precompiled.js';
import type { Session } from './sessions.js';

/** A session as a store keeps it: the session plus where it was started from. */
export interface StoredSession extends Session {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/**
 * Where sessions live: the database by default, Redis when REDIS_URL is set. Stores only keep
 * records; lifetimes, epochs and caching are decided in sessions.ts and the viewer plugin.
 */
export interface SessionStore {
  readonly kind: 'database' | 'redis';
  insert(session: StoredSession): Promise<void>;
  /** The record, or null when unknown or revoked (expiry is checked by the caller). */
  find(idHash: string): Promise<StoredSession | null>;
  touch(idHash: string, lastSeenAt: number, session: StoredSession): Promise<void>;
  /** True when this call ended it; false when it was unknown or ended already (a race lost). */
  revoke(idHash: string, now: number): Promise<boolean>;
  /** Best-effort clean-up of every record of an account (the epoch bump is what guarantees it). */
  revokeAll(accountId: string, now: number): Promise<void>;
  /** Records not revoked and not past their absolute end, newest first. */
  listForAccount(accountId: string, now: number): Promise<StoredSession[]>;
}

/** Every login writes one (built once: see src/db/precompiled.ts). */
const insertSession = precompiledInsert('sessions', [
  'id_hash',
  'account_id',
  'created_at',
  'last_seen_at',
  'expires_at',
  'idle_timeout_ms',
  'remember',
  'ip',
  'user_agent',
  'revoked_at',
  'epoch',
]);

export function createDatabaseSessionStore(db: Kysely<DatabaseSchema>): SessionStore {
  return {
    kind: 'database',
    async insert(s) {
      await insertSession.execute(db, [
        {
          id_hash: s.idHash,
          account_id: s.accountId,
          created_at: s.createdAt,
          last_seen_at: s.lastSeenAt,
          expires_at: s.expiresAt,
          idle_timeout_ms: s.idleTimeoutMs,
          remember: s.remember ? 1 : 0,
          ip: s.ip,
          user_agent: s.userAgent,
          revoked_at: null,
          epoch: s.epoch,
        },
      ]);
    },
    async find(idHash) {
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async touch(idHash, lastSeenAt) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: lastSeenAt })
        .where('id_hash', '=', idHash)
        .execute();
    },
    async revoke(idHash, now) {
      const result = await db
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('id_hash', '=', idHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async revokeAll(accountId, now) {
      await db
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .execute();
    },
    async listForAccount(accountId, now) {
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .limit(50)
        .execute();
      return rows.map(fromRow);
    },
  };
}

function fromRow(row: {
  id_hash: string;
  account_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  idle_timeout_ms: number;
  remember: number;
  epoch: number;
  ip: string | null;
  user_agent: string | null;
}): StoredSession {
  return {
    idHash: row.id_hash,
    accountId: row.account_id,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    idleTimeoutMs: Number(row.idle_timeout_ms),
    remember: Number(row.remember) === 1,
    epoch: Number(row.epoch),
    ip: row.ip,
    userAgent: row.user_agent,
  };
}
