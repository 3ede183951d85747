import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockAccount, unlockAccount } from '../../src/accounts/lock.js';
import { processResetRequests } from '../../src/flows/recovery/requests.js';
import { issueResetLink } from '../../src/flows/recovery/service.js';
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
      await maintenance.stop();
    }
    expect(await linksTo(b)).toEqual([account.email]);
    expect(await queued(b)).toBe(0);
  });

  const audited = async (t: TestApp) =>
    t.db
      .selectFrom('audit_log')
      .select(['account_id', 'outcome', 'details'])
      .where('action', '=', 'password_reset.requested')
      .execute();

  it('a request picked up late makes the link it would have made, or none', async () => {
    const [late, stale, changed, locked] = await Promise.all(
      Array.from({ length: 4 }, () => createTestAccount(a)),
    );
    await a.app.resetRequests.close();
    const askedAt = a.clock.now();
    for (const account of [late, stale, changed, locked])
      expect((await ask(account!.email)).statusCode).toBe(202);
    // Changed its password since; locked (and unlocked) by an operator since.
    a.clock.advance(1);
    await a.db
      .updateTable('accounts')
      .set({ password_changed_at: a.clock.now() })
      .where('id', '=', changed!.id)
      .execute();
    await lockAccount(a.db, a.clock, { email: locked!.email, operator: 'test' });
    await unlockAccount(a.db, a.clock, { email: locked!.email, operator: 'test' });
    expect(await queued(a)).toBe(3);

    // Ten minutes late: the link still lives one hour from the request, as the browser's cookie.
    b.clock.set(askedAt + 10 * 60_000);
    await a.db.deleteFrom('password_reset_requests').where('email_normalized', '=', stale!.email).execute();
    expect(await processResetRequests(b.services)).toEqual([]);
    expect(await linksTo(b)).toEqual([late!.email]);
    const token = await b.db
      .selectFrom('password_reset_tokens')
      .select(['created_at', 'expires_at'])
      .where('account_id', '=', late!.id)
      .executeTakeFirstOrThrow();
    expect(token).toEqual({ created_at: askedAt, expires_at: askedAt + 60 * 60_000 });
    expect((await audited(b)).map((e) => [e.account_id, e.outcome, e.details])).toEqual(
      expect.arrayContaining([
        [late!.id, 'success', null],
        [changed!.id, 'failure', JSON.stringify({ reason: 'password_changed' })],
      ]),
    );

    // Sixteen minutes late: no link, and the audit log says why.
    expect((await ask(stale!.email)).statusCode).toBe(202);
    b.clock.set(a.clock.now() + 16 * 60_000);
    expect(await processResetRequests(b.services)).toEqual([]);
    expect(await linksTo(b)).toEqual([late!.email]);
    expect(await queued(b)).toBe(0);
    expect((await audited(b)).map((e) => [e.account_id, e.details])).toContainEqual([
      stale!.id,
      JSON.stringify({ reason: 'request_expired' }),
    ]);
  });

  it("of one browser's requests the newest one's link lives, whoever processes them in whatever order", async () => {
    const account = await createTestAccount(a);
    await a.app.resetRequests.close();
    let cookie = '';
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      a.clock.advance(1);
      times.push(a.clock.now());
      const answer = await a.app.inject({
        method: 'POST',
        url: '/api/password/forgot',
        headers: { 'x-forwarded-for': '198.51.100.7', cookie },
        payload: { email: account.email },
      });
      const binding = answer.cookies.find((c) => c.name === 'gh_reset_binding')!;
      cookie = `gh_reset_binding=${binding.value}`;
    }
    // Newest first: the order a second instance could take them in while the first is busy.
    const newestFirst = (await a.db.selectFrom('password_reset_requests').select('id').execute())
      .map((r) => r.id)
      .sort((x, y) => y - x);
    const other = a.services.database.engine === 'postgres' ? b : a;
    await other.db.transaction().execute(async (trx) => {
      const request = await trx
        .deleteFrom('password_reset_requests')
        .where('id', '=', newestFirst[0]!)
        .returningAll()
        .executeTakeFirstOrThrow();
      expect(await issueResetLink(trx, other.services, request)).toBe(true);
    });
    await Promise.all([processResetRequests(a.services), processResetRequests(other.services)]);
    const live = await a.db
      .selectFrom('password_reset_tokens')
      .select('created_at')
      .where('account_id', '=', account.id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
    expect(live).toEqual([{ created_at: times[3] }]);
  });

  it('a request that fails does not hold up the ones behind it, and is tried again', async () => {
    // A request whose email cannot be sent (a line break in the stored address: the outbox
    // refuses it), queued before a good one.
    const broken = await createTestAccount(a, { email: 'broken@example.com' });
    await a.db
      .updateTable('accounts')
      .set({ email: 'broken@example.com\r\nBcc: x@example.com' })
      .where('id', '=', broken.id)
      .execute();
    const good = await createTestAccount(a);
    await a.app.resetRequests.close();
    expect((await ask(broken.email)).statusCode).toBe(202);
    expect((await ask(good.email, '198.51.100.8')).statusCode).toBe(202);
    const errors = await processResetRequests(b.services);
    expect(errors).toHaveLength(1);
    expect(await linksTo(b)).toEqual([good.email]);
    expect(await queued(b)).toBe(1);
    // Fixed (here by hand), the next run sends it.
    await a.db.updateTable('accounts').set({ email: broken.email }).where('id', '=', broken.id).execute();
    expect(await processResetRequests(b.services)).toEqual([]);
    expect((await linksTo(b)).sort()).toEqual([broken.email, good.email].sort());
  });

  it('closing an instance sends what it had queued', async () => {
    const account = await createTestAccount(a);
    expect((await ask(account.email)).statusCode).toBe(202);
    await a.app.close();
    expect(await linksTo(b)).toEqual([account.email]);
  });
});
