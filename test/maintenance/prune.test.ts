import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shadowEmailPrefix } from '../../src/flows/context.js';
import {
  abandonedSignUpRetentionMs,
  pruneExpiredRows,
  shadowAccountRetentionMs,
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

  it('deletes a backlog in batches, a transaction each, and records each sign-up once', async () => {
    const standIns = [];
    for (let i = 0; i < 5; i++) {
      const account = await createTestAccount(t, { status: 'pending_phone' });
      await t.db
        .updateTable('accounts')
        .set({ email_normalized: `${shadowEmailPrefix}${account.id}` })
        .where('id', '=', account.id)
        .execute();
      standIns.push(account.id);
    }
    const kept = await createTestAccount(t);
    t.clock.advance(shadowAccountRetentionMs);
    const report = await pruneExpiredRows(t.db, t.clock.now(), { batchSize: 2 });
    expect(report.shadowAccounts).toBe(5);
    const accounts = await t.db.selectFrom('accounts').select('id').execute();
    expect(accounts.map((a) => a.id)).toEqual([kept.id]);
    const pruned = await t.db
      .selectFrom('audit_log')
      .select('account_id')
      .where('action', '=', 'registration.pruned')
      .execute();
    expect(pruned.map((row) => row.account_id).sort()).toEqual(standIns.sort());
  });

  it('deletes sign-ups a week after they were abandoned and 30 days after their customer last acted, and frees their emails', async () => {
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
    const day = 24 * 60 * 60_000;
    const logInAs = async (email: string, password: string) =>
      new InjectBrowser(t.app).submit('/login', '/login', { email, password });
    const customer = await createTestAccount(t);
    // Stopped at the phone step (twice), and at the email step.
    const atPhone = await signUp('stopped.at.phone@example.cz');
    const cameBack = await signUp('came.back@example.cz');
    const atEmail = await signUp('stopped.at.email@example.cz');
    expect((await atEmail.verifyPhone()).statusCode).toBe(303);
    // "Sign up with another email" at the email step, three days later.
    const wrongEmail = await signUp('typo@example.cz');
    await wrongEmail.verifyPhone();
    t.clock.advance(3 * day);
    const abandoning = new InjectBrowser(t.app);
    const resumed = await abandoning.submit('/login', '/login', {
      email: 'typo@example.cz',
      password: wrongEmail.form.password!,
    });
    expect(resumed.headers.location).toBe('/register/email');
    expect((await abandoning.submit('/register/email', '/register/email/abandon', {})).statusCode).toBe(303);

    // A week after it began, four days after it was abandoned: kept.
    t.clock.advance(abandonedSignUpRetentionMs - 3 * day);
    expect(await pruneExpiredRows(t.db, t.clock.now())).toMatchObject({ abandonedSignUps: 0 });
    // The sign-up stopped at the phone step comes back (its session has ended: it logs in, which
    // lands on its step) and verifies its phone with a fresh code.
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

    t.clock.advance(3 * day); // a week after it was abandoned
    expect(await pruneExpiredRows(t.db, t.clock.now())).toMatchObject({ abandonedSignUps: 1 });

    // Day 20: another one only logs in. Day 25: a stranger fails three logins at the one at the
    // email step. Day 27: someone signs up again with that one's email (a stand-in, as the email
    // is taken).
    t.clock.advance(10 * day);
    expect((await logInAs('came.back@example.cz', cameBack.form.password!)).headers.location).toBe(
      '/register/phone',
    );
    t.clock.advance(5 * day);
    for (let i = 0; i < 3; i++)
      expect((await logInAs('stopped.at.email@example.cz', 'a stranger guessing')).statusCode).toBe(401);
    t.clock.advance(2 * day);
    await signUp('stopped.at.email@example.cz');
    const standIn = await t.db
      .selectFrom('accounts')
      .select('id')
      .where('shadow_of', '=', 'stopped.at.email@example.cz')
      .execute();
    expect(standIn).toHaveLength(1);

    t.clock.advance(3 * day); // day 30
    expect(await pruneExpiredRows(t.db, t.clock.now())).toMatchObject({
      unfinishedSignUps: 1,
      shadowAccounts: 1,
    });
    expect(await statusOf('stopped.at.email@example.cz')).toBeUndefined();
    // Thirty days after the customer last did something, not after it began: the phone was
    // verified 23 days ago, the other logged in 10 days ago.
    expect(await statusOf('stopped.at.phone@example.cz')).toBe('pending_email');
    expect(await statusOf('came.back@example.cz')).toBe('pending_phone');
    expect(await statusOf(customer.email)).toBe('active');
    const accounts = await t.db.selectFrom('accounts').select('email').execute();
    expect(accounts.map((a) => a.email).sort()).toEqual(
      [customer.email, 'came.back@example.cz', 'stopped.at.phone@example.cz'].sort(),
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
      ['system', 'shadow'],
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
    ).toHaveLength(3);
  });
});
