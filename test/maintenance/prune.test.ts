import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shadowEmailPrefix } from '../../src/flows/context.js';
import { pruneExpiredRows, shadowAccountRetentionMs } from '../../src/maintenance/prune.js';
import { createTestAccount } from '../helpers/accounts.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('pruning expired rows', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('deletes closed rate-limit windows, ended sessions and old shadow accounts, and nothing live', async () => {
    const rule = { name: 'prune-test', limit: 5, windowMs: 60_000 };
    await t.services.rateLimiter.consume(rule, 'old');
    const owner = await createTestAccount(t);
    const shadow = await createTestAccount(t, { email: 'someone.else@example.com' });
    await t.db
      .updateTable('accounts')
      .set({ email_normalized: `${shadowEmailPrefix}${shadow.id}` })
      .where('id', '=', shadow.id)
      .execute();
    const startSession = async () => {
      const prepared = await t.app.sessions.prepare({
        accountId: owner.id,
        remember: false,
        ip: null,
        userAgent: null,
      });
      await t.app.sessions.persistInTransaction(t.db, prepared);
      return prepared;
    };
    await startSession();

    t.clock.advance(shadowAccountRetentionMs);
    await t.services.rateLimiter.consume(rule, 'live');
    const live = await startSession();

    const report = await pruneExpiredRows(t.db, t.clock.now());
    expect(report).toMatchObject({ rateLimits: 1, sessions: 1, shadowAccounts: 1 });
    expect(await t.services.rateLimiter.count(rule, 'live')).toBe(1);
    const sessions = await t.db.selectFrom('sessions').select('id_hash').execute();
    expect(sessions.map((s) => s.id_hash)).toEqual([live.session.idHash]);
    const accounts = await t.db.selectFrom('accounts').select('id').execute();
    expect(accounts.map((a) => a.id)).toEqual([owner.id]);
  });
});
