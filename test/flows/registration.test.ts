import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { solveCaptcha } from '../helpers/captcha.js';
import { CookieJar, extractCsrfToken, InjectBrowser } from '../helpers/forms.js';
import { latestSmsCode, personForm, registerByForm } from '../helpers/registration.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('registration', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('shows the form with the labels a customer reads, in English and Czech', async () => {
    const en = await t.app.inject({ url: '/register' });
    expect(en.statusCode).toBe(200);
    for (const label of ['First name', 'Last name', 'Company name', 'Email', 'Phone', 'Password', 'Submit']) {
      expect(en.body).toContain(`>${label}<`);
    }
    expect(en.body).toContain('<altcha-widget');
    expect(en.body).toContain('href="/legal/terms"');
    // A screen reader hears which fields are required; the VAT ID alone is optional.
    for (const name of ['firstName', 'lastName', 'companyName', 'companyId', 'email', 'phone', 'password'])
      expect(en.body).toMatch(new RegExp(`id="f-${name}"[^>]*aria-required="true"`));
    expect(en.body).not.toMatch(/id="f-vatId"[^>]*aria-required/);
    // The sign-up step is a sentence for a screen reader, the digits only decoration.
    expect(en.body).toContain(
      '<span class="visually-hidden">Sign-up, step 1 of 3</span><span aria-hidden="true">',
    );
    const cs = await t.app.inject({ url: '/register', headers: { 'accept-language': 'cs' } });
    for (const label of ['Jméno', 'Příjmení', 'Název společnosti', 'E-mail', 'Telefon', 'Heslo', 'Odeslat']) {
      expect(cs.body).toContain(`>${label}<`);
    }
  });

  it('registers a person: pending_phone, E.164 phone, consents as evidence, session, SMS, audit', async () => {
    const form = personForm({ phone: '601 123 456', marketing: 'on' });
    const r = await registerByForm(t.app, form, { 'user-agent': 'TestBrowser/1.0' });
    expect(r.status).toBe(303);
    expect(r.location).toBe('/register/phone');
    const account = await t.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    expect(account).toMatchObject({
      kind: 'person',
      first_name: 'Jana',
      last_name: 'Nováková',
      status: 'pending_phone',
      phone: '+420601123456',
      marketing_consent: 1,
      email_normalized: form.email!.toLowerCase(),
    });
    expect(account.password_hash).toMatch(/^\$argon2id\$/);
    const consents = await t.db.selectFrom('consents').selectAll().orderBy('document').execute();
    expect(consents.map((c) => [c.document, c.version])).toEqual([
      ['marketing', '2026-01'],
      ['privacy', '2026-01'],
      ['terms', '2026-01'],
    ]);
    expect(consents[0]).toMatchObject({
      ip: '127.0.0.1',
      user_agent: 'TestBrowser/1.0',
      accepted_at: t.clock.now(),
    });
    const sms = await t.db.selectFrom('messages').selectAll().where('channel', '=', 'sms').execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]!.recipient).toBe('+420601123456');
    const audit = await t.db.selectFrom('audit_log').select(['action', 'outcome']).execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['registration.created', 'phone.code_sent']),
    );
    const page = await r.browser.get('/register/phone');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('+420 601 123 456');
  });

  it('registers a company and validates its fields by kind, keeping what was typed (never the password)', async () => {
    const bad = await registerByForm(
      t.app,
      personForm({ kind: 'company', companyName: '', companyId: '', vatId: 'nonsense!', firstName: '' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/id="f-companyName-error"[^>]*>This field is required/);
    expect(bad.body).toMatch(/id="f-vatId-error"[^>]*>Enter the VAT ID/);
    expect(bad.body).not.toContain('f-firstName-error');
    expect(bad.body).toContain('value="nonsense!"');
    expect(bad.body).not.toContain('velmi dlouhé heslo');
    const ok = await registerByForm(
      t.app,
      personForm({
        kind: 'company',
        companyName: 'Hosting s.r.o.',
        companyId: '12345678',
        vatId: 'cz 12345678',
        // Typed before switching to a company: hidden now, so neither judged nor stored.
        firstName: 'Jana <typo>',
        lastName: '',
      }),
    );
    expect(ok.status).toBe(303);
    const account = await t.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    expect(account).toMatchObject({
      kind: 'company',
      company_name: 'Hosting s.r.o.',
      company_id: '12345678',
      vat_id: 'CZ12345678',
      first_name: null,
    });
    // And the other way round: a person's sign-up ignores company fields left in the form.
    const person = await registerByForm(t.app, personForm({ companyId: 'nonsense!', vatId: '??' }));
    expect(person.status).toBe(303);
    const stored = await t.db
      .selectFrom('accounts')
      .select(['kind', 'company_id', 'vat_id'])
      .where('email', '=', person.form.email!)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ kind: 'person', company_id: null, vat_id: null });
  });

  it('shows errors next to fields in Czech and refuses bad phones, weak passwords, missing consents', async () => {
    const r = await registerByForm(
      t.app,
      personForm({ phone: '12', password: 'password1', terms: '', privacy: '' }),
      { 'accept-language': 'cs' },
    );
    expect(r.status).toBe(400);
    expect(r.body).toContain('Opravte prosím zvýrazněná pole.');
    expect(r.body).toMatch(/id="f-phone-error"[^>]*>Zadejte platné telefonní číslo/);
    expect(r.body).toMatch(/id="f-terms-error"[^>]*>Bez souhlasu nelze pokračovat/);
    const weak = await registerByForm(t.app, personForm({ password: 'password1' }));
    expect(weak.body).toMatch(/id="f-password-error"[^>]*>This password is on a list/);
    const named = await registerByForm(t.app, personForm({ password: 'nováková-zahrada-2026' }));
    expect(named.body).toMatch(/id="f-password-error"[^>]*>The password must not contain/);
    const foreign = await registerByForm(t.app, personForm({ phone: '+44 7700 900123' }));
    expect(foreign.status).toBe(400);
    const fixedLine = await registerByForm(t.app, personForm({ phone: '+420 212 345 678' }));
    expect(fixedLine.body).toContain('Enter a mobile number');
    expect(await t.db.selectFrom('accounts').select('id').execute()).toHaveLength(0);
  });

  it('fails closed without a solved captcha, and a solved one works only once', async () => {
    const { browser } = await registerByForm(t.app);
    const jar = new CookieJar();
    const form = personForm();
    const payload = await solveCaptcha(t.app);
    const noCaptcha = await t.app.inject({
      method: 'POST',
      url: '/api/registration',
      payload: { ...form, terms: true, privacy: true },
    });
    expect(noCaptcha.statusCode).toBe(400);
    expect(noCaptcha.json().error.code).toBe('CAPTCHA_FAILED');
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/registration',
      payload: { ...form, terms: true, privacy: true, captcha: payload },
    });
    jar.store(first);
    expect(first.statusCode).toBe(201);
    const replay = await t.app.inject({
      method: 'POST',
      url: '/api/registration',
      payload: { ...personForm(), terms: true, privacy: true, captcha: payload },
    });
    expect(replay.json().error.code).toBe('CAPTCHA_FAILED');
    expect(browser).toBeDefined();
  });

  it('refuses a password with broken text (a lone surrogate, only sendable as a JSON escape)', async () => {
    // Hashing encodes the password as UTF-8, where every lone surrogate becomes U+FFFD: two
    // different passwords would open one account.
    const form = personForm({ password: 'correct horse \ud800 battery staple' });
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/registration',
      headers: { 'accept-language': 'cs' },
      payload: { ...form, terms: true, privacy: true, captcha: await solveCaptcha(t.app) },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields.password).toEqual({
      code: 'password.brokenText',
      message: 'Heslo obsahuje neplatný znak. Napište ho znovu.',
    });
    expect(await t.db.selectFrom('accounts').select('id').execute()).toHaveLength(0);
  });

  it('ignores mass-assigned fields (id, role, status, emailVerified)', async () => {
    const payload = await solveCaptcha(t.app);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/registration',
      payload: {
        ...personForm(),
        terms: true,
        privacy: true,
        captcha: payload,
        id: 'attacker-chosen',
        role: 'admin',
        status: 'active',
        emailVerified: true,
        email_verified_at: 1,
        phone_verified_at: 1,
        password_hash: 'x',
      },
    });
    expect(response.statusCode).toBe(201);
    const account = await t.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    expect(account.id).not.toBe('attacker-chosen');
    expect(account.status).toBe('pending_phone');
    expect(account.email_verified_at).toBeNull();
    expect(account.phone_verified_at).toBeNull();
    expect(account.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('a consent given as something else than yes or no is refused by its field, never read as no', async () => {
    const signUp = async (consents: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/registration',
        payload: {
          ...personForm(),
          terms: true,
          privacy: true,
          ...consents,
          captcha: await solveCaptcha(t.app),
        },
      });
    for (const marketing of ['yes', 'ano', 1, 'TRUE '] as const) {
      const refused = await signUp({ marketing });
      expect(refused.statusCode, String(marketing)).toBe(400);
      expect(refused.json().error.fields.marketing?.code, String(marketing)).toBe('field.invalid');
    }
    expect((await signUp({ terms: 'yes' })).json().error.fields.terms?.code).toBe('field.invalid');
    expect(await t.db.selectFrom('accounts').select('id').execute()).toHaveLength(0);
    for (const marketing of [true, false, 'on', 'true', 'false'])
      expect((await signUp({ marketing })).statusCode, String(marketing)).toBe(201);
  });

  it('an existing email gets the same answer, the owner a notice, and the attacker nothing of the account', async () => {
    const owner = personForm();
    await registerByForm(t.app, owner);
    const ownerBefore = await t.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    const fresh = await registerByForm(t.app, personForm());
    const dup = await registerByForm(
      t.app,
      personForm({ email: ` ${owner.email!.toUpperCase()} `, password: 'attacker password 12345' }),
    );
    expect(dup.status).toBe(fresh.status);
    expect(dup.location).toBe(fresh.location);
    const dupPage = await dup.browser.get('/register/phone');
    const freshPage = await fresh.browser.get('/register/phone');
    expect(dupPage.statusCode).toBe(freshPage.statusCode);
    const strip = (body: string) => body.replace(/value="[^"]*"/g, '').replace(/\+420[\d ]+/g, '');
    expect(strip(dupPage.body)).toBe(strip(freshPage.body));
    const ownerAfter = await t.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', ownerBefore.id)
      .executeTakeFirstOrThrow();
    expect(ownerAfter).toEqual(ownerBefore);
    const notice = await t.db
      .selectFrom('messages')
      .selectAll()
      .where('template', '=', 'registration.duplicate_notice')
      .executeTakeFirstOrThrow();
    expect(notice.recipient).toBe(owner.email);
    expect(notice.content).not.toContain('attacker password');
    // The shadow account can walk the phone step but never activates the real email.
    const shadow = await t.db
      .selectFrom('accounts')
      .selectAll()
      .where('email_normalized', 'like', 'shadow %')
      .executeTakeFirstOrThrow();
    const code = await latestSmsCode(t.db, shadow.phone);
    const verified = await dup.browser.submit('/register/phone', '/register/phone/verify', { code });
    expect(verified.headers.location).toBe('/register/phone/verified');
    const emailPage = await dup.browser.get('/register/email');
    expect(emailPage.body).toContain(owner.email!.toUpperCase());
    const activations = await t.db
      .selectFrom('messages')
      .select('id')
      .where('template', '=', 'registration.activation')
      .execute();
    expect(activations).toHaveLength(0);
  });

  it('two registrations of one new email at once: one account, one stand-in, one notice to the winner', async () => {
    const email = personForm().email!;
    const [first, second] = await Promise.all(
      ['198.51.100.7', '198.51.100.8'].map(async (ip) =>
        t.app.inject({
          method: 'POST',
          url: '/api/registration',
          headers: { 'x-forwarded-for': ip },
          payload: {
            ...personForm({ email }),
            terms: true,
            privacy: true,
            captcha: await solveCaptcha(t.app),
          },
        }),
      ),
    );
    expect([first!.statusCode, second!.statusCode]).toEqual([201, 201]);
    expect(first!.body).toBe(second!.body);
    const accounts = await t.db
      .selectFrom('accounts')
      .select(['id', 'email_normalized', 'password_hash'])
      .execute();
    expect(accounts.map((a) => a.email_normalized.startsWith('shadow ')).sort()).toEqual([false, true]);
    const winner = accounts.find((a) => a.email_normalized === email.toLowerCase())!;
    // The stand-in was hashed again with the winner's salt, as every stand-in is: a login checks
    // both in one Argon2id run.
    const saltAndCost = (hash: string) => hash.slice(0, hash.lastIndexOf('$'));
    const standIn = accounts.find((a) => a !== winner)!;
    expect(saltAndCost(standIn.password_hash)).toBe(saltAndCost(winner.password_hash));
    const notices = await t.db
      .selectFrom('messages')
      .select(['recipient', 'account_id'])
      .where('template', '=', 'registration.duplicate_notice')
      .execute();
    expect(notices).toEqual([{ recipient: email, account_id: winner.id }]);
  });

  it('folds full-width look-alikes into one login, keeps other scripts apart, and refuses CRLF', async () => {
    await registerByForm(t.app, personForm({ email: 'jan@example.com' }));
    await registerByForm(t.app, personForm({ email: 'ｊａｎ@example.com' }));
    const cyrillic = await registerByForm(t.app, personForm({ email: 'jаn@example.com' })); // Cyrillic а
    expect(cyrillic.status).toBe(400);
    const rows = await t.db.selectFrom('accounts').select(['email_normalized']).execute();
    const real = rows.map((r) => r.email_normalized).filter((e) => !e.startsWith('shadow '));
    expect(real).toEqual(['jan@example.com']);
    expect(rows).toHaveLength(2);
    const crlf = await registerByForm(
      t.app,
      personForm({ email: 'a@example.com\r\nBcc: victim@example.com' }),
    );
    expect(crlf.status).toBe(400);
    expect(crlf.body).toMatch(/id="f-email-error"/);
    const name = await registerByForm(t.app, personForm({ firstName: 'Jana\r\nBcc: x@evil.example' }));
    expect(name.status).toBe(400);
    const bidi = await registerByForm(t.app, personForm({ lastName: 'Nov\u202Eák' }));
    expect(bidi.status).toBe(400);
    // A pasted zero-width space: the customer sees "Jana", so the message says what to do.
    const pasted = await registerByForm(t.app, personForm({ firstName: 'Ja\u200Bna' }));
    expect(pasted.status).toBe(400);
    expect(pasted.body).toMatch(
      /id="f-firstName-error"[^>]*>(?:<[^>]+>[^<]*<\/[^>]+>)?[^<]*retype the part you pasted/,
    );
    const messages = await t.db.selectFrom('messages').select(['recipient']).execute();
    for (const m of messages) expect(m.recipient).not.toMatch(/[\r\n]/);
  });

  it('a form whose CSRF token went stale comes back with what was typed (not the password); nothing is created', async () => {
    const browser = new InjectBrowser(t.app, { 'sec-fetch-site': 'same-origin' });
    const staleToken = extractCsrfToken((await browser.get('/register')).body);
    browser.jar.clear();
    const form = personForm({ firstName: 'Jarmila', kind: 'person' });
    const stale = await browser.post('/register', {
      ...form,
      _csrf: staleToken,
      altcha: await solveCaptcha(t.app),
    });
    expect(stale.statusCode).toBe(403);
    expect(stale.body).toContain('was not sent');
    expect(stale.body).toContain('value="Jarmila"');
    expect(stale.body).not.toContain(form.password!);
    expect(await t.db.selectFrom('accounts').select('id').execute()).toHaveLength(0);
    const again = await browser.post('/register', {
      ...form,
      _csrf: extractCsrfToken(stale.body),
      altcha: await solveCaptcha(t.app),
    });
    expect(again.statusCode).toBe(303);
  });

  it('shows every mistake at once, an unsolved captcha among them, and asks for the password again', async () => {
    const browser = new InjectBrowser(t.app, { 'accept-language': 'cs' });
    const form = personForm({ firstName: '' });
    // No captcha solved (the widget posts nothing), and a first name missing.
    const response = await browser.submit('/register', '/register', form);
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/id="f-firstName-error"/);
    expect(response.body).toMatch(/id="f-captcha-error"[^>]*>Dokončete prosím bezpečnostní kontrolu/);
    expect(response.body).toMatch(/id="f-password-note"[^>]*>Z bezpečnostních důvodů heslo/);
    expect(response.body).not.toContain(form.password!);
    // The same through the API: one answer with every field.
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/registration',
      payload: { ...form, terms: true, privacy: true },
    });
    expect(api.statusCode).toBe(400);
    expect(Object.keys(api.json().error.fields).sort()).toEqual(['captcha', 'firstName']);
    // Whatever is wrong with the email, the other fields' mistakes come in the same answer.
    for (const email of ['jiří@example.com', 'not an email', 'it@аррӏе.com']) {
      const withEmail = await t.app.inject({
        method: 'POST',
        url: '/api/registration',
        payload: { ...form, email, terms: true, privacy: true },
      });
      expect(Object.keys(withEmail.json().error.fields).sort(), email).toEqual([
        'captcha',
        'email',
        'firstName',
      ]);
    }
    // A weak password with a bad email, and a landline with every other field right: each
    // mistake, the unsolved captcha among them, in the one answer.
    const apiFields = async (payload: Record<string, unknown>) => {
      const answer = await t.app.inject({ method: 'POST', url: '/api/registration', payload });
      expect(answer.statusCode).toBe(400);
      return answer.json().error.fields as Record<string, { code: string; message: string }>;
    };
    const weak = await apiFields({
      ...personForm(),
      email: 'not an email',
      password: 'abc',
      terms: true,
      privacy: true,
    });
    expect(Object.keys(weak).sort()).toEqual(['captcha', 'email', 'password']);
    expect(weak.password!.message).toMatch(/at least 8 characters/);
    const landline = await apiFields({
      ...personForm({ phone: '+420 222 333 444' }),
      terms: true,
      privacy: true,
    });
    expect(Object.keys(landline).sort()).toEqual(['captcha', 'phone']);
    expect(await t.db.selectFrom('accounts').select('id').execute()).toHaveLength(0);
  });

  it('takes an internationalised domain as one login with its punycode form, and explains a mailbox name with accents', async () => {
    const typed = 'Info@Příklad.eu';
    const first = await registerByForm(t.app, personForm({ email: typed }));
    expect(first.status).toBe(303);
    const password = first.form.password!;
    // The same mailbox written in punycode is the same login: the same answer, a notice, no account.
    const again = await registerByForm(t.app, personForm({ email: 'info@xn--pklad-zsa96e.eu' }));
    expect(again.status).toBe(first.status);
    expect(again.location).toBe(first.location);
    const rows = await t.db.selectFrom('accounts').select(['email', 'email_normalized']).execute();
    // Kept as the customer reads it (the domain lower-cased, as IDNA writes it).
    expect(rows.filter((r) => !r.email_normalized.startsWith('shadow '))).toEqual([
      { email: 'Info@příklad.eu', email_normalized: 'info@xn--pklad-zsa96e.eu' },
    ]);
    const notices = await t.db
      .selectFrom('messages')
      .select('recipient')
      .where('template', '=', 'registration.duplicate_notice')
      .execute();
    expect(notices).toEqual([{ recipient: 'Info@příklad.eu' }]);
    // Either spelling logs in to the sign-up.
    for (const email of ['INFO@xn--pklad-zsa96e.eu', 'info@příklad.EU']) {
      const login = await t.app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
      expect(login.statusCode).toBe(200);
    }

    const accented = await registerByForm(t.app, personForm({ email: 'jiří@example.com' }), {
      'accept-language': 'cs',
    });
    expect(accented.status).toBe(400);
    expect(accented.body).toMatch(
      /id="f-email-error"[^>]*>[^<]*Před znakem @ použijte jen písmena bez diakritiky/,
    );
    expect(accented.body).toContain('value="jiří@example.com"');
    // A domain label that mixes scripts (a Cyrillic а in a Latin name) is no address.
    // Chromium sends a type=email value with the domain in punycode: it is judged as it reads.
    for (const email of ['jan@exаmple.com', 'jan@xn--exmple-4nf.com']) {
      const mixed = await registerByForm(t.app, personForm({ email }));
      expect(mixed.status).toBe(400);
      expect(mixed.body).toContain('Enter an email address such as name@example.com.');
    }
    // A whole label of Cyrillic letters that read as Latin (apple.com): told why, next to the field.
    const spoof = await registerByForm(t.app, personForm({ email: 'it@аррӏе.com' }), {
      'accept-language': 'cs',
    });
    expect(spoof.status).toBe(400);
    expect(spoof.body).toMatch(/id="f-email-error"[^>]*>[^<]*Tato doména je napsaná písmeny cyrilice/);
    expect(
      await t.db.selectFrom('accounts').select('id').where('email', 'like', '%аррӏе%').execute(),
    ).toEqual([]);
  });

  it('the API: status, errors with stable codes, documented in OpenAPI and /api/docs', async () => {
    const jar = new CookieJar();
    const form = personForm({ phone: '+421 901 123 456' });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/registration',
      payload: { ...form, terms: true, privacy: true, captcha: await solveCaptcha(t.app) },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ status: 'pending_phone', next: '/api/registration/phone/verify' });
    jar.store(created);
    const status = await t.app.inject({ url: '/api/registration/status', headers: { cookie: jar.header() } });
    expect(status.json()).toMatchObject({ status: 'pending_phone', phone: '+421901123456', codeSent: true });
    const invalid = await t.app.inject({
      method: 'POST',
      url: '/api/registration',
      headers: { 'accept-language': 'cs' },
      payload: { kind: 'person', email: 'nope', terms: false },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('VALIDATION_FAILED');
    expect(invalid.json().error.fields.email.code).toBe('field.email');
    expect(invalid.json().error.fields.terms.message).toBe('Bez souhlasu nelze pokračovat.');
    const noSession = await t.app.inject({ method: 'POST', url: '/api/registration/phone/resend' });
    expect(noSession.json().error.code).toBe('NOT_SIGNED_IN');
    const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/registration',
      '/api/registration/status',
      '/api/registration/phone/verify',
      '/api/registration/phone/resend',
      '/api/registration/phone/change',
      '/api/registration/email/resend',
      '/api/registration/activate',
      '/api/captcha/challenge',
    ]) {
      expect(spec.paths[path], path).toBeDefined();
    }
    expect(JSON.stringify(spec.paths['/api/registration/phone/verify'])).toContain('CODE_ALREADY_USED');
    const docs = await t.app.inject({ url: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('/api/registration/phone/change');
    expect(docs.body).not.toMatch(/<script[^>]+https?:/);
  });

  it('serves versioned legal documents and sends logged-in viewers to their step', async () => {
    const terms = await t.app.inject({ url: '/legal/terms', headers: { 'accept-language': 'cs' } });
    expect(terms.body).toContain('Verze 2026-01');
    const privacy = await t.app.inject({ url: '/legal/privacy' });
    expect(privacy.body).toContain('Version 2026-01');
    const { browser } = await registerByForm(t.app);
    expect((await browser.get('/register')).headers.location).toBe('/register/phone');
    expect((await browser.get('/register/email')).headers.location).toBe('/register/phone');
    const anonymous = await t.app.inject({ url: '/register/phone' });
    expect(anonymous.headers.location).toBe('/login?next=%2Fregister%2Fphone');
  });
});
