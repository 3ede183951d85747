import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashPool } from '../../src/crypto/passwords.js';
import { createTestAccount } from '../helpers/accounts.js';
import { personForm, registerByApi } from '../helpers/registration.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * No password is hashed inside a held transaction or lock. A hash takes about 12 ms of a core
 * (far longer under load); a transaction held across it would stop every other writer for that
 * time, on SQLite's one connection every other request (a peer that hashes inside its
 * one-connection transaction reaches half the hash rate: the registration benchmark's reason).
 *
 * Every hash and verification the flows ask for here waits, before it starts, until the
 * database shows itself free: SQLite's one connection answers a query, and on PostgreSQL no
 * other connection holds a lock on this test's tables (which any transaction that has read or
 * written one of them does). A flow that asked from inside a transaction would hold it until the
 * hash ends, so its hash would wait in vain. (Checked against the sign-up with its hash moved into
 * its last commit: on both engines both its hashes were found waiting.)
 */
describe('hashing runs outside every transaction', () => {
  let t: TestApp;
  const asked: { kind: 'hash' | 'verify'; databaseFree: boolean }[] = [];

  /** Whether the database shows no transaction held by the app within `ms`. */
  async function databaseFreeWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    if (t.services.database.engine === 'sqlite') {
      const answered = sql`select 1`.execute(t.db).then(() => true);
      return Promise.race([answered, delay(ms).then(() => false)]);
    }
    while (Date.now() < deadline) {
      const { rows } = await sql<{ held: number }>`
        select count(*)::int as held
        from pg_locks l
        join pg_class c on c.oid = l.relation
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and l.pid <> pg_backend_pid()`.execute(t.db);
      if (rows[0]!.held === 0) return true;
      await delay(5);
    }
    return false;
  }

  beforeAll(async () => {
    t = await buildTestApp({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
    const hash = hashPool.hash.bind(hashPool);
    const verify = hashPool.verify.bind(hashPool);
    vi.spyOn(hashPool, 'hash').mockImplementation(async (password, options) => {
      asked.push({ kind: 'hash', databaseFree: await databaseFreeWithin(2000) });
      return hash(password, options);
    });
    vi.spyOn(hashPool, 'verify').mockImplementation(async (passwordHash, password, options) => {
      asked.push({ kind: 'verify', databaseFree: await databaseFreeWithin(2000) });
      return verify(passwordHash, password, options);
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t.close();
  });
  beforeEach(() => {
    asked.length = 0;
  });

  /** The hashes a step asked for: at least one, and each with the database free. */
  function expectHashedOutsideTransactions() {
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((each) => !each.databaseFree)).toEqual([]);
  }

  let address = 0;
  const nextAddress = () => `10.9.0.${++address}`;

  it('sign-up with a new email and with a taken one', async () => {
    const account = await createTestAccount(t);
    asked.length = 0;
    const fresh = await registerByApi(t.app, personForm(), nextAddress());
    expect(fresh.statusCode).toBe(201);
    const taken = await registerByApi(t.app, personForm({ email: account.email }), nextAddress());
    expect(taken.statusCode).toBe(201);
    expectHashedOutsideTransactions();
    expect(asked.filter((each) => each.kind === 'hash')).toHaveLength(2);
  });

  it('login with the right password, a wrong one and an unknown email', async () => {
    const account = await createTestAccount(t);
    asked.length = 0;
    const logIn = (email: string, password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { 'x-forwarded-for': nextAddress() },
        payload: { email, password },
      });
    expect((await logIn(account.email, account.password)).statusCode).toBe(200);
    expect((await logIn(account.email, 'not the password at all')).statusCode).toBe(401);
    expect((await logIn('nobody-here@example.com', account.password)).statusCode).toBe(401);
    expectHashedOutsideTransactions();
    expect(asked.length).toBeGreaterThanOrEqual(3);
  });

  it('a new password set through the emailed link', async () => {
    const account = await createTestAccount(t);
    const forgot = await t.app.inject({
      method: 'POST',
      url: '/api/password/forgot',
      payload: { email: account.email },
    });
    expect(forgot.statusCode).toBe(202);
    await t.app.resetRequests.settle();
    const [email] = await t.db
      .selectFrom('messages')
      .select('content')
      .where('recipient', '=', account.email)
      .execute();
    const token = /\/password\/reset\?token=([A-Za-z0-9_-]+)/.exec(email!.content)![1]!;
    const binding = forgot.cookies.find((cookie) => cookie.name === 'gh_reset_binding')!;
    asked.length = 0;
    const newPassword = 'a brand new passphrase for the portal';
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/password/reset',
      headers: { cookie: `gh_reset_binding=${binding.value}` },
      payload: { token, newPassword, confirmPassword: newPassword },
    });
    expect(reset.statusCode).toBe(200);
    expectHashedOutsideTransactions();
  });
});
