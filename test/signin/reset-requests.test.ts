import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processResetRequests } from '../../src/flows/recovery/requests.js';
import { startMaintenance } from '../../src/maintenance/start.js';
import { createTestAccount } from '../helpers/accounts.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * "Forgotten password" answers at once and makes the link just after (src/flows/recovery/
 * requests.ts). What a customer and an operator rely on: every request is emailed once, even
 * with several instances at the queue, and a request an instance never got to is not lost.
 */
describe('forgotten-password requests, processed after the answer', () => {
  let a: TestApp;
  let b: TestApp;
  beforeEach(async () => {
    a = await buildTestApp({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
    b = await buildTestApp({ sameDatabaseAs: a });
  });
  afterEach(async () => {
    await b.close();
    await a.close();
  });

  const ask = (email: string, ip = '198.51.100.7') =>
    a.app.inject({
      method: 'POST',
      url: '/api/password/forgot',
      headers: { 'x-forwarded-for': ip },
      payload: { email },
    });

  const linksTo = async (t: TestApp) =>
    (
      await t.db
        .selectFrom('messages')
        .select('recipient')
        .where('template', '=', 'recovery.reset_link')
        .execute()
    ).map((m) => m.recipient);

  const queued = async (t: TestApp) =>
    (await t.db.selectFrom('password_reset_requests').select('id').execute()).length;

  it('emails each request once while two instances process the queue at once', async () => {
    const accounts = await Promise.all(Array.from({ length: 12 }, () => createTestAccount(a)));
    for (const [i, account] of accounts.entries())
      expect((await ask(account.email, `198.51.100.${i}`)).statusCode).toBe(202);
    expect((await ask('nobody@example.com')).statusCode).toBe(202);
    // On SQLite the second instance shares this process's thread, which one connection's wait
    // for the other's write lock would block: there the extra runs share the first instance's
    // connection (the maintenance run beside the queue's), on PostgreSQL they use their own.
    const other = a.services.database.engine === 'postgres' ? b : a;
    await Promise.all([
      a.app.resetRequests.settle(),
      processResetRequests(other.services),
      processResetRequests(other.services),
    ]);
    expect((await linksTo(a)).sort()).toEqual(accounts.map((x) => x.email).sort());
    expect(await queued(a)).toBe(0);
    const outcomes = await a.db
      .selectFrom('audit_log')
      .select(['outcome', 'details'])
      .where('action', '=', 'password_reset.requested')
      .execute();
    expect(outcomes.filter((o) => o.outcome === 'success')).toHaveLength(accounts.length);
    expect(outcomes.filter((o) => o.outcome === 'failure').map((o) => o.details)).toEqual([
      JSON.stringify({ reason: 'unknown_email' }),
    ]);
  });

  it('a request an instance stopped before processing is emailed by another one', async () => {
    const account = await createTestAccount(a);
    // As an instance that stops right after answering: the request stays queued.
    await a.app.resetRequests.close();
    expect((await ask(account.email)).statusCode).toBe(202);
    expect(await queued(a)).toBe(1);
    expect(await linksTo(a)).toEqual([]);

    const maintenance = startMaintenance(b.services, false);
    try {
      const started = performance.now();
      while ((await linksTo(b)).length === 0 && performance.now() - started < 5000)
        await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      maintenance.stop();
    }
    expect(await linksTo(b)).toEqual([account.email]);
    expect(await queued(b)).toBe(0);
  });

  it('a request picked up more than an hour late makes no link', async () => {
    const account = await createTestAccount(a);
    await a.app.resetRequests.close();
    expect((await ask(account.email)).statusCode).toBe(202);
    b.clock.set(a.clock.now() + 61 * 60_000);
    expect(await processResetRequests(b.services)).toEqual([]);
    expect(await linksTo(b)).toEqual([]);
    expect(await queued(b)).toBe(0);
    const audit = await b.db
      .selectFrom('audit_log')
      .select(['outcome', 'details'])
      .where('action', '=', 'password_reset.requested')
      .execute();
    expect(audit).toEqual([{ outcome: 'failure', details: JSON.stringify({ reason: 'request_expired' }) }]);
  });

  it('closing an instance sends what it had queued', async () => {
    const account = await createTestAccount(a);
    expect((await ask(account.email)).statusCode).toBe(202);
    await a.app.close();
    expect(await linksTo(b)).toEqual([account.email]);
  });
});
