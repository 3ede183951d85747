import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InjectBrowser } from '../helpers/forms.js';
import { latestActivationLink, latestSmsCode, personForm, registerByForm } from '../helpers/registration.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('email activation', () => {
  let t: TestApp;
  let browser: InjectBrowser;
  let email: string;
  beforeEach(async () => {
    t = await buildTestApp({ env: { PUBLIC_URL: 'https://login.example.test' } });
    const form = personForm();
    email = form.email!;
    ({ browser } = await registerByForm(t.app, form, {
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
    }));
    const account = await t.db.selectFrom('accounts').select('phone').executeTakeFirstOrThrow();
    const code = await latestSmsCode(t.db, account.phone);
    await browser.submit('/register/phone', '/register/phone/verify', { code });
  });
  afterEach(async () => {
    await t.close();
  });

  const status = async () =>
    (await t.db.selectFrom('accounts').select('status').where('email', '=', email).executeTakeFirstOrThrow())
      .status;

  it('sends "User account registration" from MAIL_FROM with a PUBLIC_URL link; a scanner\'s GET changes nothing, the link activates in the browser that signed up', async () => {
    const message = await t.db
      .selectFrom('messages')
      .selectAll()
      .where('template', '=', 'registration.activation')
      .executeTakeFirstOrThrow();
    expect(message.recipient).toBe(email);
    const content = JSON.parse(message.content);
    expect(content.subject).toBe('User account registration');
    const link = await latestActivationLink(t.db, email);
    expect(link).toMatch(/^https:\/\/login\.example\.test\/activate\/[A-Za-z0-9_-]{43}$/);
    expect(content.html).toContain(link);
    const stored = await t.db.selectFrom('email_activations').selectAll().executeTakeFirstOrThrow();
    // Only the token's SHA-256 is stored, never the token.
    const token = new URL(link).pathname.split('/').pop()!;
    expect(stored.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);
    const path = new URL(link).pathname;
    const scanner = await t.app.inject({ url: path });
    const scannerAgain = await t.app.inject({ url: path });
    expect(scanner.statusCode).toBe(200);
    expect(scannerAgain.body).toContain('Activate account');
    expect(scanner.headers['referrer-policy']).toBe('no-referrer');
    expect(await status()).toBe('pending_email');
    // A HEAD request (a link preview, a prefetch) changes nothing, even from that browser.
    const head = await t.app.inject({ method: 'HEAD', url: path, headers: { cookie: browser.jar.header() } });
    expect(head.statusCode).toBe(200);
    expect(await status()).toBe('pending_email');
    // The customer clicks the link in the browser that signed up: that one click is enough.
    const done = await browser.get(path);
    expect(done.statusCode).toBe(200);
    expect(done.headers['referrer-policy']).toBe('no-referrer');
    expect(done.body).toContain('Done!');
    expect(done.body).toContain('href="/login"');
    expect(await status()).toBe('active');
    const used = await browser.get(path);
    expect(used.body).toContain('This link has already been used');
    const reuse = await t.app.inject({
      method: 'POST',
      url: '/api/registration/activate',
      payload: { token: path.split('/')[2] },
    });
    expect(reuse.json().error.code).toBe('TOKEN_USED');
    const audit = await t.db.selectFrom('audit_log').select('action').execute();
    expect(audit.map((a) => a.action)).toContain('account.activated');
  });

  it('a mistyped address: "Sign up with another email" kills the link sent there and starts over', async () => {
    const link = await latestActivationLink(t.db, email);
    const page = await browser.get('/register/email');
    expect(page.body).toContain('Wrong address?');
    const oldCookie = browser.jar.header();
    const left = await browser.submit('/register/email', '/register/email/abandon', {});
    expect(left.statusCode).toBe(303);
    expect(left.headers.location).toBe('/register');
    // This browser is out of the sign-up: the form to start again, not the email step.
    const again = await browser.get('/register');
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('action="/register"');
    // The session ended on the server too: its cookie, replayed, opens nothing.
    const replayed = await t.app.inject({ url: '/register/email', headers: { cookie: oldCookie } });
    expect(replayed.statusCode).toBe(303);
    expect(replayed.headers.location).not.toBe('/register/email');
    // Whoever reads the mistyped mailbox cannot activate the sign-up.
    const holder = new InjectBrowser(t.app);
    const opened = await holder.get(new URL(link).pathname);
    expect(opened.body).not.toContain('Activate account');
    // The page says the sign-up was cancelled and points to a new one, offering no new link
    // (there is no sign-up left to send it for).
    expect(opened.statusCode).toBe(410);
    expect(opened.body).toContain('This sign-up was cancelled');
    expect(opened.body).toContain('href="/register"');
    expect(opened.body).not.toContain('/resend');
    const forced = await t.app.inject({
      method: 'POST',
      url: '/api/registration/activate',
      payload: { token: new URL(link).pathname.split('/')[2] },
    });
    expect(forced.statusCode).toBeGreaterThanOrEqual(400);
    const audit = await t.db.selectFrom('audit_log').select('action').execute();
    expect(audit.map((a) => a.action)).toContain('registration.abandoned');
    // Nor take it over by a password reset: no account has that email any more...
    const reset = await holder.submit('/password/forgot', '/password/forgot', { email });
    expect(reset.statusCode).toBe(303);
    const resetMails = await t.db
      .selectFrom('messages')
      .select('id')
      .where('template', '=', 'recovery.reset_link')
      .execute();
    expect(resetMails).toHaveLength(0);
    // ...and the mailbox's holder signs up with it as a new customer, not a stand-in.
    const fresh = await registerByForm(t.app, personForm({ email }));
    expect(fresh.status).toBe(303);
    const accounts = await t.db.selectFrom('accounts').select(['status', 'email_normalized']).execute();
    expect(accounts.map((a) => [a.status, a.email_normalized.split(' ')[0]]).sort()).toEqual([
      ['closed', 'abandoned'],
      ['pending_phone', email.toLowerCase()],
    ]);
  });

  it('abandons through the JSON API too, documented in OpenAPI', async () => {
    const link = await latestActivationLink(t.db, email);
    const cookie = browser.jar.header();
    const api = (url: string) => t.app.inject({ method: 'POST', url, headers: { cookie } });
    const abandoned = await api('/api/registration/email/abandon');
    expect(abandoned.statusCode).toBe(204);
    // The session is over: the step's endpoints refuse it, and the link is dead.
    expect((await api('/api/registration/email/resend')).statusCode).toBe(401);
    const activate = await t.app.inject({
      method: 'POST',
      url: '/api/registration/activate',
      payload: { token: new URL(link).pathname.split('/')[2] },
    });
    // As the page says: the sign-up was cancelled (410), not that the link is unknown.
    expect([activate.statusCode, activate.json().error.code]).toEqual([410, 'TOKEN_CANCELLED']);
    expect((await api('/api/registration/email/abandon')).statusCode).toBe(401);
    const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(spec.paths['/api/registration/email/abandon'].post).toBeDefined();
  });

  it('in Czech the subject is "Registrace uživatelského účtu"', async () => {
    const cs = await buildTestApp();
    try {
      const form = personForm();
      const { browser: b } = await registerByForm(cs.app, form, { 'accept-language': 'cs' });
      const account = await cs.db.selectFrom('accounts').select('phone').executeTakeFirstOrThrow();
      await b.submit('/register/phone', '/register/phone/verify', {
        code: await latestSmsCode(cs.db, account.phone),
      });
      const message = await cs.db
        .selectFrom('messages')
        .select('content')
        .where('template', '=', 'registration.activation')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(message.content).subject).toBe('Registrace uživatelského účtu');
      const page = await b.get('/register/email');
      expect(page.body).toContain('Registrace uživatelského účtu');
      // The Czech email's link opened on a computer whose browser asks for English: the page
      // speaks the account's language, unless that browser chose one in the switcher.
      const path = new URL(await latestActivationLink(cs.db, form.email!)).pathname;
      const english = new InjectBrowser(cs.app, { 'accept-language': 'en-GB,en;q=0.9' });
      const opened = await english.get(path);
      expect(opened.body).toContain('<html lang="cs">');
      english.jar.set('gh_lang', 'en');
      expect((await english.get(path)).body).toContain('<html lang="en">');
      english.jar.clear();
      const done = await english.submit(path, path, {});
      expect(done.body).toContain('<html lang="cs">');
      expect(done.body).toContain('Hotovo!');
    } finally {
      await cs.close();
    }
  });

  it('an expired link shows a clear page with a way to send a new one; a resend kills older links', async () => {
    const oldPath = new URL(await latestActivationLink(t.db, email)).pathname;
    t.clock.advance(24 * 60 * 60_000 + 1);
    const expired = await browser.get(oldPath);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This link has expired');
    const resent = await browser.submit(oldPath, `${oldPath}/resend`, {});
    expect(resent.body).toContain('We sent a new email');
    const newPath = new URL(await latestActivationLink(t.db, email)).pathname;
    expect(newPath).not.toBe(oldPath);
    const failed = await browser.submit(oldPath, oldPath, {});
    expect(failed.body).toContain('This link has expired');
    // A day on, the sign-up's session has ended: the link shows its button, which activates.
    expect((await browser.get(newPath)).body).toContain('Activate account');
    expect((await browser.submit(newPath, newPath, {})).body).toContain('Done!');
  });

  it('an expired link gets a new one through the JSON API too, without the sign-up’s session', async () => {
    const oldToken = new URL(await latestActivationLink(t.db, email)).pathname.split('/')[2]!;
    const resend = (token: string) =>
      t.app.inject({ method: 'POST', url: '/api/registration/activate/resend', payload: { token } });
    // A link that still works is to be used, not replaced.
    expect((await resend(oldToken)).json().error.code).toBe('TOKEN_STILL_VALID');
    t.clock.advance(24 * 60 * 60_000 + 1);
    const sent = await resend(oldToken);
    expect([sent.statusCode, sent.json()]).toEqual([200, { status: 'pending_email' }]);
    const newToken = new URL(await latestActivationLink(t.db, email)).pathname.split('/')[2]!;
    expect(newToken).not.toBe(oldToken);
    // The cooldown holds as for the page's button.
    expect((await resend(oldToken)).json().error.code).toBe('RESEND_COOLDOWN');
    const activate = (token: string) =>
      t.app.inject({ method: 'POST', url: '/api/registration/activate', payload: { token } });
    expect((await activate(oldToken)).json().error.code).toBe('TOKEN_EXPIRED');
    expect((await activate(newToken)).statusCode).toBe(200);
    expect((await resend(newToken)).json().error.code).toBe('TOKEN_USED');
    expect((await resend('x'.repeat(43))).json().error.code).toBe('TOKEN_INVALID');
    const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(spec.paths['/api/registration/activate/resend'].post).toBeDefined();
  });

  it('a resend kills the link sent before, while it is still fresh', async () => {
    const oldPath = new URL(await latestActivationLink(t.db, email)).pathname;
    t.clock.advance(61_000);
    const resent = await browser.submit('/register/email', '/register/email/resend', {});
    expect(resent.statusCode).toBeLessThan(400);
    const newPath = new URL(await latestActivationLink(t.db, email)).pathname;
    expect(newPath).not.toBe(oldPath);
    // A minute after it was sent, far from its 24 hours: only the resend can have killed it.
    const failed = await browser.submit(oldPath, oldPath, {});
    expect(failed.statusCode).toBe(410);
    expect(failed.body).toContain('This link has expired');
    expect(await status()).toBe('pending_email');
    expect((await browser.get(newPath)).body).toContain('Done!');
  });

  it('Resend clicked many times at once after the cooldown sends one email', async () => {
    const activationEmails = async () =>
      (
        await t.db
          .selectFrom('messages')
          .select('id')
          .where('template', '=', 'registration.activation')
          .where('recipient', '=', email)
          .execute()
      ).length;
    const before = await activationEmails();
    t.clock.advance(60_000);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.app.inject({
          method: 'POST',
          url: '/api/registration/email/resend',
          headers: { cookie: browser.jar.header() },
        }),
      ),
    );
    expect(answers.filter((a) => a.statusCode < 300)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.statusCode >= 300)) {
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('RESEND_COOLDOWN');
    }
    expect(await activationEmails()).toBe(before + 1);
  });

  it('five resends a day, then a clear refusal that says when', async () => {
    for (let i = 0; i < 5; i++) {
      t.clock.advance(61_000);
      const resend = await t.app.inject({
        method: 'POST',
        url: '/api/registration/email/resend',
        headers: { cookie: browser.jar.header() },
      });
      expect(resend.statusCode, `resend ${i + 1}`).toBeLessThan(300);
    }
    t.clock.advance(61_000);
    const capped = await browser.submit('/register/email', '/register/email/resend', {});
    expect(capped.statusCode).toBe(429);
    t.clock.advance(61_000);
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/registration/email/resend',
      headers: { cookie: browser.jar.header() },
    });
    expect(api.json().error.code).toBe('EMAIL_LIMIT_REACHED');
    expect(api.json().error.retryAfterSeconds).toBeGreaterThan(60);
  });

  it('a link opened where this sign-up is not signed in (another browser, another account) asks for one click', async () => {
    const path = new URL(await latestActivationLink(t.db, email)).pathname;
    // Another customer's browser, signed in to its own sign-up, gets the button, not an activation.
    const { browser: stranger } = await registerByForm(t.app, personForm());
    const strangerPage = await stranger.get(path);
    expect(strangerPage.statusCode).toBe(200);
    expect(strangerPage.body).toContain('Activate account');
    // The customer's phone, say: no session at all.
    const phone = new InjectBrowser(t.app);
    const confirm = await phone.get(path);
    expect(confirm.body).toContain('Activate account');
    expect(confirm.body).toContain(email);
    expect(await status()).toBe('pending_email');
    const done = await phone.submit(path, path, {});
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Done!');
    expect(await status()).toBe('active');
    // The browser that signed up now finds the link used, and says so.
    expect((await browser.get(path)).body).toContain('This link has already been used');
  });

  it('garbage and unknown tokens get a clear page, never a 500', async () => {
    for (const token of ['x', 'A'.repeat(43), '%00', '..%2F..', 'a'.repeat(190)]) {
      const response = await t.app.inject({ url: `/activate/${token}` });
      expect(response.statusCode, token).toBeLessThan(500);
    }
    const unknown = await t.app.inject({ url: `/activate/${'A'.repeat(43)}` });
    expect(unknown.body).toContain('This link does not work');
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/registration/activate',
      payload: { token: 'nope' },
    });
    expect(api.json().error.code).toBe('TOKEN_INVALID');
  });

  it('the pending email page shows where the email went', async () => {
    const page = await browser.get('/register/email');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(email);
    expect(page.body).toContain('User account registration');
    const firstPath = new URL(await latestActivationLink(t.db, email)).pathname;
    // A resend from the pending page: cooldown first, then a newer link replaces this one.
    const early = await browser.submit('/register/email', '/register/email/resend', {});
    expect(early.statusCode).toBe(429);
    t.clock.advance(60_000);
    const again = await browser.submit('/register/email', '/register/email/resend', {});
    expect(again.headers.location).toBe('/register/email?notice=resent');
    expect((await browser.get(firstPath)).statusCode).toBe(410);
    const newest = new URL(await latestActivationLink(t.db, email)).pathname;
    expect((await browser.get(newest)).body).toContain('Done!');
  });
});
