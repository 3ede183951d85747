import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { measureSms } from '../../src/courier/templates/sms.js';
import { limits } from '../../src/flows/phone-verification/limits.js';
import { translator } from '../../src/web/i18n/catalogue.js';
import { extractCsrfToken, InjectBrowser } from '../helpers/forms.js';
import { latestSmsCode, personForm, registerByForm, smsTexts } from '../helpers/registration.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('phone verification', () => {
  let t: TestApp;
  let browser: InjectBrowser;
  let phone: string;
  let accountId: string;
  beforeEach(async () => {
    t = await buildTestApp();
    ({ browser } = await registerByForm(t.app, personForm()));
    const account = await t.db.selectFrom('accounts').select(['id', 'phone']).executeTakeFirstOrThrow();
    phone = account.phone;
    accountId = account.id;
  });
  afterEach(async () => {
    await t.close();
  });

  const verify = (code: string) => browser.submit('/register/phone', '/register/phone/verify', { code });
  const wrongCode = (right: string) => String((Number(right) + 1) % 1_000_000).padStart(6, '0');
  const api = (url: string, payload?: object) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: browser.jar.header() },
      ...(payload ? { payload } : {}),
    });
  const status = async () =>
    (await t.db.selectFrom('accounts').select('status').where('id', '=', accountId).executeTakeFirstOrThrow())
      .status;

  it('the right code verifies once, says so, offers Continue and sends the activation email', async () => {
    const code = await latestSmsCode(t.db, phone);
    const done = await verify(` ${code.slice(0, 3)} ${code.slice(3)} `);
    expect(done.headers.location).toBe('/register/phone/verified');
    const page = await browser.get('/register/phone/verified');
    expect(page.body).toContain('Phone number verified');
    expect(page.body).toMatch(/href="\/register\/email">Continue</);
    expect(await status()).toBe('pending_email');
    const again = await api('/api/registration/phone/verify', { code });
    expect(again.json().error.code).toBe('WRONG_STEP');
    const audit = await t.db.selectFrom('audit_log').select('action').execute();
    expect(audit.map((a) => a.action)).toContain('phone.verified');
    const email = await t.db
      .selectFrom('messages')
      .selectAll()
      .where('template', '=', 'registration.activation')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(email.content).subject).toBe('User account registration');
  });

  it('the language switcher on a page that answered a wrong code returns to the step, not to a 404', async () => {
    const refused = await verify(wrongCode(await latestSmsCode(t.db, phone)));
    expect(refused.body).toContain('Verify your phone number');
    const next = /name="next" value="([^"]*)"/.exec(refused.body)?.[1];
    expect(next).toBe('/register/phone');
    const switched = await browser.post('/locale', {
      _csrf: extractCsrfToken(refused.body),
      locale: 'cs',
      next: next!,
    });
    expect(switched.headers.location).toBe('/register/phone');
    const page = await browser.get(switched.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="cs">');
    expect(page.body).toContain('Ověřte své telefonní číslo');
  });

  it('wrong codes count down and kill the code after five; the page says what to do', async () => {
    const code = await latestSmsCode(t.db, phone);
    const first = await verify(wrongCode(code));
    expect(first.statusCode).toBe(400);
    expect(first.body).toContain('4 tries left');
    expect(first.body).toMatch(/id="f-code-error"[^>]*>This code is not correct/);
    for (let i = 0; i < 4; i++) await verify(wrongCode(code));
    const dead = await verify(code);
    expect(dead.statusCode).toBe(400);
    expect(dead.body).toContain('Too many wrong tries for this code');
    // Said once: the summary's link to the field is the short form.
    expect(dead.body.match(/Too many wrong tries for this code/g)).toHaveLength(1);
    expect(dead.body).toMatch(/<a href="#f-code">[^<]*This code no longer works\.<\/a>/);
    expect(await status()).toBe('pending_phone');
    const failures = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'phone.code_failed')
      .execute();
    expect(failures.length).toBe(6);
  });

  it('the fifth wrong try says the code is dead; tries on a dead code do not spend the day’s guesses', async () => {
    const code = await latestSmsCode(t.db, phone);
    const tries = [];
    for (let i = 0; i < 5; i++)
      tries.push((await api('/api/registration/phone/verify', { code: wrongCode(code) })).json().error);
    expect(tries.slice(0, 4).map((e) => e.code)).toEqual(Array(4).fill('INVALID_CODE'));
    // The top-level code agrees with the field's: this code takes no more tries.
    expect(tries[4].code).toBe('CODE_ATTEMPTS_EXCEEDED');
    // The field says it short; the message above says what to do (the page shows both).
    expect(tries[4].fields.code.code).toBe('phoneVerification.error.codeDeadShort');
    expect(tries[4].message).toContain('Use Resend SMS to get a new code.');
    // A customer who keeps typing (the right code among them) checks nothing and spends nothing.
    for (let i = 0; i < 8; i++) {
      const dead = await api('/api/registration/phone/verify', { code });
      expect(dead.json().error.code, `try ${i + 6}`).toBe('CODE_ATTEMPTS_EXCEEDED');
    }
    // So the day's ten guesses still hold five for the next code.
    t.clock.advance(60_000);
    expect((await api('/api/registration/phone/resend')).statusCode).toBe(200);
    const next = await latestSmsCode(t.db, phone);
    for (let i = 0; i < 4; i++) await api('/api/registration/phone/verify', { code: wrongCode(next) });
    expect((await api('/api/registration/phone/verify', { code: next })).statusCode).toBe(200);
    expect(await status()).toBe('pending_email');
  });

  it('after a code dies the page says so and offers Resend SMS, without blaming a limit (English and Czech)', async () => {
    t.clock.advance(10 * 60_000 + 1);
    const expired = await browser.get('/register/phone');
    expect(expired.body).toContain('no longer works: it expired after 10 minutes');
    expect(expired.body).not.toContain('SMS limit');
    const cs = await t.app.inject({
      url: '/register/phone',
      headers: { cookie: browser.jar.header(), 'accept-language': 'cs' },
    });
    expect(cs.body).toContain('už neplatí: po 10 minutách vypršel');
    expect(cs.body).not.toContain('limit SMS');
    t.clock.advance(60_000);
    expect((await api('/api/registration/phone/resend')).statusCode).toBe(200);
    const fresh = await browser.get('/register/phone');
    expect(fresh.body).toContain('We sent a six-digit code by SMS to');
  });

  it('an expired code is refused (10 minutes), then a resend works', async () => {
    const code = await latestSmsCode(t.db, phone);
    t.clock.advance(10 * 60_000 + 1);
    const expired = await api('/api/registration/phone/verify', { code });
    expect(expired.json().error.code).toBe('CODE_EXPIRED');
    const resent = await api('/api/registration/phone/resend');
    expect(resent.statusCode).toBe(200);
    const fresh = await latestSmsCode(t.db, phone);
    expect((await api('/api/registration/phone/verify', { code: fresh })).json()).toEqual({
      status: 'pending_email',
    });
  });

  it('as the help article says when no SMS comes: log in from another browser and resend there', async () => {
    const form = personForm();
    const { browser: first } = await registerByForm(t.app, form);
    const { phone: number } = await t.db
      .selectFrom('accounts')
      .select('phone')
      .where('email', '=', form.email!)
      .executeTakeFirstOrThrow();
    const firstCode = await latestSmsCode(t.db, number);
    const advice = await first.get('/register/phone');
    expect(advice.body).toContain('log in from another browser and resend the SMS from there');
    expect(advice.body).toContain('href="/support/contact?topic=sms"');
    t.clock.advance(60_000);
    const other = new InjectBrowser(t.app);
    const login = await other.submit('/login', '/login', { email: form.email!, password: form.password! });
    expect(login.headers.location).toBe('/register/phone');
    const resent = await other.submit('/register/phone', '/register/phone/resend', {});
    expect(resent.headers.location).toBe('/register/phone?notice=resent');
    const secondCode = await latestSmsCode(t.db, number);
    expect(await smsTexts(t.db, number)).toHaveLength(2);
    // The newest code verifies in either browser; the one it replaced no longer does.
    if (secondCode !== firstCode) {
      const old = await first.submit('/register/phone', '/register/phone/verify', { code: firstCode });
      expect(old.statusCode).toBe(400);
    }
    const done = await first.submit('/register/phone', '/register/phone/verify', { code: secondCode });
    expect(done.headers.location).toBe('/register/phone/verified');
    expect((await other.get('/register/phone')).headers.location).toBe('/register/email');
  });

  it('a used code cannot be reused, and a resent code kills the old one', async () => {
    const old = await latestSmsCode(t.db, phone);
    const early = await api('/api/registration/phone/resend');
    expect(early.statusCode).toBe(429);
    expect(early.json().error).toMatchObject({ code: 'RESEND_COOLDOWN', retryAfterSeconds: 60 });
    t.clock.advance(60_000);
    const page = await browser.submit('/register/phone', '/register/phone/resend', {});
    expect(page.headers.location).toBe('/register/phone?notice=resent');
    const fresh = await latestSmsCode(t.db, phone);
    expect((await api('/api/registration/phone/verify', { code: old })).json().error.code).toMatch(
      /INVALID_CODE|CODE_EXPIRED/,
    );
    expect((await api('/api/registration/phone/verify', { code: fresh })).statusCode).toBe(200);
    expect((await api('/api/registration/phone/verify', { code: fresh })).json().error.code).toBe(
      'WRONG_STEP',
    );
  });

  it('field errors show their numbers and countries, never a raw {placeholder} (English and Czech)', async () => {
    const right = await latestSmsCode(t.db, phone);
    const wrong = await verify(wrongCode(right));
    const fieldErrors = (body: string) =>
      [...body.matchAll(/<p class="field__error"[^>]*>([^<]*)<\/p>/g)].map((m) => m[1]);
    expect(fieldErrors(wrong.body)).toEqual(['This code is not correct.']);
    const change = await browser.submit('/register/phone', '/register/phone/change', {
      phone: '+49 151 23456789',
    });
    expect(change.statusCode).toBe(400);
    expect(fieldErrors(change.body)).toEqual([
      'We can send SMS only to numbers from these countries: CZ, SK.',
    ]);
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/registration',
      headers: { 'accept-language': 'cs' },
      payload: { ...personForm({ phone: '+49 151 23456789' }), terms: true, privacy: true },
    });
    expect(api.json().error.fields.phone.message).toBe(
      'SMS umíme poslat jen na čísla z těchto zemí: CZ, SK.',
    );
  });

  it('a burst of parallel guesses is capped', async () => {
    const code = await latestSmsCode(t.db, phone);
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api('/api/registration/phone/verify', {
          code: String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'),
        }),
      ),
    );
    const codes = guesses.map((g) => g.json().error.code);
    expect(codes.filter((c) => c === 'INVALID_CODE').length).toBeLessThanOrEqual(5);
    const row = await t.db
      .selectFrom('phone_verifications')
      .select('attempts')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(5);
  });

  it('parallel submissions of the right code succeed exactly once', async () => {
    const right = await latestSmsCode(t.db, phone);
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => api('/api/registration/phone/verify', { code: right })),
    );
    expect(burst.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const refused = burst.filter((r) => r.statusCode !== 200).map((r) => r.json().error.code);
    for (const c of refused) expect(['CODE_ALREADY_USED', 'WRONG_STEP']).toContain(c);
    const account = await t.db
      .selectFrom('accounts')
      .select('status')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(account.status).toBe('pending_email');
  });

  it('Resend SMS clicked many times at once after the cooldown sends one SMS', async () => {
    t.clock.advance(60_000);
    const sms = () =>
      t.db
        .selectFrom('messages')
        .select('id')
        .where('channel', '=', 'sms')
        .where('recipient', '=', phone)
        .execute();
    const before = (await sms()).length;
    const answers = await Promise.all(Array.from({ length: 6 }, () => api('/api/registration/phone/resend')));
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.statusCode !== 200)) {
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('RESEND_COOLDOWN');
    }
    expect((await sms()).length).toBe(before + 1);
    // The countdown starts again from that SMS.
    t.clock.advance(59_000);
    expect((await api('/api/registration/phone/resend')).json().error.code).toBe('RESEND_COOLDOWN');
    t.clock.advance(1_000);
    expect((await api('/api/registration/phone/resend')).statusCode).toBe(200);
  });

  it('guesses across resends hit the daily cap per account, which resends do not reset', async () => {
    let sent = 1;
    let guesses = 0;
    let capped = false;
    while (!capped && guesses < 40) {
      const code = await latestSmsCode(t.db, phone);
      for (let i = 0; i < 5 && !capped; i++) {
        const r = await api('/api/registration/phone/verify', { code: wrongCode(code) });
        guesses += 1;
        capped = r.json().error.code === 'TOO_MANY_ATTEMPTS';
      }
      if (!capped) {
        t.clock.advance(60_000);
        const resend = await api('/api/registration/phone/resend');
        if (resend.statusCode === 200) sent += 1;
      }
    }
    expect(capped).toBe(true);
    expect(guesses).toBe(11);
    const right = await latestSmsCode(t.db, phone);
    const blocked = await verify(right);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('href="/support/contact?topic=sms"');
    expect(sent).toBeLessThanOrEqual(5);
  });

  it('guesses on one number across sign-ups hit the daily cap per number', async () => {
    // The first sign-up's code dies after five wrong guesses.
    const first = await latestSmsCode(t.db, phone);
    for (let i = 0; i < 5; i++) await verify(wrongCode(first));
    // A second sign-up with the same number starts with a fresh code and its own account cap...
    t.clock.advance(1_000);
    const { browser: other } = await registerByForm(t.app, personForm({ phone }));
    const otherApi = (url: string, payload?: object) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: other.jar.header() },
        ...(payload ? { payload } : {}),
      });
    const second = await latestSmsCode(t.db, phone);
    for (let i = 0; i < 5; i++) {
      const wrong = await otherApi('/api/registration/phone/verify', { code: wrongCode(second) });
      // Checked and wrong each time; the fifth also kills the code.
      expect(wrong.json().error.code).toBe(i < 4 ? 'INVALID_CODE' : 'CODE_ATTEMPTS_EXCEEDED');
    }
    // ...but the number has had its ten guesses today: even the right code is refused now, after
    // only six guesses on this account.
    t.clock.advance(60_000);
    expect((await otherApi('/api/registration/phone/resend')).statusCode).toBe(200);
    const right = await latestSmsCode(t.db, phone);
    const capped = await otherApi('/api/registration/phone/verify', { code: right });
    expect(capped.statusCode).toBe(429);
    expect(capped.json().error.code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('Change phone number: the old code dies and the new number gets a new SMS', async () => {
    const old = await latestSmsCode(t.db, phone);
    const invalid = await browser.submit('/register/phone', '/register/phone/change', { phone: '123' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toMatch(/id="f-phone-error"/);
    expect(invalid.body).toContain('value="123"');
    const same = await browser.submit('/register/phone', '/register/phone/change', { phone });
    expect(same.body).toContain('This is the number we already have');
    const changed = await browser.submit('/register/phone', '/register/phone/change', {
      phone: '+421 901 234 567',
    });
    expect(changed.headers.location).toBe('/register/phone?notice=changed');
    const page = await browser.get('/register/phone?notice=changed');
    expect(page.body).toContain('+421 901 234 567');
    expect((await api('/api/registration/phone/verify', { code: old })).json().error.code).toMatch(
      /INVALID_CODE|CODE_EXPIRED/,
    );
    const fresh = await latestSmsCode(t.db, '+421901234567');
    expect((await api('/api/registration/phone/verify', { code: fresh })).statusCode).toBe(200);
    const audit = await t.db.selectFrom('audit_log').select('action').execute();
    expect(audit.map((a) => a.action)).toContain('phone.changed');
  });

  it('a resend racing a change of number never sends a code that verifies the new number', async () => {
    t.clock.advance(60_000);
    const original = await latestSmsCode(t.db, phone);
    const otherNumber = '+421901234567';
    // The resend reads the number, then counts its SMS caps; the change commits in that gap
    // (held there on purpose, so the race happens on every run).
    const limiter = t.app.services.rateLimiter;
    const consumeMany = limiter.consumeMany.bind(limiter);
    let change: ReturnType<typeof api> | undefined;
    limiter.consumeMany = async (hits) => {
      if (!change && hits.some((hit) => hit.key === phone)) {
        change = api('/api/registration/phone/change', { phone: otherNumber });
        expect((await change).statusCode).toBe(200);
      }
      return consumeMany(hits);
    };
    const resend = await api('/api/registration/phone/resend');
    limiter.consumeMany = consumeMany;
    expect(change).toBeDefined();
    expect(resend.statusCode).toBe(409);
    expect(resend.json().error.code).toBe('PHONE_CHANGED');
    // No new code went to the old number, and its code opens nothing.
    expect(await latestSmsCode(t.db, phone)).toBe(original);
    const stale = await api('/api/registration/phone/verify', { code: original });
    expect(stale.statusCode).toBe(400);
    expect(stale.json().error.code).toBe('INVALID_CODE');
    const account = await t.db
      .selectFrom('accounts')
      .select(['status', 'phone', 'phone_verified_at'])
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ status: 'pending_phone', phone: otherNumber, phone_verified_at: null });
    // The code the change sent to the new number works.
    const fresh = await latestSmsCode(t.db, otherNumber);
    expect((await api('/api/registration/phone/verify', { code: fresh })).statusCode).toBe(200);
  });

  it('the right code and a change of number sent at once from two tabs: one wins, never a 500', async () => {
    for (let round = 0; round < 8; round++) {
      const { browser: tab } = await registerByForm(t.app, personForm());
      const tabApi = (url: string, payload: object) =>
        t.app.inject({ method: 'POST', url, headers: { cookie: tab.jar.header() }, payload });
      const account = await t.db
        .selectFrom('accounts')
        .select(['id', 'phone'])
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      const right = await latestSmsCode(t.db, account.phone);
      const [verified, changed] = await Promise.all([
        tabApi('/api/registration/phone/verify', { code: right }),
        tabApi('/api/registration/phone/change', { phone: `+42060${String(round).padStart(7, '0')}` }),
      ]);
      expect([verified.statusCode, changed.statusCode].sort()).not.toContain(500);
      const after = await t.db
        .selectFrom('accounts')
        .select(['status', 'phone'])
        .where('id', '=', account.id)
        .executeTakeFirstOrThrow();
      // Either the code verified the number it was sent to, or the number changed and waits for its own code.
      if (verified.statusCode === 200)
        expect(after).toEqual({ status: 'pending_email', phone: account.phone });
      else expect(after.status).toBe('pending_phone');
    }
  });

  it('SMS caps: after five SMS a day nothing more is sent and the page says what to do', async () => {
    for (let i = 0; i < 4; i++) {
      t.clock.advance(60_000);
      expect((await api('/api/registration/phone/resend')).statusCode).toBe(200);
    }
    t.clock.advance(60_000);
    const capped = await browser.submit('/register/phone', '/register/phone/resend', {});
    expect(capped.statusCode).toBe(429);
    expect(capped.body).toContain('We cannot send another SMS now');
    expect(capped.body).toContain('href="/support/contact?topic=sms"');
    expect(await smsTexts(t.db, phone)).toHaveLength(5);
    // Past the cooldown the capped page request started, the API says which limit it is.
    t.clock.advance(60_000);
    const apiCapped = await api('/api/registration/phone/resend');
    expect(apiCapped.statusCode).toBe(429);
    expect(apiCapped.json().error.code).toBe('SMS_LIMIT_REACHED');
    expect(apiCapped.json().error.retryAfterSeconds).toBeGreaterThan(60);
    expect(await smsTexts(t.db, phone)).toHaveLength(5);
  });

  it('Change phone number: three changes a day, then a clear refusal that says when', async () => {
    for (const [i, number] of ['+421 901 234 561', '+421 901 234 562', '+421 901 234 563'].entries()) {
      t.clock.advance(60_000);
      const changed = await api('/api/registration/phone/change', { phone: number });
      expect(changed.statusCode, `change ${i + 1}`).toBe(200);
    }
    t.clock.advance(60_000);
    const fourth = await browser.submit('/register/phone', '/register/phone/change', {
      phone: '+421 901 234 564',
    });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.body).toContain('The phone number was changed too many times today');
    const api4 = await api('/api/registration/phone/change', { phone: '+421 901 234 564' });
    expect(api4.json().error.code).toBe('PHONE_CHANGE_LIMIT');
    expect(api4.json().error.retryAfterSeconds).toBeGreaterThan(0);
    const current = await t.db
      .selectFrom('accounts')
      .select('phone')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(current.phone).toBe('+421901234563');
  });

  it('past the day’s three changes, a number texted this minute is refused for the day, not the minute', async () => {
    for (const number of ['+421 901 234 571', '+421 901 234 572', '+421 901 234 573'])
      expect((await api('/api/registration/phone/change', { phone: number })).statusCode).toBe(200);
    // A client honouring Retry-After would otherwise come back in a minute, in vain.
    const back = await api('/api/registration/phone/change', { phone: '+421 901 234 572' });
    expect(back.json().error.code).toBe('PHONE_CHANGE_LIMIT');
    expect(Number(back.headers['retry-after'])).toBeGreaterThan(60 * 60);
  });

  it('a typo is fixed at once, but changing straight back to a number texted this minute waits for the cooldown', async () => {
    const smsTo = async (number: string) =>
      (await t.db.selectFrom('messages').select('id').where('recipient', '=', number).execute()).length;
    const fixed = await api('/api/registration/phone/change', { phone: '+421 901 234 561' });
    expect(fixed.statusCode).toBe(200);
    const back = await api('/api/registration/phone/change', { phone });
    expect(back.statusCode).toBe(429);
    expect(back.json().error.code).toBe('RESEND_COOLDOWN');
    expect(back.json().error.retryAfterSeconds).toBeGreaterThan(0);
    expect(await smsTo(phone)).toBe(1);
    // The page says how long to wait, and the number stays the one with the live code.
    const page = await browser.submit('/register/phone', '/register/phone/change', { phone });
    expect(page.statusCode).toBe(429);
    // The wait reads as on the resend cooldown, the unit after a no-break space.
    expect(page.body).toMatch(/You can ask for another SMS in \d+\u00a0s\./);
    const current = await t.db
      .selectFrom('accounts')
      .select('phone')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(current.phone).toBe('+421901234561');
    t.clock.advance(60_000);
    expect((await api('/api/registration/phone/change', { phone })).statusCode).toBe(200);
    expect(await smsTo(phone)).toBe(2);
  });

  it('a change of number past the account’s SMS cap changes nothing and sends nothing', async () => {
    for (let i = 0; i < 4; i++) {
      t.clock.advance(60_000);
      expect((await api('/api/registration/phone/resend')).statusCode).toBe(200);
    }
    t.clock.advance(60_000);
    const changed = await api('/api/registration/phone/change', { phone: '+421 901 234 565' });
    expect(changed.statusCode).toBe(429);
    expect(changed.json().error.code).toBe('SMS_LIMIT_REACHED');
    expect(await smsTexts(t.db, '+421901234565')).toHaveLength(0);
    // The refused change did not spend one of the day's three changes.
    expect(await t.app.services.rateLimiter.count(limits.numberChangesPerAccount, accountId)).toBe(0);
    const current = await t.db
      .selectFrom('accounts')
      .select('phone')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(current.phone).toBe(phone);
  });

  it('the page counts down the resend cooldown and works without JavaScript', async () => {
    t.clock.advance(15_000);
    const page = await browser.get('/register/phone');
    expect(page.body).toMatch(/data-countdown="45"[^>]*disabled>Resend SMS \(45\u00a0s\)/);
    expect(page.body).toContain('src="/assets/countdown.js"');
    t.clock.advance(45_000);
    const ready = await browser.get('/register/phone');
    expect(ready.body).toMatch(/data-countdown="0"[^>]*>Resend SMS</);
  });

  it('SMS texts fit one part in both languages', () => {
    for (const locale of ['en', 'cs'] as const) {
      const text = translator(locale)('sms.code', { code: '123456' });
      expect(measureSms(text).fitsOnePart, text).toBe(true);
    }
    expect(measureSms(translator('cs')('sms.code', { code: '123456' })).encoding).toBe('ucs2');
  });
});
