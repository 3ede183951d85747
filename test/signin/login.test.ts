import { createHash } from 'node:crypto';
import { Algorithm, hash } from '@node-rs/argon2';
import { lockAccount, unlockAccount } from '../../src/accounts/lock.js';
import { sessionReference } from '../../src/sessions/manager.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestAccount } from '../helpers/accounts.js';
import { extractCsrfToken, InjectBrowser } from '../helpers/forms.js';
import { personForm, registerByForm } from '../helpers/registration.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Logs a new account in through the API and returns a check of its session that reads the
 * store (not the one-second cache): the status `GET /api/session` answers.
 */
async function loggedInSessionCheck(t: TestApp): Promise<() => Promise<number>> {
  const account = await createTestAccount(t);
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { email: account.email, password: account.password },
  });
  const token = response.cookies.find((c) => c.name === 'gh_session')!.value;
  return () => {
    t.app.sessions.cache.clear();
    return t.app
      .inject({ url: '/api/session', headers: { cookie: `gh_session=${token}` } })
      .then((r) => r.statusCode);
  };
}

describe('login', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('shows the login form in English and Czech', async () => {
    const en = await t.app.inject({ url: '/login' });
    expect(en.statusCode).toBe(200);
    for (const text of ['>Email<', '>Password<', 'Log in</button>', 'Forgotten password', 'name="remember"'])
      expect(en.body).toContain(text);
    // The show/hide button (shown by the script, as on sign-up) and nothing that fills a password.
    expect(en.body).toMatch(
      /data-password-toggle="f-password"[^>]*><span class="password-toggle__word">Show</,
    );
    expect(en.body).toContain('src="/assets/password.js"');
    expect(en.body).not.toContain('data-password-generate');
    // No maxlength, which browsers count in UTF-16 units and would cut a password of emoji.
    expect(en.body).not.toMatch(/id="f-password"[^>]*maxlength/);
    const cs = await t.app.inject({ url: '/login', headers: { 'accept-language': 'cs' } });
    for (const text of ['>E-mail<', '>Heslo<', 'Přihlásit se</button>', 'Zapomenuté heslo'])
      expect(cs.body).toContain(text);
  });

  it('logs an active customer in to the dashboard with a new session token, and out again', async () => {
    const account = await createTestAccount(t, { email: 'Jana@Example.com', phone: '+420601123456' });
    const browser = new InjectBrowser(t.app);
    const response = await browser.submit('/login', '/login', {
      email: ' jana@EXAMPLE.com ',
      password: account.password,
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account');
    const first = browser.jar.get('gh_session');
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const dashboard = await browser.get('/account');
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain('Welcome, Jana Testová');
    expect(dashboard.body).toContain('Jana@Example.com');
    expect(dashboard.body).toContain('<dd>+420 601 123 456</dd>');
    // On a phone each session row stacks, every value labelled by its column.
    expect(dashboard.body).toContain('<td class="mono" data-label="IP address">');

    // A second login in the same browser: a new token, and the old one is dead (fixation).
    const again = await browser.submit('/', '/login', { email: account.email, password: account.password });
    expect(again.statusCode).toBe(303);
    const second = browser.jar.get('gh_session');
    expect(second).not.toBe(first);
    const stale = await t.app.inject({ url: '/api/session', headers: { cookie: `gh_session=${first}` } });
    expect(stale.statusCode).toBe(401);

    const logout = await browser.submit('/account', '/logout', {});
    expect(logout.statusCode).toBe(303);
    expect(logout.headers.location).toBe('/login?out=1');
    const after = await t.app.inject({ url: '/api/session', headers: { cookie: `gh_session=${second}` } });
    expect(after.statusCode).toBe(401);
    // One code for "no session" across the API, whichever step asks.
    expect(after.json().error.code).toBe('NOT_SIGNED_IN');
    const signUpStep = await t.app.inject({
      url: '/api/registration/status',
      headers: { cookie: `gh_session=${second}` },
    });
    expect(signUpStep.json().error.code).toBe('NOT_SIGNED_IN');
    const logoutAgain = await t.app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie: `gh_session=${second}` },
    });
    expect(logoutAgain.json().error.code).toBe('NOT_SIGNED_IN');
  });

  it('sends pending accounts to their sign-up step whatever next says', async () => {
    const phone = await createTestAccount(t, { status: 'pending_phone' });
    const email = await createTestAccount(t, { status: 'pending_email' });
    const a = new InjectBrowser(t.app);
    const ra = await a.submit('/login', '/login', {
      email: phone.email,
      password: phone.password,
      next: '/account',
    });
    expect(ra.headers.location).toBe('/register/phone');
    expect((await a.get('/account')).headers.location).toBe('/register/phone');
    const b = new InjectBrowser(t.app);
    const rb = await b.submit('/login', '/login', { email: email.email, password: email.password });
    expect(rb.headers.location).toBe('/register/email');
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const account = await createTestAccount(t);
    const browser = new InjectBrowser(t.app);
    const wrongPassword = await browser.submit('/login', '/login', {
      email: account.email,
      password: 'nope nope nope',
    });
    const unknown = await browser.submit('/login', '/login', {
      email: 'nobody@example.com',
      password: 'nope nope nope',
    });
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (body: string, email: string) =>
      body.replace(/name="_csrf" value="[^"]+"/g, '').replaceAll(email, 'EMAIL');
    expect(strip(wrongPassword.body, account.email)).toBe(strip(unknown.body, 'nobody@example.com'));
    const api = async (email: string) =>
      t.app.inject({ method: 'POST', url: '/api/session', payload: { email, password: 'nope nope nope' } });
    const [a, b] = [await api(account.email), await api('nobody@example.com')];
    expect(a.statusCode).toBe(401);
    expect(a.body).toBe(b.body);
    expect(a.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses control characters in an email with a field error (PostgreSQL refuses NUL in text)', async () => {
    const browser = new InjectBrowser(t.app);
    for (const email of ['\u0000', 'jana\u0000@example.com', 'jana@example.com\r\nBcc: x@evil.com']) {
      const api = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email, password: 'x' },
      });
      expect(api.statusCode, JSON.stringify(email)).toBe(400);
      expect(api.json().error.fields.email.code).toBe('field.controlCharacters');
      const form = await browser.submit('/login', '/login', { email, password: 'x' });
      expect(form.statusCode).toBe(400);
      expect(form.body).toContain('This must not contain line breaks or control characters.');
      const forgot = await t.app.inject({ method: 'POST', url: '/api/password/forgot', payload: { email } });
      expect(forgot.statusCode).toBe(400);
      expect(forgot.json().error.fields.email.code).toBe('field.controlCharacters');
      const forgotForm = await browser.submit('/password/forgot', '/password/forgot', { email });
      expect(forgotForm.statusCode).toBe(400);
      expect(forgotForm.body).toContain('This must not contain line breaks or control characters.');
    }
  });

  it('answers emails with emoji at the length limit or broken UTF-16 without a 500', async () => {
    const browser = new InjectBrowser(t.app);
    const emoji = `${'a'.repeat(253)}😀@example.com`;
    for (const email of [emoji, '\ud800', 'x\udfff@example.com']) {
      const api = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email, password: 'x' },
      });
      expect([400, 401], JSON.stringify(email)).toContain(api.statusCode);
      const forgot = await t.app.inject({ method: 'POST', url: '/api/password/forgot', payload: { email } });
      expect([202, 400], JSON.stringify(email)).toContain(forgot.statusCode);
    }
    const form = await browser.submit('/login', '/login', { email: emoji, password: 'x' });
    expect(form.statusCode).toBe(401);
  });

  it('in production: a __Host- cookie, Secure, HttpOnly, SameSite=Lax, and only its SHA-256 stored', async () => {
    const prod = await buildTestApp({
      env: {
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://account.example.com',
        SMTP_URL: 'smtp://127.0.0.1:2525',
        SMS_URL: 'smpp://sys:pass@127.0.0.1:2775',
      },
    });
    try {
      const account = await createTestAccount(prod);
      const response = await prod.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: account.email, password: account.password },
      });
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === '__Host-gh_session');
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie?.domain).toBeUndefined();
      expect(response.cookies.find((c) => c.name === 'gh_session')).toBeUndefined();
      // The API description names the cookie a client must send back.
      const spec = (await prod.app.inject({ url: '/api/openapi.json' })).json();
      expect(spec.components.securitySchemes.session.name).toBe('__Host-gh_session');
      // 32 random bytes (256 bits), base64url.
      expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const rows = await prod.db
        .selectFrom('sessions')
        .selectAll()
        .where('account_id', '=', account.id)
        .execute();
      expect(rows.map((row) => row.id_hash)).toEqual([
        createHash('sha256').update(cookie!.value).digest('hex'),
      ]);
      const audit = await prod.db.selectFrom('audit_log').selectAll().execute();
      expect(JSON.stringify([rows, audit])).not.toContain(cookie!.value);
    } finally {
      await prod.close();
    }
  });

  it('follows only same-origin relative next paths', async () => {
    const account = await createTestAccount(t);
    const hostile = [
      '//evil.com',
      '/\\evil.com',
      'https://evil.com',
      '/%2F%2Fevil.com',
      '/%5Cevil.com',
      '\\\\evil.com',
      'javascript:alert(1)',
      '/\t/evil.com',
      ' //evil.com',
    ];
    for (const next of hostile) {
      const browser = new InjectBrowser(t.app);
      const response = await browser.submit('/login', '/login', {
        email: account.email,
        password: account.password,
        next,
      });
      expect(response.headers.location, next).toBe('/account');
    }
    const browser = new InjectBrowser(t.app);
    const ok = await browser.submit('/login', '/login', {
      email: account.email,
      password: account.password,
      next: '/account?tab=1',
    });
    expect(ok.headers.location).toBe('/account?tab=1');
  });

  it('logs in through a form whose hidden fields a script or an old page got wrong', async () => {
    // No field on the page could show an error about these: the login goes on without them.
    const account = await createTestAccount(t);
    for (const odd of [
      { remember: 'yes' } as Record<string, string>,
      { next: `/${'x'.repeat(2100)}` },
      { captcha: 'c'.repeat(20_001) },
    ]) {
      const browser = new InjectBrowser(t.app);
      const response = await browser.submit('/login', '/login', {
        email: account.email,
        password: account.password,
        ...odd,
      });
      expect(response.statusCode, Object.keys(odd)[0]).toBe(303);
      expect(response.headers.location, Object.keys(odd)[0]).toBe('/account');
    }
    // The API names each such mistake by its field instead, as its documentation says.
    for (const [field, value] of [
      ['remember', 'yes'],
      ['next', 5],
      // A string (the widget's payload) or an object (ALTCHA's own) is a captcha answer; a list is not.
      ['captcha', ['a list']],
    ] as const) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: account.email, password: account.password, [field]: value },
      });
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.fields[field], field).toMatchObject({ code: 'field.invalid' });
    }
  });

  it('refuses login and logout without the CSRF token', async () => {
    const account = await createTestAccount(t);
    const browser = new InjectBrowser(t.app);
    await browser.get('/login');
    const forged = await browser.post('/login', {
      email: account.email,
      password: account.password,
      _csrf: 'x',
    });
    expect(forged.statusCode).toBe(403);
    expect(browser.jar.get('gh_session')).toBeUndefined();
    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      payload: { email: account.email, password: account.password },
    });
    expect(crossSite.statusCode).toBe(403);
    const formApi = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${encodeURIComponent(account.email)}&password=x`,
    });
    expect(formApi.statusCode).toBe(415);

    await browser.submit('/login', '/login', { email: account.email, password: account.password });
    const token = browser.jar.get('gh_session');
    expect(token).toBeDefined();
    const logout = await browser.post('/logout', { _csrf: 'forged' });
    expect(logout.statusCode).toBe(403);
    const still = await t.app.inject({ url: '/api/session', headers: { cookie: `gh_session=${token}` } });
    expect(still.statusCode).toBe(200);
  });

  it('accepts its own form sent with Origin: null under no-referrer, only when Sec-Fetch-Site vouches', async () => {
    const account = await createTestAccount(t);
    const own = new InjectBrowser(t.app, { origin: 'null', 'sec-fetch-site': 'same-origin' });
    const ok = await own.submit('/login', '/login', { email: account.email, password: account.password });
    expect(ok.statusCode).toBe(303);
    const opaque = new InjectBrowser(t.app, { origin: 'null' });
    const refused = await opaque.submit('/login', '/login', {
      email: account.email,
      password: account.password,
    });
    expect(refused.statusCode).toBe(403);
    // The page's forms (the language switcher and the login form) share one valid token.
    const page = await t.app.inject({ url: '/login' });
    const tokens = new Set([...page.body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]));
    expect(tokens.size).toBe(1);
  });

  it('honours idle and absolute lifetimes, longer when kept signed in', async () => {
    const account = await createTestAccount(t);
    const login = async (remember: boolean) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: account.email, password: account.password, remember },
      });
      expect(response.statusCode).toBe(200);
      return response.cookies.find((c) => c.name === 'gh_session')!;
    };
    const plain = await login(false);
    const kept = await login(true);
    expect(plain.expires).toBeUndefined();
    expect(kept.expires).toBeInstanceOf(Date);
    const check = (token: string) =>
      t.app
        .inject({ url: '/api/session', headers: { cookie: `gh_session=${token}` } })
        .then((r) => r.statusCode);
    t.app.sessions.cache.clear();
    t.clock.advance(t.config.sessions.idleMs + 1);
    expect(await check(plain.value)).toBe(401);
    expect(await check(kept.value)).toBe(200);
    t.clock.advance(t.config.sessions.rememberMs);
    t.app.sessions.cache.clear();
    expect(await check(kept.value)).toBe(401);
  });

  it('ends a session at its absolute lifetime even while it is used within every idle timeout', async () => {
    const check = await loggedInSessionCheck(t);
    const { idleMs, absoluteMs } = t.config.sessions;
    const step = idleMs - 60_000;
    let elapsed = 0;
    while (elapsed + step < absoluteMs) {
      t.clock.advance(step);
      elapsed += step;
      expect(await check()).toBe(200);
    }
    // A minute before the end it still holds; at the end it is gone, a minute after its last use.
    t.clock.advance(absoluteMs - elapsed - 60_000);
    expect(await check()).toBe(200);
    t.clock.advance(60_000);
    expect(await check()).toBe(401);
  });

  it('keeps a session in use alive under the shortest idle timeout the configuration accepts', async () => {
    // SESSION_IDLE_MINUTES=1: a session checked every 15 s is never idle for a minute.
    const short = await buildTestApp({ env: { SESSION_IDLE_MINUTES: '1' } });
    try {
      const check = await loggedInSessionCheck(short);
      for (let used = 0; used < 12; used++) {
        short.clock.advance(15_000);
        expect(await check(), `check ${used + 1}, ${(used + 1) * 15} s after login`).toBe(200);
      }
      // Left alone for its idle minute, it ends.
      short.clock.advance(60_000);
      expect(await check()).toBe(401);
    } finally {
      await short.close();
    }
  });

  it('ends one other device from the account page, only with the CSRF token and only for the same account', async () => {
    const account = await createTestAccount(t);
    const a = new InjectBrowser(t.app, { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0' });
    const b = new InjectBrowser(t.app, {
      'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/604.1',
    });
    // B signed in first (a phone left signed in), A a minute later.
    await b.submit('/login', '/login', { email: account.email, password: account.password });
    t.clock.advance(60_000);
    await a.submit('/login', '/login', { email: account.email, password: account.password });
    const page = await a.get('/account');
    // One End button: for the other device, named for it; none for this one.
    const references = [...page.body.matchAll(/name="session" value="([0-9a-f]{32})"/g)].map((m) => m[1]!);
    expect(references).toHaveLength(1);
    expect(page.body).toContain('End<span class="visually-hidden"> session: Safari · iOS, signed in');
    // The page never carries what the database keys a session by.
    const stored = await t.db.selectFrom('sessions').select('id_hash').execute();
    for (const row of stored) expect(page.body).not.toContain(row.id_hash);

    // Without the form's token (a cross-site form), nothing ends.
    const forged = await t.app.inject({
      method: 'POST',
      url: '/account/sessions/end',
      headers: { cookie: a.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `session=${references[0]}`,
    });
    expect(forged.statusCode).toBe(403);
    expect((await b.get('/account')).statusCode).toBe(200);

    // Another customer cannot end it with its reference either.
    const other = await createTestAccount(t);
    const c = new InjectBrowser(t.app);
    await c.submit('/login', '/login', { email: other.email, password: other.password });
    const stranger = await c.submit('/account', '/account/sessions/end', { session: references[0]! });
    expect(stranger.headers.location).toBe('/account?ended=0');
    expect((await b.get('/account')).statusCode).toBe(200);

    // Nor can the older session end the newer one: whoever holds a stolen cookie of B cannot keep
    // logging the owner out; B's page offers no button, and a forged reference is refused.
    const fromB = await b.get('/account');
    expect(fromB.body).not.toContain('name="session"');
    const aReference = (
      await t.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('account_id', '=', account.id)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow()
    ).id_hash;
    const newer = await b.submit('/account', '/account/sessions/end', {
      session: sessionReference(aReference),
    });
    expect(newer.headers.location).toBe('/account?ended=newer');
    expect((await b.get('/account?ended=newer')).body).toContain('That session began after this one');
    expect((await a.get('/account')).statusCode).toBe(200);

    // Three tabs end it at once: one says so and records it, the others that it had ended.
    const token = extractCsrfToken((await a.get('/account')).body);
    const tabs = await Promise.all(
      [1, 2, 3].map(() => a.post('/account/sessions/end', { _csrf: token, session: references[0]! })),
    );
    expect(tabs.map((tab) => tab.headers.location).sort()).toEqual([
      '/account?ended=0',
      '/account?ended=0',
      '/account?ended=1',
    ]);
    expect((await a.get('/account?ended=1')).body).toContain('That device has been logged out.');
    expect((await b.get('/account')).headers.location).toBe('/login?next=%2Faccount');
    expect((await a.get('/account')).statusCode).toBe(200);
    // Sent again (a second tab), it says the session had ended already.
    const again = await a.submit('/account', '/account/sessions/end', { session: references[0]! });
    expect(again.headers.location).toBe('/account?ended=0');
    expect((await a.get('/account?ended=0')).body).toContain('That session had already ended');

    const events = await t.db
      .selectFrom('audit_log')
      .select(['actor_id', 'details'])
      .where('action', '=', 'logout.other_session')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.actor_id).toBe(account.id);
    expect(JSON.parse(events[0]!.details!)).toMatchObject({
      endedRef: references[0],
      endedUserAgent: expect.stringContaining('iPhone'),
      byRef: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('a session already ended, still in a cache, ends nothing and says so after the next login', async () => {
    const account = await createTestAccount(t);
    const older = new InjectBrowser(t.app);
    const a = new InjectBrowser(t.app);
    await older.submit('/login', '/login', { email: account.email, password: account.password });
    t.clock.advance(60_000);
    await a.submit('/login', '/login', { email: account.email, password: account.password });
    const page = await a.get('/account');
    const reference = /name="session" value="([0-9a-f]{32})"/.exec(page.body)![1]!;
    // A's own session ends where the cache of this instance does not see it yet (as when
    // another instance ended it within the last 1.5 s).
    const own = createHash('sha256').update(a.jar.get('gh_session')!).digest('hex');
    await t.app.sessions.store.revoke(own, t.clock.now());
    const refused = await a.post('/account/sessions/end', {
      _csrf: extractCsrfToken(page.body),
      session: reference,
    });
    expect(refused.headers.location).toBe('/login?next=%2Faccount&out=expired-end');
    expect(a.jar.get('gh_session')).toBeUndefined();
    expect((await a.get(refused.headers.location as string)).body).toContain(
      'Your session had ended, so no device was logged out.',
    );
    expect((await older.get('/account')).statusCode).toBe(200);
  });

  it('a reference to its own session (no button offers it) logs this device out, as Log out does', async () => {
    const account = await createTestAccount(t);
    const a = new InjectBrowser(t.app);
    await a.submit('/login', '/login', { email: account.email, password: account.password });
    const own = await t.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow();
    const out = await a.submit('/account', '/account/sessions/end', {
      session: sessionReference(own.id_hash),
    });
    expect(out.headers.location).toBe('/login?out=1');
    expect((await a.get('/account')).headers.location).toBe('/login?next=%2Faccount');
  });

  it('ends every session when the account is locked or the customer logs out everywhere', async () => {
    const account = await createTestAccount(t);
    const a = new InjectBrowser(t.app);
    const b = new InjectBrowser(t.app);
    await a.submit('/login', '/login', { email: account.email, password: account.password });
    await b.submit('/login', '/login', { email: account.email, password: account.password });
    const page = await a.get('/account');
    expect(page.body.match(/<tr/g)?.length).toBe(3);
    // From a tab whose session has ended meanwhile, nothing can be ended: the answer says so and
    // asks to log in, instead of "logged out on every device" while the others live on.
    const stale = new InjectBrowser(t.app);
    await stale.get('/login');
    stale.jar.set('gh_session', 'A'.repeat(43));
    const refused = await stale.submit('/login', '/account/logout-everywhere', {});
    expect(refused.headers.location).toBe('/login?next=%2Faccount&out=expired');
    expect((await stale.get(refused.headers.location as string)).body).toContain(
      'Your session had ended, so no device was logged out',
    );
    expect((await b.get('/account')).statusCode).toBe(200);
    const out = await a.submit('/account', '/account/logout-everywhere', {});
    expect(out.headers.location).toBe('/login?out=all');
    expect((await b.get('/account')).headers.location).toBe('/login?next=%2Faccount');

    await b.submit('/login', '/login', { email: account.email, password: account.password });
    expect((await b.get('/account')).statusCode).toBe(200);
    const operator = { email: account.email, operator: 'support-anna', reason: 'stolen laptop' };
    expect((await lockAccount(t.db, t.clock, operator)).kind).toBe('done');
    t.app.sessions.cache.clear();
    expect((await b.get('/account')).statusCode).toBe(303);
    const relogin = await b.submit('/login', '/login', { email: account.email, password: account.password });
    expect(relogin.statusCode).toBe(403);
    // Unlocked, the account logs in again, but the session it had when it was locked stays ended.
    expect(await unlockAccount(t.db, t.clock, operator)).toMatchObject({ kind: 'done', status: 'active' });
    t.app.sessions.cache.clear();
    expect((await b.get('/account')).statusCode).toBe(303);
    const after = await b.submit('/login', '/login', { email: account.email, password: account.password });
    expect(after.headers.location).toBe('/account');
    const events = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_type', 'details'])
      .where('action', 'in', ['account.locked', 'account.unlocked'])
      .orderBy('id')
      .execute();
    expect(events.map((e) => [e.action, e.actor_type])).toEqual([
      ['account.locked', 'staff'],
      ['account.unlocked', 'staff'],
    ]);
    expect(JSON.parse(events[0]!.details ?? '{}')).toMatchObject({
      operator: 'support-anna',
      reason: 'stolen laptop',
    });
  });

  it('locking a sign-up in progress, then unlocking it, returns it to its step; an unknown email changes nothing', async () => {
    const pending = await createTestAccount(t, { status: 'pending_email' });
    const operator = { email: pending.email.toUpperCase(), operator: 'support-anna' };
    expect((await lockAccount(t.db, t.clock, operator)).kind).toBe('done');
    expect(await lockAccount(t.db, t.clock, operator)).toEqual({ kind: 'unchanged', status: 'locked' });
    expect(await unlockAccount(t.db, t.clock, operator)).toMatchObject({
      kind: 'done',
      status: 'pending_email',
    });
    expect(await unlockAccount(t.db, t.clock, operator)).toEqual({
      kind: 'unchanged',
      status: 'pending_email',
    });
    const nobody = { email: 'nobody@example.com', operator: 'support-anna' };
    expect(await lockAccount(t.db, t.clock, nobody)).toEqual({ kind: 'not_found' });
  });

  it('records login successes, failures and logouts in the audit log', async () => {
    const account = await createTestAccount(t);
    const browser = new InjectBrowser(t.app);
    await browser.submit('/login', '/login', { email: account.email, password: 'wrong wrong wrong' });
    await browser.submit('/login', '/login', { email: account.email, password: account.password });
    await browser.submit('/account', '/logout', {});
    const events = await t.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'account_id'])
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['login.failed', 'login.succeeded', 'logout']);
    expect(events.every((e) => e.account_id === account.id)).toBe(true);
  });

  it('a password typed in another Unicode form (decomposed, fullwidth) opens the same account', async () => {
    // Composed as most keyboards type it; a paste from a PDF may bring it decomposed, and a
    // Japanese IME may send fullwidth digits. NFKC makes these one password (NIST SP 800-63B).
    const composed = 'Tři řeřichy 2026 na poli';
    const decomposed = composed.normalize('NFD');
    const fullwidthDigits = composed.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    expect(decomposed).not.toBe(composed);
    const form = personForm({ password: decomposed });
    const signUp = await registerByForm(t.app, form);
    expect(signUp.location).toBe('/register/phone');
    for (const typed of [composed, decomposed, fullwidthDigits]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: form.email, password: typed },
      });
      expect(response.statusCode, JSON.stringify(typed)).toBe(200);
    }
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: form.email, password: composed.replace('ř', 'r') },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('a hash stored before passwords were normalised still opens with the password as it was typed', async () => {
    const typed = 'Tři řeřichy 2026 na poli'.normalize('NFD');
    const account = await createTestAccount(t);
    const legacyHash = await hash(typed, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2 });
    await t.db
      .updateTable('accounts')
      .set({ password_hash: legacyHash })
      .where('id', '=', account.id)
      .execute();
    const login = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/session', payload: { email: account.email, password } });
    expect((await login(typed)).statusCode).toBe(200);
    expect((await login('something else entirely')).statusCode).toBe(401);
  });
});
