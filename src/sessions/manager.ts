import type { Kysely } from 'kysely';
import type { AccountStatus } from '../accounts/schema.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import { constantTimeEqual, generateToken, hashToken } from '../crypto/tokens.js';
import type { Database } from '../db/database.js';
import type { DatabaseSchema } from '../db/schema.js';
import type { Viewer } from '../web/context.js';
import { type CachedViewer, SessionCache } from './cache.js';
import {
  currentSessionEpoch,
  invalidateAllSessions,
  isSessionFresh,
  type NewSession,
  type Session,
  toSession,
  touchIntervalFor,
} from './sessions.js';
import { createDatabaseSessionStore, type SessionStore, type StoredSession } from './store.js';

type Db = Kysely<DatabaseSchema>;

export interface PreparedSession {
  readonly token: string;
  readonly record: StoredSession;
  readonly session: Session;
}

/**
 * Sessions as the app uses them: a store (database or Redis), the account's epoch, and a short
 * cache of checked viewers so a signed-in request usually costs no query at all.
 */
export class SessionManager {
  readonly cache: SessionCache;

  constructor(
    private readonly db: Db,
    readonly store: SessionStore,
    private readonly clock: Clock,
    private readonly config: Config,
    cacheTtlMs = 1500,
  ) {
    this.cache = new SessionCache(cacheTtlMs);
  }

  /**
   * A new token and record (nothing written yet). The account's epoch is read unless the caller
   * already has it (the login reads it with the account, saving a query on its hot path).
   */
  async prepare(input: NewSession & { readonly epoch?: number }): Promise<PreparedSession> {
    const token = generateToken();
    const now = this.clock.now();
    const { idleMs, absoluteMs, rememberMs } = this.config.sessions;
    const record: StoredSession = {
      idHash: hashToken(token),
      accountId: input.accountId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + (input.remember ? rememberMs : absoluteMs),
      idleTimeoutMs: input.remember ? rememberMs : idleMs,
      remember: input.remember,
      epoch: input.epoch ?? (await currentSessionEpoch(this.db, input.accountId)),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
    };
    return { token, record, session: toSession(record) };
  }

  /**
   * The commit that writes a new session together with what it belongs to (a login's audit
   * event, a new account). A session held in the database needs no wait for the disk: a power
   * cut in the next fraction of a second forgets it whole, with those records, and the customer
   * logs in or signs up again. A session held in Redis would outlive what the commit forgot, so
   * that commit waits.
   */
  commitFor(database: Database): Database['transactionFlushedLater'] {
    return this.store.kind === 'database'
      ? (work) => database.transactionFlushedLater(work)
      : (work) => database.db.transaction().execute(work);
  }

  /** Inside the flow's transaction: a database-held session commits with it. */
  async persistInTransaction(trx: Db, prepared: PreparedSession): Promise<void> {
    if (this.store.kind === 'database') await createDatabaseSessionStore(trx).insert(prepared.record);
  }

  /** After the commit: a Redis-held session is written only once the login is on record. */
  async persistAfterCommit(prepared: PreparedSession): Promise<void> {
    if (this.store.kind !== 'database') await this.store.insert(prepared.record);
  }

  /**
   * Ends one session now, on every instance within the cache lifetime. True when this call
   * ended it, false when it had ended already.
   */
  async end(idHash: string): Promise<boolean> {
    this.cache.forget(idHash);
    return this.store.revoke(idHash, this.clock.now());
  }

  /** Inside the flow's transaction: the epoch bump that ends every session of the account. */
  async endAllInTransaction(trx: Db, accountId: string): Promise<void> {
    await invalidateAllSessions(trx, this.clock, accountId);
  }

  /** After the commit: forget cached viewers and tidy the store's records. */
  async afterEndAll(accountId: string): Promise<void> {
    this.cache.forgetAccount(accountId);
    await this.store.revokeAll(accountId, this.clock.now());
  }

  async list(accountId: string): Promise<StoredSession[]> {
    const now = this.clock.now();
    const epoch = await currentSessionEpoch(this.db, accountId);
    const sessions = await this.store.listForAccount(accountId, now);
    return sessions.filter((s) => s.epoch === epoch && isSessionFresh(s, now));
  }

  /** The viewer behind a token, from the cache when it was checked in the last second or so. */
  async viewerFor(token: string): Promise<CachedViewer | null> {
    const idHash = hashToken(token);
    const now = this.clock.now();
    const cached = this.cache.get(idHash);
    if (cached) {
      if (isSessionFresh(cached.session, now)) return cached;
      this.cache.forget(idHash);
      return null;
    }
    const stored = await this.store.find(idHash);
    if (!stored || !isSessionFresh(stored, now)) return null;
    const account = await this.db
      .selectFrom('accounts')
      .leftJoin('session_epochs', 'session_epochs.account_id', 'accounts.id')
      .select([
        'accounts.id',
        'accounts.status',
        'accounts.kind',
        'accounts.first_name',
        'accounts.last_name',
        'accounts.company_name',
        'session_epochs.epoch',
      ])
      .where('accounts.id', '=', stored.accountId)
      .executeTakeFirst();
    if (!account || !isSignInAllowed(account.status)) return null;
    if (Number(account.epoch ?? 0) !== stored.epoch) return null;
    let session = toSession(stored);
    if (now - stored.lastSeenAt >= touchIntervalFor(stored.idleTimeoutMs)) {
      await this.store.touch(idHash, now, stored);
      session = { ...session, lastSeenAt: now };
    }
    const viewer: Viewer = {
      accountId: account.id,
      sessionIdHash: idHash,
      status: account.status,
      displayName:
        account.kind === 'company'
          ? (account.company_name ?? '')
          : `${account.first_name ?? ''} ${account.last_name ?? ''}`.trim(),
    };
    const value = { viewer, session };
    this.cache.set(idHash, value);
    return value;
  }
}

/** Locked and closed accounts have no sessions, whatever their records say. */
export function isSignInAllowed(status: AccountStatus): boolean {
  return status !== 'locked' && status !== 'closed';
}

/**
 * How the account page names one of its sessions in a form: derived from the stored hash, so the
 * page never carries what the database keys a session by.
 */
export function sessionReference(idHash: string): string {
  return hashToken(`session-reference:${idHash}`).slice(0, 32);
}

/** The session among `sessions` that `reference` (sessionReference) names, if any. */
export function sessionByReference(
  sessions: readonly StoredSession[],
  reference: string,
): StoredSession | undefined {
  return sessions.find((s) => constantTimeEqual(sessionReference(s.idHash), reference));
}

/**
 * Whether the session `own` may end `other` from the account page: only one that began before
 * it (src/flows/login/service.ts endOtherSession says why).
 */
export function canEnd(
  own: Pick<StoredSession, 'createdAt'>,
  other: Pick<StoredSession, 'createdAt'>,
): boolean {
  return other.createdAt < own.createdAt;
}
