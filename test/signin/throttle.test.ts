import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loginRules } from '../../src/flows/login/throttle.js';
import { normalizeEmail } from '../../src/accounts/email.js';
import { createTestAccount } from '../helpers/accounts.js';
import { solveCaptcha } from '../helpers/captcha.js';
import { InjectBrowser } from '../helpers/forms.js';
import { connectTestRedis, testRedisUrl } from '../helpers/redis.js';
import { personForm, registerByApi } from '../helpers/registration.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('brute force and credential stuffing', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
  });
  afterEach(async () => {
    await t.close();
  });

  const login = (ip: string, body: Record<string, unknown>, cookie = '') => loginAs(t, ip, body, cookie);

  it('takes the captcha in both forms GET /api/captcha/challenge describes: the object and its base64', async () => {
    const account = await createTestAccount(t);
    const wrong = { email: account.email, password: 'guess guess guess' };
    for (let i = 0; i < 3; i++) await login('203.0.113.8', wrong);
    expect((await login('203.0.113.8', wrong)).code).toBe('CAPTCHA_REQUIRED');
    const asObject = JSON.parse(Buffer.from(await solveCaptcha(t.app), 'base64').toString('utf8'));
    expect(Object.keys(asObject).sort()).toEqual(['challenge', 'solution']);
    expect((await login('203.0.113.8', { ...wrong, captcha: asObject })).code).toBe('INVALID_CREDENTIALS');
    const right = { email: account.email, password: account.password };
    expect((await login('203.0.113.8', { ...right, captcha: await solveCaptcha(t.app) })).status).toBe(200);
  });

  it('asks for a captcha after a few failures, locks out the guessing pair with growing delays, and lets the owner in', async () => {
    const account = await createTestAccount(t);
    const attacker = '203.0.113.7';
    const wrong = { email: account.email, password: 'guess guess guess' };
    for (let i = 0; i < 3; i++) expect((await login(attacker, wrong)).code).toBe('INVALID_CREDENTIALS');
    expect((await login(attacker, wrong)).code).toBe('CAPTCHA_REQUIRED');
    // A captcha answer gets the attempt through; two more failures lock this pair out.
    for (let i = 0; i < 2; i++) {
      const captcha = await solveCaptcha(t.app);
      expect((await login(attacker, { ...wrong, captcha })).code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await login(attacker, {
      email: account.email,
      password: account.password,
      captcha: await solveCaptcha(t.app),
    });
    expect(locked.status).toBe(429);
    expect(locked.code).toBe('LOGIN_THROTTLED');
    // The 15-minute window opened with the first failure; no time has passed on the test clock.
    expect(locked.retryAfter).toBe('900');

    // The owner, elsewhere, knows the password: a captcha and they are in.
    const owner = '198.51.100.20';
    expect((await login(owner, { email: account.email, password: account.password })).code).toBe(
      'CAPTCHA_REQUIRED',
    );
    const ok = await login(owner, {
      email: account.email,
      password: account.password,
      captcha: await solveCaptcha(t.app),
    });
    expect(ok.status).toBe(200);

    // Ten minutes on, the wait announced is the five minutes left, not the whole window, in
    // the header and in words, in the customer's language.
    t.clock.advance(10 * 60_000);
    const later = await login(attacker, wrong);
    expect(later.retryAfter).toBe('300');
    expect(later.message).toBe('Too many failed attempts. Try again in 5 minutes, or reset your password.');
    const czechBrowser = new InjectBrowser(t.app, { 'x-forwarded-for': attacker, 'accept-language': 'cs' });
    const page = await czechBrowser.submit('/login', '/login', wrong);
    expect(page.statusCode).toBe(429);
    expect(page.body).toContain(
      'Příliš mnoho neúspěšných pokusů. Zkuste to znovu za 5 minut, nebo si obnovte heslo.',
    );

    // The pair's lock-out grows: past 15 minutes, five more failures fill the hour's window,
    // which opened with the first failure 15 minutes ago: 45 minutes to wait.
    t.clock.advance(5 * 60_000 + 1);
    for (let i = 0; i < 5; i++) await login(attacker, { ...wrong, captcha: await solveCaptcha(t.app) });
    expect((await login(attacker, { ...wrong, captcha: await solveCaptcha(t.app) })).retryAfter).toBe('2700');

    const actions = await t.db.selectFrom('audit_log').select('action').execute();
    expect(actions.filter((a) => a.action === 'login.throttled').length).toBeGreaterThan(0);
    expect(actions.filter((a) => a.action === 'login.captcha_required').length).toBeGreaterThan(0);
  });

  it("a guesser on the owner's own network cannot lock the owner out for long", async () => {
    const account = await createTestAccount(t);
    const office = '203.0.113.50';
    const home = await login(office, { email: account.email, password: account.password });
    expect(home.status).toBe(200);
    // A colleague's infected machine behind the same address guesses until the pair is locked.
    const wrong = { email: account.email, password: 'guess guess guess' };
    for (let i = 0; i < 5; i++) await login(office, { ...wrong, captcha: await solveCaptcha(t.app) });
    expect((await login(office, { ...wrong, captcha: await solveCaptcha(t.app) })).code).toBe(
      'LOGIN_THROTTLED',
    );
    const right = async (cookie = '') =>
      login(
        office,
        { email: account.email, password: account.password, captcha: await solveCaptcha(t.app) },
        cookie,
      );
    // The owner's browser, where the account logged in before, still gets in.
    expect((await right(home.cookie)).status).toBe(200);
    // Any other browser there stays locked out with the guesser.
    expect((await right()).code).toBe('LOGIN_THROTTLED');

    // A password reset from there frees the owner's network at once.
    const newPassword = 'a fresh start by the river';
    await resetPasswordFrom(t, office, account.email, newPassword);
    expect((await login(office, { email: account.email, password: newPassword })).status).toBe(200);
  });

  it("the owner's own browser is locked out by its own guesses like any other", async () => {
    const account = await createTestAccount(t);
    const home = await login('198.51.100.60', { email: account.email, password: account.password });
    const wrong = { email: account.email, password: 'guess guess guess' };
    for (let i = 0; i < 5; i++)
      await login('192.0.2.60', { ...wrong, captcha: await solveCaptcha(t.app) }, home.cookie);
    const stolen = await login('192.0.2.60', { ...wrong, captcha: await solveCaptcha(t.app) }, home.cookie);
    expect(stolen.code).toBe('LOGIN_THROTTLED');
  });

  it('forgets every browser it knew once the password is reset, so a thief who logged in once is a stranger again', async () => {
    const account = await createTestAccount(t);
    const thief = await login('203.0.113.66', { email: account.email, password: account.password });
    const home = await login('198.51.100.66', { email: account.email, password: account.password });
    expect(thief.cookie).toMatch(/^gh_device=/);
    const newPassword = 'the owner took it back';
    t.clock.advance(60 * 60_000);
    await resetPasswordFrom(t, '198.51.100.66', account.email, newPassword);
    const homeAgain = await login(
      '198.51.100.66',
      { email: account.email, password: newPassword },
      home.cookie,
    );
    expect(homeAgain.status).toBe(200);

    // The thief keeps guessing from the browser that once got in: those failures are a
    // stranger's now, and the owner's browser, known under the new password, is not locked out.
    const wrong = { email: account.email, password: 'guess guess guess' };
    for (let i = 0; i < 6; i++)
      await login('203.0.113.66', { ...wrong, captcha: await solveCaptcha(t.app) }, thief.cookie);
    const owner = async () =>
      login(
        '198.51.100.66',
        { email: account.email, password: newPassword, captcha: await solveCaptcha(t.app) },
        homeAgain.cookie,
      );
    expect((await owner()).status).toBe(200);
    // Past the account's daily cap, the thief's browser is refused like any unknown one; the
    // owner's is not.
    await t.services.rateLimiter.consume(loginRules.accountCap, normalizeEmail(account.email), 50);
    const capped = await login(
      '203.0.113.66',
      { ...wrong, captcha: await solveCaptcha(t.app) },
      thief.cookie,
    );
    expect(capped.code).toBe('LOGIN_THROTTLED');
    expect((await owner()).status).toBe(200);
  });

  it('counts guesses sent all at once before any is answered: parallelism buys no extra tries', () =>
    expectParallelGuessesCounted(t, { attacker: '203.0.113.9', owner: '198.51.100.20' }));

  it("a sign-up made with the owner's email, logged into, does not wipe its maker's lock-out", async () => {
    const account = await createTestAccount(t);
    const attacker = '203.0.113.31';
    // Anyone may sign up with a taken email: the stand-in's password is the attacker's own.
    const {
      terms: _,
      privacy: __,
      ...form
    } = personForm({
      email: account.email,
      password: 'attacker chosen passphrase 77',
    });
    expect((await registerByApi(t.app, form, attacker)).statusCode).toBe(201);
    const codes: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) {
        const guess = {
          email: account.email,
          password: `guess ${round} ${i}`,
          captcha: await solveCaptcha(t.app),
        };
        codes.push((await login(attacker, guess)).code ?? 'LOGGED_IN');
      }
      const standIn = { email: account.email, password: form.password, captcha: await solveCaptcha(t.app) };
      codes.push((await login(attacker, standIn)).code ?? 'LOGGED_IN');
    }
    // Logging into the stand-in proves nothing about the owner's password: the fifth wrong guess
    // still locks this pair out, as it would without the stand-in.
    expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(5);
    expect(codes.slice(0, 6)).toEqual([
      ...Array(4).fill('INVALID_CREDENTIALS'),
      'LOGGED_IN',
      'INVALID_CREDENTIALS',
    ]);
    expect(new Set(codes.slice(6))).toEqual(new Set(['LOGIN_THROTTLED']));
  });

  it('treats unknown emails exactly like known ones', async () => {
    const account = await createTestAccount(t);
    const sequence = async (email: string, ip: string) => {
      const codes: (string | undefined)[] = [];
      for (let i = 0; i < 5; i++)
        codes.push((await login(ip, { email, password: 'guess guess guess' })).code);
      return codes;
    };
    expect(await sequence(account.email, '203.0.113.1')).toEqual(
      await sequence('ghost@example.com', '203.0.113.2'),
    );
  });

  it('caps an account under distributed guessing, except from browsers where its owner logged in before', async () => {
    const account = await createTestAccount(t);
    const home = await login('198.51.100.1', { email: account.email, password: account.password });
    expect(home.status).toBe(200);
    expect(home.cookie).toMatch(/^gh_device=/);
    // A botnet has used up the account's daily allowance of failures from many networks.
    await t.services.rateLimiter.consume(loginRules.accountCap, normalizeEmail(account.email), 50);
    await t.services.rateLimiter.consume(loginRules.accountCaptcha, normalizeEmail(account.email), 50);

    const fresh = await login('192.0.2.50', {
      email: account.email,
      password: account.password,
      captcha: await solveCaptcha(t.app),
    });
    expect(fresh.code).toBe('LOGIN_THROTTLED');
    // The wait announced is what is left of the cap's day, not an hour that would refuse again.
    expect(fresh.retryAfter).toBe(String(24 * 3600));
    const known = await login(
      '192.0.2.51',
      { email: account.email, password: account.password, captcha: await solveCaptcha(t.app) },
      home.cookie,
    );
    expect(known.status).toBe(200);
  });

  it('caps one network across many accounts and groups IPv6 by /64', async () => {
    const account = await createTestAccount(t);
    await t.services.rateLimiter.consume(loginRules.ipCap, '2001:db8:1:2::/64', 100);
    const fromSameLine = await login('2001:db8:1:2::abcd', {
      email: account.email,
      password: account.password,
    });
    expect(fromSameLine.code).toBe('LOGIN_THROTTLED');
    const neighbour = await login('2001:db8:1:3::1', { email: account.email, password: account.password });
    expect(neighbour.status).toBe(200);
  });

  it('counts a client by its address when the proxy also writes the source port', async () => {
    // Some proxies (Azure Application Gateway, IIS ARR) put `address:port` in X-Forwarded-For:
    // every new connection has a new port, and must not open a new bucket.
    const codes: string[] = [];
    for (let port = 40_000; port < 40_012; port++) {
      const guess = { email: `stuffed-${port}@example.com`, password: 'guess guess guess' };
      codes.push((await login(`198.51.100.77:${port}`, guess)).code ?? 'LOGGED_IN');
      const v6 = { email: `stuffed-v6-${port}@example.com`, password: 'guess guess guess' };
      codes.push((await login(`[2001:db8:7:7::${port - 39_000}]:${port}`, v6)).code ?? 'LOGGED_IN');
    }
    // Ten failures from one network, then a captcha: for the IPv4 client and for the IPv6 one.
    const ipv4 = codes.filter((_, i) => i % 2 === 0);
    const ipv6 = codes.filter((_, i) => i % 2 === 1);
    for (const each of [ipv4, ipv6]) {
      expect(each.slice(0, 10)).toEqual(Array(10).fill('INVALID_CREDENTIALS'));
      expect(each.slice(10)).toEqual(['CAPTCHA_REQUIRED', 'CAPTCHA_REQUIRED']);
    }
  });

  it('shows the captcha on a fresh login page to a network that needs one, and logs in with it', async () => {
    const account = await createTestAccount(t);
    const stuffer = '198.51.100.90';
    for (let i = 0; i < 10; i++) {
      const guess = { email: `stuffed-${i}@example.com`, password: 'guess guess guess' };
      expect((await login(stuffer, guess)).code).toBe('INVALID_CREDENTIALS');
    }
    // Someone else on that network opens the login page: the captcha is there from the start,
    // so their first try is not refused for the lack of it.
    const neighbour = new InjectBrowser(t.app, { 'x-forwarded-for': stuffer });
    const page = await neighbour.get('/login');
    expect(page.body).toContain('<altcha-widget');
    // A form sent without its password keeps the captcha too.
    const incomplete = await neighbour.submit('/login', '/login', { email: account.email, password: '' });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain('<altcha-widget');
    const loggedIn = await neighbour.submit('/login', '/login', {
      email: account.email,
      password: account.password,
      altcha: await solveCaptcha(t.app),
    });
    expect(loggedIn.statusCode).toBe(303);
    expect(loggedIn.headers.location).toBe('/account');
    // A network with no failures sees no captcha.
    const elsewhere = new InjectBrowser(t.app, { 'x-forwarded-for': '192.0.2.90' });
    expect((await elsewhere.get('/login')).body).not.toContain('<altcha-widget');
  });

  it('believes X-Forwarded-For only from trusted proxies', async () => {
    const plain = await buildTestApp();
    try {
      const account = await createTestAccount(plain);
      for (let i = 0; i < 5; i++) {
        await plain.app.inject({
          method: 'POST',
          url: '/api/session',
          headers: { 'x-forwarded-for': `203.0.113.${i}` },
          payload: { email: `x${i}@example.com`, password: 'guess guess guess' },
        });
      }
      const rows = await plain.db
        .selectFrom('audit_log')
        .select('ip')
        .where('action', '=', 'login.failed')
        .execute();
      expect(new Set(rows.map((r) => r.ip))).toEqual(new Set(['127.0.0.1']));
      expect(account.id).toBeTruthy();
    } finally {
      await plain.close();
    }
  });
});

describe('brute force on Redis counters (several instances share them)', () => {
  let redis: Redis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await connectTestRedis();
    t = await buildTestApp({ env: { REDIS_URL: testRedisUrl, TRUSTED_PROXIES: '127.0.0.1' } });
  });
  afterAll(async () => {
    await t?.close();
    redis?.disconnect();
  });

  it('counts guesses sent all at once before any is answered', () => {
    // Redis keeps its counters between runs: addresses of their own for this run.
    const octet = () => randomInt(1, 255);
    return expectParallelGuessesCounted(t, {
      attacker: `10.${octet()}.${octet()}.${octet()}`,
      owner: `10.${octet()}.${octet()}.${octet()}`,
    });
  });
});

/** Asks for a reset from `ip` through the JSON API and sets `newPassword` with the emailed token. */
async function resetPasswordFrom(t: TestApp, ip: string, email: string, newPassword: string): Promise<void> {
  const forgot = await t.app.inject({
    method: 'POST',
    url: '/api/password/forgot',
    headers: { 'x-forwarded-for': ip },
    payload: { email },
  });
  const binding = forgot.cookies.find((c) => c.name === 'gh_reset_binding')!;
  await t.app.resetRequests.settle();
  const mails = await t.db
    .selectFrom('messages')
    .select('content')
    .where('recipient', '=', email)
    .where('template', '=', 'recovery.reset_link')
    .execute();
  const token = /token=([A-Za-z0-9_-]+)/.exec(JSON.parse(mails.at(-1)!.content).text)![1]!;
  const reset = await t.app.inject({
    method: 'POST',
    url: '/api/password/reset',
    headers: { 'x-forwarded-for': ip, cookie: `gh_reset_binding=${binding.value}` },
    payload: { token, newPassword, confirmPassword: newPassword },
  });
  expect(reset.statusCode).toBe(200);
}

async function loginAs(
  t: TestApp,
  ip: string,
  body: Record<string, unknown>,
  cookie = '',
): Promise<{
  status: number;
  code: string | undefined;
  retryAfter: string | undefined;
  message: string | undefined;
  cookie: string;
}> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { 'x-forwarded-for': ip, cookie },
    payload: body,
  });
  const device = response.cookies.find((c) => c.name === 'gh_device');
  return {
    status: response.statusCode,
    code: response.statusCode === 200 ? undefined : response.json().error.code,
    retryAfter: response.headers['retry-after'] as string | undefined,
    message: response.statusCode === 200 ? undefined : response.json().error.message,
    cookie: device ? `gh_device=${device.value}` : '',
  };
}

/**
 * Thirty wrong guesses at once get the three tries one-at-a-time guessing gets; only tried
 * guesses count, and successful logins count as none.
 */
async function expectParallelGuessesCounted(
  t: TestApp,
  ips: { attacker: string; owner: string },
): Promise<void> {
  const account = await createTestAccount(t);
  const wrong = { email: account.email, password: 'guess guess guess' };
  const answers = await Promise.all(Array.from({ length: 30 }, () => loginAs(t, ips.attacker, wrong)));
  const codes = answers.map((answer) => answer.code);
  // Three real guesses before a captcha is asked for, as one at a time.
  expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(3);
  const unexpected = codes.filter(
    (code) => !['INVALID_CREDENTIALS', 'CAPTCHA_REQUIRED', 'LOGIN_THROTTLED'].includes(code!),
  );
  expect(unexpected).toEqual([]);
  // Only the guesses that were tried count: the next attempt still just asks for the captcha.
  expect((await loginAs(t, ips.attacker, wrong)).code).toBe('CAPTCHA_REQUIRED');
  // And the owner, elsewhere, gets in (with the account's captcha); logins that succeed count
  // as no failure.
  for (let i = 0; i < 5; i++) {
    const captcha = await solveCaptcha(t.app);
    const owner = await loginAs(t, ips.owner, {
      email: account.email,
      password: account.password,
      captcha,
    });
    expect(owner.status).toBe(200);
  }
  const counted = await t.services.rateLimiter.countMany([
    { rule: loginRules.accountCaptcha, key: normalizeEmail(account.email) },
    { rule: loginRules.ipCaptcha, key: ips.owner },
  ]);
  expect(counted.map((reading) => reading.count)).toEqual([3, 0]);
}
