import { createHash } from 'node:crypto';
import { lockAccount, unlockAccount } from '../../src/accounts/lock.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestAccount } from '../helpers/accounts.js';
import { InjectBrowser } from '../helpers/forms.js';
import {
  latestActivationLink,
  latestSmsCode,
  personForm,
  registerByApi,
  registerByForm,
} from '../helpers/registration.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const newPassword = 'a brand new river stone';

const seenMessages = new Set<string>();
const lastSeen = new Map<string, { subject: string; text: string; html: string; template: string }>();

/**
 * The newest email to `to`: one not returned before (the manual clock stands still, so
 * created_at ties and cannot order them), else the one returned last.
 */
async function lastEmail(t: TestApp, to: string) {
  // Requests are turned into links just after the answer: wait for that.
  await t.app.resetRequests.settle();
  const rows = await t.db
    .selectFrom('messages')
    .select(['id', 'content', 'template'])
    .where('recipient', '=', to)
    .execute();
  const row = rows.find((r) => !seenMessages.has(r.id));
  if (!row) {
    const previous = lastSeen.get(to);
    if (!previous) throw new Error(`no email to ${to}`);
    return previous;
  }
  seenMessages.add(row.id);
  const email = {
    ...(JSON.parse(row.content) as { subject: string; text: string; html: string }),
    template: row.template,
  };
  lastSeen.set(to, email);
  return email;
}

/** Marks every email to `to` so far as returned: the next lastEmail() is a newer one. */
async function skipEmails(t: TestApp, to: string): Promise<number> {
  await t.app.resetRequests.settle();
  const rows = await t.db.selectFrom('messages').select('id').where('recipient', '=', to).execute();
  for (const row of rows) seenMessages.add(row.id);
  return rows.length;
}

function linkIn(text: string): string {
  const match = /https?:\/\/\S+\/password\/reset\?token=[A-Za-z0-9_-]+/.exec(text);
  if (!match) throw new Error(`no reset link in: ${text}`);
  return match[0];
}

/** Asks for a reset in `browser` and returns the emailed link. */
async function requestLink(t: TestApp, browser: InjectBrowser, email: string): Promise<string> {
  const response = await browser.submit('/password/forgot', '/password/forgot', { email });
  expect(response.statusCode).toBe(303);
  return linkIn((await lastEmail(t, email)).text);
}

/** Opens the link, then submits the new password; returns the final response. */
async function useLink(browser: InjectBrowser, link: string, password = newPassword) {
  const url = new URL(link);
  const opened = await browser.get(`${url.pathname}${url.search}`);
  expect(opened.statusCode).toBe(303);
  expect(opened.headers.location).toBe('/password/reset');
  expect(opened.body).toBe('');
  return browser.submit('/password/reset', '/password/reset', {
    newPassword: password,
    confirmPassword: password,
  });
}

async function canLogIn(t: TestApp, email: string, password: string): Promise<boolean> {
  const response = await t.app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
  return response.statusCode === 200;
}

describe('forgotten password', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('shows the form in English and Czech with the way to support', async () => {
    const en = await t.app.inject({ url: '/password/forgot' });
    for (const text of [
      'Forgotten password',
      '>Email<',
      'Submit</button>',
      'href="/support/contact?topic=login_email"',
      'at least one service',
    ])
      expect(en.body).toContain(text);
    const cs = await t.app.inject({ url: '/password/forgot', headers: { 'accept-language': 'cs' } });
    for (const text of ['Zapomenuté heslo', '>E-mail<', 'Odeslat</button>', 'alespoň jedné služby'])
      expect(cs.body).toContain(text);
  });

  it('works only in the requesting browser, once, and ends every session', async () => {
    const account = await createTestAccount(t);
    const elsewhere = new InjectBrowser(t.app);
    await elsewhere.submit('/login', '/login', { email: account.email, password: account.password });
    expect((await elsewhere.get('/account')).statusCode).toBe(200);

    const a = new InjectBrowser(t.app);
    const link = await requestLink(t, a, account.email);
    expect(link.startsWith(`${t.config.publicUrl.origin}/password/reset?token=`)).toBe(true);
    const email = await lastEmail(t, account.email);
    expect(email.subject).toBe('Forgotten login details');

    // Another browser: refused with the explanation and a way to start again there.
    const b = new InjectBrowser(t.app);
    const url = new URL(link);
    await b.get(`${url.pathname}${url.search}`);
    const refused = await b.get('/password/reset');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Open the link in the browser where you asked for it');
    expect(refused.body).toContain('href="/password/forgot"');
    const forcedPost = await b.submit('/password/forgot', '/password/reset', {
      newPassword,
      confirmPassword: newPassword,
    });
    expect(forcedPost.statusCode).toBe(403);

    // A mail scanner's GETs consume nothing.
    await t.app.inject({ url: `${url.pathname}${url.search}` });
    await t.app.inject({ url: `${url.pathname}${url.search}` });

    await a.get(`${url.pathname}${url.search}`);
    const form = await a.get('/password/reset');
    expect(form.statusCode).toBe(200);
    for (const text of [
      'New password',
      'Confirm new password',
      'Set Password</button>',
      'data-password-generate',
    ])
      expect(form.body).toContain(text);
    expect(form.body).not.toContain(url.searchParams.get('token')!);

    const mismatch = await a.submit('/password/reset', '/password/reset', {
      newPassword,
      confirmPassword: `${newPassword}x`,
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('The two passwords do not match.');
    const weak = await a.submit('/password/reset', '/password/reset', {
      newPassword: 'password1',
      confirmPassword: 'password1',
    });
    expect(weak.statusCode).toBe(400);

    const done = await a.submit('/password/reset', '/password/reset', {
      newPassword,
      confirmPassword: newPassword,
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/password/reset/done');
    expect(a.jar.get('gh_session')).toBeUndefined();
    const donePage = await a.get('/password/reset/done');
    expect(donePage.body).toContain('Done!');
    expect(donePage.body).toContain('href="/login"');

    expect(await canLogIn(t, account.email, account.password)).toBe(false);
    expect(await canLogIn(t, account.email, newPassword)).toBe(true);
    expect((await elsewhere.get('/account')).statusCode).toBe(303);
    const notice = await lastEmail(t, account.email);
    expect(notice.template).toBe('recovery.password_changed');

    // Reuse: refused.
    expect((await useLink(a, link, 'yet another long phrase')).statusCode).toBe(410);

    const actions = (await t.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map(
      (e) => e.action,
    );
    expect(actions).toContain('password_reset.requested');
    expect(actions).toContain('password_reset.refused');
    expect(actions).toContain('password_reset.completed');
  });

  it('takes a new password confirmed in another Unicode form, and logs in with either form', async () => {
    const account = await createTestAccount(t);
    const browser = new InjectBrowser(t.app);
    const url = new URL(await requestLink(t, browser, account.email));
    await browser.get(`${url.pathname}${url.search}`);
    const composed = 'Nové heslo: žluťoučký kůň 2026';
    const decomposed = composed.normalize('NFD');
    const done = await browser.submit('/password/reset', '/password/reset', {
      newPassword: decomposed,
      confirmPassword: composed,
    });
    expect(done.headers.location).toBe('/password/reset/done');
    expect(await canLogIn(t, account.email, composed)).toBe(true);
    expect(await canLogIn(t, account.email, decomposed)).toBe(true);
  });

  it('takes any token out of the address bar before a page renders, a repeated or malformed one too', async () => {
    for (const search of ['?token=a&token=b', '?token[]=x', '?token=', '?token=%00']) {
      const opened = await t.app.inject({ url: `/password/reset${search}` });
      expect([opened.statusCode, opened.headers.location, opened.body], search).toEqual([
        303,
        '/password/reset',
        '',
      ]);
      expect(opened.headers['set-cookie'] ?? '', search).not.toMatch(/reset/i);
    }
  });

  it('stores only SHA-256 hashes of the emailed token and of the binding cookie', async () => {
    const account = await createTestAccount(t);
    const browser = new InjectBrowser(t.app);
    const token = new URL(await requestLink(t, browser, account.email)).searchParams.get('token')!;
    // At least 128 bits: 32 random bytes in base64url.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const binding = browser.jar.get('gh_reset_binding')!;
    expect(binding).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
    const rows = await t.db
      .selectFrom('password_reset_tokens')
      .selectAll()
      .where('account_id', '=', account.id)
      .execute();
    expect(rows.map((row) => [row.id_hash, row.binding_hash])).toEqual([[sha256(token), sha256(binding)]]);
    const audit = await t.db.selectFrom('audit_log').selectAll().execute();
    for (const secret of [token, binding]) expect(JSON.stringify([rows, audit])).not.toContain(secret);
  });

  it("tells the holder of the password change in the account's language, whatever the browser's", async () => {
    const account = await createTestAccount(t, { locale: 'cs' });
    const browser = new InjectBrowser(t.app, { 'accept-language': 'en' });
    const done = await useLink(browser, await requestLink(t, browser, account.email));
    expect(done.statusCode).toBe(303);
    const notice = await t.db
      .selectFrom('messages')
      .select(['locale', 'content'])
      .where('recipient', '=', account.email)
      .where('template', '=', 'recovery.password_changed')
      .executeTakeFirstOrThrow();
    expect(notice.locale).toBe('cs');
    expect(JSON.parse(notice.content).subject).toBe('Vaše heslo bylo změněno');
  });

  it('lets exactly one of two parallel submissions of one token through', async () => {
    const account = await createTestAccount(t);
    const a = new InjectBrowser(t.app);
    const link = await requestLink(t, a, account.email);
    const url = new URL(link);
    await a.get(`${url.pathname}${url.search}`);
    const page = await a.get('/password/reset');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const results = await Promise.all(
      ['first parallel passphrase', 'second parallel passphrase'].map((password) =>
        a.post('/password/reset', { _csrf: csrf, newPassword: password, confirmPassword: password }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([303, 410]);
    const completed = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'password_reset.completed')
      .execute();
    expect(completed).toHaveLength(1);
  });

  // Like the two tests below, this races on PostgreSQL only.
  it('two browsers submitting their own links at once: one password is set, the other link refused, never a 500', async () => {
    for (let round = 0; round < 5; round++) {
      const account = await createTestAccount(t);
      const browsers = [new InjectBrowser(t.app), new InjectBrowser(t.app)];
      const links: string[] = [];
      for (const browser of browsers) links.push(await requestLink(t, browser, account.email));
      const forms = await Promise.all(
        browsers.map(async (browser, i) => {
          const url = new URL(links[i]!);
          await browser.get(`${url.pathname}${url.search}`);
          const page = await browser.get('/password/reset');
          return /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
        }),
      );
      const results = await Promise.all(
        browsers.map((browser, i) =>
          browser.post('/password/reset', {
            _csrf: forms[i]!,
            newPassword: `parallel passphrase number ${i}`,
            confirmPassword: `parallel passphrase number ${i}`,
          }),
        ),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([303, 410]);
    }
  });

  it('a link asked for before an operator locked the account opens nothing, even after the unlock', async () => {
    const account = await createTestAccount(t);
    const browser = new InjectBrowser(t.app);
    const link = await requestLink(t, browser, account.email);
    const operator = { email: account.email, operator: 'support-anna', reason: 'stolen laptop' };
    expect((await lockAccount(t.db, t.clock, operator)).kind).toBe('done');
    expect((await unlockAccount(t.db, t.clock, operator)).kind).toBe('done');
    const refused = await useLink(browser, link);
    expect(refused.statusCode).toBe(410);
    expect(await canLogIn(t, account.email, newPassword)).toBe(false);
    expect(await canLogIn(t, account.email, account.password)).toBe(true);
    // A new request after the unlock works as usual.
    const fresh = await requestLink(t, browser, account.email);
    expect((await useLink(browser, fresh)).statusCode).toBe(303);
    expect(await canLogIn(t, account.email, newPassword)).toBe(true);
  });

  // The two tests below race on PostgreSQL only: SQLite's one connection runs transactions in turn.
  it('two requests at once from one browser leave one live link', async () => {
    for (let round = 0; round < 5; round++) {
      const account = await createTestAccount(t);
      const browser = new InjectBrowser(t.app);
      // The first request sets the browser's binding cookie; the two after it share it.
      await requestLink(t, browser, account.email);
      const page = await browser.get('/password/forgot');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const answers = await Promise.all(
        [0, 1].map(() => browser.post('/password/forgot', { _csrf: csrf, email: account.email })),
      );
      expect(answers.map((a) => a.statusCode)).toEqual([303, 303]);
      await t.app.resetRequests.settle();
      const live = await t.db
        .selectFrom('password_reset_tokens')
        .select('id_hash')
        .where('account_id', '=', account.id)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .execute();
      expect(live).toHaveLength(1);
    }
  });

  it('refuses an expired token, one after a newer request, and one after a password or email change', async () => {
    const account = await createTestAccount(t);
    const a = new InjectBrowser(t.app);

    // A link lives a whole hour: a minute before its end it still sets the password.
    const inTime = await requestLink(t, a, account.email);
    t.clock.advance(59 * 60_000);
    const used = await useLink(a, inTime, 'set just before the hour ends');
    expect(used.statusCode).toBe(303);
    expect(used.headers.location).toBe('/password/reset/done');
    expect(await canLogIn(t, account.email, 'set just before the hour ends')).toBe(true);
    expect((await lastEmail(t, account.email)).template).toBe('recovery.password_changed');

    const expired = await requestLink(t, a, account.email);
    t.clock.advance(60 * 60_000 + 1);
    expect((await useLink(a, expired)).statusCode).toBe(410);

    const older = await requestLink(t, a, account.email);
    const newer = await requestLink(t, a, account.email);
    expect((await useLink(a, older)).statusCode).toBe(410);

    await t.db
      .updateTable('accounts')
      .set({ password_hash: '$argon2id$v=19$m=19456,t=2,p=1$changed$changed' })
      .where('id', '=', account.id)
      .execute();
    expect((await useLink(a, newer)).statusCode).toBe(410);

    const beforeEmailChange = await requestLink(t, a, account.email);
    await t.db
      .updateTable('accounts')
      .set({ email: 'moved@example.com', email_normalized: 'moved@example.com' })
      .where('id', '=', account.id)
      .execute();
    const response = await useLink(a, beforeEmailChange);
    expect(response.statusCode).toBe(410);
    expect(response.body).toContain('This link no longer works');
  });

  it('lets a customer whose unfinished sign-up was repeated by someone else back in by resetting the password', async () => {
    // The customer signs up and stops at the phone step; someone else then signs up with the
    // same email (which makes a shadow sign-up, newer than the customer's, that wins logins).
    const email = 'halfway@example.cz';
    const own = 'the customer own long phrase';
    const first = await registerByApi(
      t.app,
      { kind: 'person', firstName: 'Jana', lastName: 'Nováková', email, phone: '601123456', password: own },
      '198.51.100.7',
    );
    expect(first.statusCode).toBe(201);
    const again = await registerByApi(
      t.app,
      {
        kind: 'person',
        firstName: 'Eva',
        lastName: 'Cizí',
        email,
        phone: '602765432',
        password: 'somebody else phrase',
      },
      '203.0.113.9',
    );
    expect(again.statusCode).toBe(201);
    expect(await canLogIn(t, email, own)).toBe(false);
    expect((await lastEmail(t, email)).template).toBe('registration.duplicate_notice');
    t.clock.advance(5 * 60_000);

    // The mailbox proves who the customer is: after a reset the new password opens the
    // customer's own sign-up, at its phone step, with the customer's number.
    const a = new InjectBrowser(t.app);
    const link = await requestLink(t, a, email);
    const reset = await useLink(a, link);
    expect(reset.statusCode).toBe(303);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email, password: newPassword },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ account: { status: 'pending_phone' }, next: '/register/phone' });
    const cookie = login.cookies.find((c) => c.name === 'gh_session')!;
    const status = await t.app.inject({
      url: '/api/registration/status',
      cookies: { gh_session: cookie.value },
    });
    expect(status.json()).toMatchObject({ phone: '+420601123456' });
    // The other sign-up's password no longer opens anything under this email.
    expect(await canLogIn(t, email, 'somebody else phrase')).toBe(false);
  });

  it("keeps the browser's newest link working when a request past the hourly limit is dropped", async () => {
    const account = await createTestAccount(t);
    const a = new InjectBrowser(t.app);
    let newest = '';
    for (let i = 0; i < 5; i++) newest = await requestLink(t, a, account.email);
    // A sixth "send again" within the hour gets the same answer but sends nothing...
    const dropped = await a.submit('/password/forgot', '/password/forgot', { email: account.email });
    expect(dropped.statusCode).toBe(303);
    expect((await lastEmail(t, account.email)).text).toContain(new URL(newest).search);
    // ...and the link that did arrive still works in this browser.
    const used = await useLink(a, newest);
    expect(used.statusCode).toBe(303);
    expect(used.headers.location).toBe('/password/reset/done');
  });

  it('answers the same for known and unknown emails, and never locks the account', async () => {
    const account = await createTestAccount(t);
    const a = new InjectBrowser(t.app);
    const known = await a.submit('/password/forgot', '/password/forgot', { email: account.email });
    const unknown = await a.submit('/password/forgot', '/password/forgot', { email: 'nobody@example.com' });
    expect(known.statusCode).toBe(unknown.statusCode);
    expect(known.headers.location).toBe(unknown.headers.location);
    expect(known.body).toBe(unknown.body);
    expect(known.cookies.map((c) => c.name)).toEqual(unknown.cookies.map((c) => c.name));
    const api = (email: string) =>
      t.app.inject({ method: 'POST', url: '/api/password/forgot', payload: { email } });
    const [k, u] = [await api(account.email), await api('nobody@example.com')];
    expect(k.statusCode).toBe(202);
    expect(k.body).toBe(u.body);

    // Past the per-email limit the answer stays the same but no more mail goes out.
    for (let i = 0; i < 6; i++)
      await a.submit('/password/forgot', '/password/forgot', { email: account.email });
    await t.app.resetRequests.settle();
    const mails = await t.db
      .selectFrom('messages')
      .select('id')
      .where('recipient', '=', account.email)
      .execute();
    expect(mails.length).toBe(5);
    expect(await canLogIn(t, account.email, account.password)).toBe(true);
  });

  it("lets the owner's own browser ask for a link when strangers have used up the email's hour", async () => {
    const account = await createTestAccount(t);
    const owner = new InjectBrowser(t.app);
    const login = await owner.submit('/login', '/login', {
      email: account.email,
      password: account.password,
    });
    expect(login.statusCode).toBe(303);
    const mailCount = () => skipEmails(t, account.email);

    // Someone who knows only the email spends its hourly requests...
    const stranger = new InjectBrowser(t.app);
    for (let i = 0; i < 5; i++)
      await stranger.submit('/password/forgot', '/password/forgot', { email: account.email });
    expect(await mailCount()).toBe(5);
    const dropped = await stranger.submit('/password/forgot', '/password/forgot', { email: account.email });
    expect(dropped.statusCode).toBe(303);
    expect(await mailCount()).toBe(5);

    // ...but the browser that logged in to the account before still gets its link, and it works.
    const link = await requestLink(t, owner, account.email);
    expect(await mailCount()).toBe(6);
    const used = await useLink(owner, link);
    expect(used.headers.location).toBe('/password/reset/done');
    expect(await canLogIn(t, account.email, newPassword)).toBe(true);
  });

  it("a stranger's newer request does not kill the link the customer asked for in another browser", async () => {
    const account = await createTestAccount(t);
    const customer = new InjectBrowser(t.app);
    const link = await requestLink(t, customer, account.email);
    // Someone with only the email asks too: that link goes to the same mailbox, bound to the
    // stranger's browser...
    const stranger = new InjectBrowser(t.app);
    const strangers = await requestLink(t, stranger, account.email);
    expect(strangers).not.toBe(link);
    // ...and the customer's own link still works where it was asked for.
    const used = await useLink(customer, link);
    expect(used.headers.location).toBe('/password/reset/done');
    // The password changed: every other link is dead now.
    expect((await useLink(stranger, strangers, 'another brand new phrase')).statusCode).toBe(410);
  });

  it("caps the owner's browsers on their own, and a stale device tag counts as a stranger", async () => {
    const account = await createTestAccount(t);
    const owner = new InjectBrowser(t.app);
    await owner.submit('/login', '/login', { email: account.email, password: account.password });
    const mailCount = () => skipEmails(t, account.email);
    for (let i = 0; i < 6; i++)
      await owner.submit('/password/forgot', '/password/forgot', { email: account.email });
    expect(await mailCount()).toBe(5);
    // The known browsers' hour is spent, the email's is not: a stranger still gets a link.
    const stranger = new InjectBrowser(t.app);
    const link = await requestLink(t, stranger, account.email);
    expect(await mailCount()).toBe(6);
    t.clock.advance(60_000);
    expect((await useLink(stranger, link)).headers.location).toBe('/password/reset/done');
    // The password changed: the owner's browser is a stranger again until it logs in anew, so it
    // shares the email's hour, of which the stranger used one.
    for (let i = 0; i < 5; i++)
      await owner.submit('/password/forgot', '/password/forgot', { email: account.email });
    // The reset's notice, then four requests within the email's hour; the fifth is dropped.
    expect(await mailCount()).toBe(6 + 1 + 4);
  });

  it('limits requests per client network', async () => {
    const a = new InjectBrowser(t.app);
    let last = 0;
    for (let i = 0; i < 21; i++) {
      last = (await a.submit('/password/forgot', '/password/forgot', { email: `n${i}@example.com` }))
        .statusCode;
    }
    expect(last).toBe(429);
  });

  it('works through the JSON API with the binding cookie and stable error codes', async () => {
    const account = await createTestAccount(t);
    const forgot = await t.app.inject({
      method: 'POST',
      url: '/api/password/forgot',
      payload: { email: account.email },
    });
    const binding = forgot.cookies.find((c) => c.name === 'gh_reset_binding')!;
    const token = new URL(linkIn((await lastEmail(t, account.email)).text)).searchParams.get('token')!;
    const reset = (cookie: string, body: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/password/reset', headers: { cookie }, payload: body });
    const body = { token, newPassword, confirmPassword: newPassword };
    expect((await reset('', body)).json().error.code).toBe('RESET_WRONG_BROWSER');
    expect(
      (await reset(`gh_reset_binding=${binding.value}`, { ...body, confirmPassword: 'x' })).json().error.code,
    ).toBe('VALIDATION_FAILED');
    const ok = await reset(`gh_reset_binding=${binding.value}`, body);
    expect(ok.statusCode).toBe(200);
    const again = await reset(`gh_reset_binding=${binding.value}`, body);
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('RESET_TOKEN_INVALID');
    expect(await canLogIn(t, account.email, newPassword)).toBe(true);
  });
});

describe('emailed links and Host header poisoning', () => {
  for (const trusted of [false, true]) {
    it(`builds links from PUBLIC_URL only${trusted ? ' (behind a trusted proxy)' : ''}`, async () => {
      const t = await buildTestApp(trusted ? { env: { TRUSTED_PROXIES: '127.0.0.1' } } : {});
      try {
        const account = await createTestAccount(t);
        const poison: Record<string, string>[] = [
          { host: 'evil.example' },
          { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
          { forwarded: 'host=evil.example;proto=https', 'x-forwarded-for': '203.0.113.9' },
          {
            host: 'evil.example:80',
            'x-forwarded-host': 'evil.example',
            'x-forwarded-server': 'evil.example',
          },
        ];
        for (const headers of poison) {
          const browser = new InjectBrowser(t.app, headers);
          await browser.submit('/password/forgot', '/password/forgot', { email: account.email });
          const email = await lastEmail(t, account.email);
          expect(linkIn(email.text).startsWith(`${t.config.publicUrl.origin}/password/reset?token=`)).toBe(
            true,
          );
          expect(email.text + email.html).not.toContain('evil.example');

          // The activation email of a sign-up made through the same headers.
          const signUp = await registerByForm(t.app, personForm(), headers);
          expect(signUp.location).toBe('/register/phone');
          const phone = (
            await t.db
              .selectFrom('accounts')
              .select('phone')
              .where('email', '=', signUp.form.email!)
              .executeTakeFirstOrThrow()
          ).phone;
          await signUp.browser.submit('/register/phone', '/register/phone/verify', {
            code: await latestSmsCode(t.db, phone),
          });
          const activation = await latestActivationLink(t.db, signUp.form.email!);
          expect(activation.startsWith(`${t.config.publicUrl.origin}/activate/`)).toBe(true);
          // The notice to an owner whose email someone signed up with (an owner of its own each
          // time: an owner is told of only a few sign-ups a day).
          const taken = await createTestAccount(t);
          const duplicate = await registerByForm(t.app, personForm({ email: taken.email }), headers);
          expect(duplicate.location).toBe('/register/phone');
          const notice = await lastEmail(t, taken.email);
          expect(notice.template).toBe('registration.duplicate_notice');
          expect(notice.text).toContain(`${t.config.publicUrl.origin}/login`);
          const everything = await t.db.selectFrom('messages').select('content').execute();
          expect(everything.map((row) => row.content).join('\n')).not.toContain('evil.example');
        }
      } finally {
        await t.close();
      }
    });
  }
});
