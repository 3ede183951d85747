import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shadowEmailPrefix } from '../../src/flows/context.js';
import {
  abandonedSignUpRetentionMs,
  pruneExpiredRows,
  shadowAccountRetentionMs,
  unfinishedSignUpRetentionMs,
} from '../../src/maintenance/prune.js';
import { createTestAccount } from '../helpers/accounts.js';
import { InjectBrowser } from '../helpers/forms.js';
import { latestSmsCode, personForm, registerByForm } from '../helpers/registration.js';
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

  it('deletes sign-ups abandoned a week ago and unfinished for 30 days, and lets their emails sign up anew', async () => {
    const signUp = async (email: string) => {
      const form = personForm({ email });
      const { browser, status } = await registerByForm(t.app, form);
      expect(status).toBe(303);
      const code = await latestSmsCode(t.db, `+420${form.phone!.replaceAll(' ', '')}`);
      const verifyPhone = () => browser.submit('/register/phone', '/register/phone/verify', { code });
      return { browser, form, verifyPhone };
    };
    const statusOf = async (email: string) =>
      (
        await t.db
          .selectFrom('accounts')
          .select('status')
          .where('email', '=', email)
          .where('status', '!=', 'closed')
          .executeTakeFirst()
      )?.status;
    const customer = await createTestAccount(t);
    // Stopped at the phone step, and at the email step.
    const atPhone = await signUp('stopped.at.phone@example.cz');
    const atEmail = await signUp('stopped.at.email@example.cz');
    expect((await atEmail.verifyPhone()).statusCode).toBe(303);
    // "Sign up with another email" at the email step.
    const wrongEmail = await signUp('typo@example.cz');
    await wrongEmail.verifyPhone();
    expect(
      (await wrongEmail.browser.submit('/register/email', '/register/email/abandon', {})).statusCode,
    ).toBe(303);

    t.clock.advance(abandonedSignUpRetentionMs);
    expect(await pruneExpiredRows(t.db, t.clock.now())).toMatchObject({
      abandonedSignUps: 1,
      unfinishedSignUps: 0,
    });
    // The sign-up stopped at the phone step comes back (its session has ended: it logs in, which
    // lands on its step) and verifies its phone with a fresh code; the one at the email step does
    // nothing.
    const back = new InjectBrowser(t.app);
    const login = await back.submit('/login', '/login', {
      email: 'stopped.at.phone@example.cz',
      password: atPhone.form.password!,
    });
    expect(login.headers.location).toBe('/register/phone');
    expect((await back.submit('/register/phone', '/register/phone/resend', {})).statusCode).toBe(303);
    const fresh = await latestSmsCode(t.db, `+420${atPhone.form.phone!.replaceAll(' ', '')}`);
    const verified = await back.submit('/register/phone', '/register/phone/verify', { code: fresh });
    expect(verified.headers.location).toBe('/register/phone/verified');

    t.clock.advance(unfinishedSignUpRetentionMs - abandonedSignUpRetentionMs);
    expect(await pruneExpiredRows(t.db, t.clock.now())).toMatchObject({ unfinishedSignUps: 1 });
    expect(await statusOf('stopped.at.email@example.cz')).toBeUndefined();
    // Thirty days after its last change, not after it began: the phone was verified 23 days ago.
    expect(await statusOf('stopped.at.phone@example.cz')).toBe('pending_email');
    expect(await statusOf(customer.email)).toBe('active');
    const accounts = await t.db.selectFrom('accounts').select('email').execute();
    expect(accounts.map((a) => a.email).sort()).toEqual(
      [customer.email, 'stopped.at.phone@example.cz'].sort(),
    );

    // The deleted sign-up's password opens nothing, and its email signs up as a new customer,
    // not as a stand-in for an existing account.
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'stopped.at.email@example.cz', password: atEmail.form.password },
    });
    expect(refused.statusCode).toBe(401);
    await signUp('stopped.at.email@example.cz');
    expect(await statusOf('stopped.at.email@example.cz')).toBe('pending_phone');
    const renewed = await t.db
      .selectFrom('accounts')
      .select('email_normalized')
      .where('email', '=', 'stopped.at.email@example.cz')
      .executeTakeFirstOrThrow();
    expect(renewed.email_normalized).toBe('stopped.at.email@example.cz');

    const pruned = await t.db
      .selectFrom('audit_log')
      .select(['actor_type', 'details'])
      .where('action', '=', 'registration.pruned')
      .execute();
    expect(pruned.map((row) => [row.actor_type, JSON.parse(row.details ?? '{}').reason]).sort()).toEqual([
      ['system', 'abandoned'],
      ['system', 'unfinished'],
    ]);
    // A second pruning finds nothing and records nothing more.
    expect(await pruneExpiredRows(t.db, t.clock.now())).toMatchObject({
      shadowAccounts: 0,
      abandonedSignUps: 0,
      unfinishedSignUps: 0,
    });
    expect(
      await t.db.selectFrom('audit_log').select('id').where('action', '=', 'registration.pruned').execute(),
    ).toHaveLength(2);
  });
});
