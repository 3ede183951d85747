import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dueWithinOneWorkingDay } from '../../src/support/service.js';
import { accountMessages } from '../../src/accounts/messages.js';
import { courierMessages } from '../../src/courier/messages.js';
import { loginMessages } from '../../src/flows/login/messages.js';
import { recoveryMessages } from '../../src/flows/recovery/messages.js';
import { signUpMessages } from '../../src/flows/signup-catalogue.js';
import { supportMessages } from '../../src/support/messages.js';
import { shellMessages } from '../../src/web/messages.js';
import { solveCaptcha } from '../helpers/captcha.js';
import { extractCsrfToken, InjectBrowser } from '../helpers/forms.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const catalogues: readonly { en: Record<string, string>; cs: Record<string, string> }[] = [
  shellMessages,
  accountMessages,
  loginMessages,
  recoveryMessages,
  signUpMessages,
  courierMessages,
  supportMessages,
];

const request = {
  topic: 'login_email',
  name: 'Jana Nováková',
  contact: 'jana.private@example.org',
  services: 'novakova-design.cz',
  message: 'I cannot remember which email I used.\nThe domain is mine.',
};

describe('support contact form', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const queue = () => t.db.selectFrom('support_requests').selectAll().execute();

  it('is where every link to support in both languages leads, without logging in', async () => {
    // Every internal link the product's texts carry (errors, caps, the forgotten-password page).
    const links = new Set<string>();
    for (const catalogue of catalogues)
      for (const locale of [catalogue.en, catalogue.cs])
        for (const text of Object.values(locale))
          for (const match of text.matchAll(/href="(\/[^"]*)"/g)) links.add(match[1]!);
    for (const locale of ['en', 'cs'] as const) {
      const page = await t.app.inject({ url: '/password/forgot', headers: { 'accept-language': locale } });
      for (const match of page.body.matchAll(/href="(\/support\/[^"]*)"/g)) links.add(match[1]!);
    }
    expect([...links]).toContain('/support/contact');
    for (const link of links)
      expect([link, (await t.app.inject({ url: link })).statusCode]).toEqual([link, 200]);

    const en = await t.app.inject({ url: '/support/contact?topic=sms' });
    for (const text of [
      'Contact support',
      'Services in your account',
      'at least one domain or hosting',
      'Phone number the SMS should arrive at',
      'When did you ask for the code?',
      '<option value="sms" selected>',
      'Send to support</button>',
    ])
      expect(en.body).toContain(text);
    const cs = await t.app.inject({ url: '/support/contact', headers: { 'accept-language': 'cs' } });
    for (const text of [
      'Kontaktovat podporu',
      'Služby ve vašem účtu',
      'alespoň jednu doménu',
      'Odeslat podpoře</button>',
    ])
      expect(cs.body).toContain(text);
  });

  it('puts a request in the support queue, due within one working day, and says so', async () => {
    const browser = new InjectBrowser(t.app);
    const sent = await browser.submit('/support/contact', '/support/contact', {
      ...request,
      smsPhone: '',
      smsTimes: '',
      altcha: await solveCaptcha(t.app),
    });
    expect(sent.statusCode).toBe(303);
    const [stored] = await queue();
    expect(stored).toMatchObject({
      topic: 'login_email',
      name: 'Jana Nováková',
      contact: 'jana.private@example.org',
      services: 'novakova-design.cz',
      message: 'I cannot remember which email I used.\nThe domain is mine.',
      sms_phone: null,
      status: 'open',
      due_at: dueWithinOneWorkingDay(Number(stored!.created_at)),
    });
    const page = await browser.get(sent.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Your request number is ${stored!.id.slice(0, 8).toUpperCase()}`);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).execute();
    expect(audit.map((a) => a.action)).toContain('support.request_created');
    // Nothing secret or personal from the form reaches the audit log.
    expect(JSON.stringify(audit)).not.toContain('novakova-design.cz');
  });

  it('shows each mistake next to its field in the language of the page, and keeps what was typed', async () => {
    const browser = new InjectBrowser(t.app, { 'accept-language': 'cs' });
    const refused = await browser.submit('/support/contact', '/support/contact', {
      topic: 'sms',
      name: 'Jana',
      contact: 'jana@example.org',
      services: '',
      smsPhone: '+420 601 123 456',
      smsTimes: 'včera kolem 14:00',
      message: 'Line\u0007bell',
      altcha: await solveCaptcha(t.app),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/id="f-services-error"[^>]*>Toto pole je povinné\./);
    expect(refused.body).toMatch(/id="f-message-error"[^>]*>Text obsahuje neviditelné řídicí znaky/);
    expect(refused.body).toContain('value="včera kolem 14:00"');
    expect(refused.body).toContain('<option value="sms" selected>');
    expect(await queue()).toHaveLength(0);
  });

  it('gives back a message that is too long whole, to be shortened by its writer', async () => {
    const browser = new InjectBrowser(t.app);
    const long = `${'x'.repeat(3990)}😀${'y'.repeat(500)}`;
    const refused = await browser.submit('/support/contact', '/support/contact', {
      ...request,
      message: long,
      altcha: await solveCaptcha(t.app),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/id="f-message-error"[^>]*>This is too long\./);
    expect(refused.body).toContain(`>${long}</textarea>`);
    expect(await queue()).toHaveLength(0);
  });

  it('refuses text that is not well-formed (half of an emoji, sent by a script) instead of storing it mangled', async () => {
    const browser = new InjectBrowser(t.app);
    const page = await browser.get('/support/contact');
    const send = async (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/support/contact',
        headers: { cookie: browser.jar.header(), 'content-type': 'application/json' },
        payload: JSON.stringify({
          _csrf: extractCsrfToken(page.body),
          ...request,
          ...fields,
          altcha: await solveCaptcha(t.app),
        }),
      });
    for (const [field, value] of [
      ['name', 'Jan\ud800'],
      ['smsPhone', '\ud83d'],
      ['message', 'ahoj \udc00 svete'],
    ] as const) {
      const refused = await send({ [field]: value });
      expect(refused.statusCode, field).toBe(400);
      expect(refused.body, field).toMatch(new RegExp(`id="f-${field}-error"`));
    }
    expect(await queue()).toHaveLength(0);
    // The same text, whole, goes through.
    expect((await send({ name: 'Jan 😀' })).statusCode).toBe(303);
    expect((await queue()).map((row) => row.name)).toEqual(['Jan 😀']);
    // Written text keeps the invisible characters it needs: a pasted soft hyphen, an emoji
    // joined by a zero-width joiner, a Persian name with its zero-width non-joiner.
    expect(
      (await send({ name: 'می\u200cخواهم', message: 'Nefunguje mi při\u00adhlášení. Díky 👨\u200d💻' }))
        .statusCode,
    ).toBe(303);
    expect((await queue()).at(-1)?.message).toBe('Nefunguje mi při\u00adhlášení. Díky 👨\u200d💻');
    // An override that would show the text in another order than it is stored is refused.
    const reordered = await send({ message: 'pay to \u202eten\u202c account' });
    expect(reordered.statusCode).toBe(400);
    expect(reordered.body).toMatch(/id="f-message-error"[^>]*>This text holds invisible control characters/);
  });

  it('asks for a way to reach the customer, and for the number when an SMS does not arrive', async () => {
    const browser = new InjectBrowser(t.app);
    const send = async (fields: Record<string, string>) =>
      browser.submit('/support/contact', '/support/contact', {
        ...request,
        ...fields,
        altcha: await solveCaptcha(t.app),
      });
    const nowhere = await send({ contact: 'hello' });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.body).toMatch(/id="f-contact-error"[^>]*>Enter an email address or a phone number/);
    // With the captcha unsolved as well, both mistakes show at once.
    const both = await browser.submit('/support/contact', '/support/contact', {
      ...request,
      contact: 'hello',
    });
    expect(both.body).toMatch(/id="f-contact-error"/);
    expect(both.body).toMatch(/id="f-captcha-error"/);
    const noNumber = await send({ topic: 'sms', smsPhone: '' });
    expect(noNumber.statusCode).toBe(400);
    expect(noNumber.body).toMatch(/id="f-smsPhone-error"/);
    const notANumber = await send({ topic: 'sms', smsPhone: 'notaphone' });
    expect(notANumber.body).toMatch(/id="f-smsPhone-error"/);
    expect(await queue()).toHaveLength(0);
    // A phone as the contact (any country, in the default region's format too) and an SMS case
    // with its number go through.
    expect((await send({ contact: '601 123 456' })).statusCode).toBe(303);
    expect(
      (await send({ contact: '+44 20 7946 0958', topic: 'sms', smsPhone: '+420 601 123 456' })).statusCode,
    ).toBe(303);
    expect(await queue()).toHaveLength(2);
  });

  it('a form whose CSRF token went stale (cookies lost while it was open) comes back with what was typed, sent nothing', async () => {
    const browser = new InjectBrowser(t.app, { 'sec-fetch-site': 'same-origin' });
    const long = `${request.message}\n${'All my domains are listed below. '.repeat(40)}`;
    await browser.get('/support/contact');
    // A phone browser restored the tab from disk without its session cookies: the old token.
    const staleToken = extractCsrfToken((await browser.get('/support/contact')).body);
    browser.jar.clear();
    const stale = await browser.post('/support/contact', {
      ...request,
      message: long,
      _csrf: staleToken,
      altcha: await solveCaptcha(t.app),
    });
    expect(stale.statusCode).toBe(403);
    expect(stale.body).toContain('was not sent');
    expect(stale.body).toContain('All my domains are listed below.');
    expect(stale.body).toContain('value="novakova-design.cz"');
    expect(await queue()).toHaveLength(0);
    // A fresh token came with it: sending it again works.
    const again = await browser.post('/support/contact', {
      ...request,
      message: long,
      _csrf: extractCsrfToken(stale.body),
      altcha: await solveCaptcha(t.app),
    });
    expect(again.statusCode).toBe(303);
    expect(await queue()).toHaveLength(1);
    // Another site's post never gets its text shown back on our page.
    const crossSite = new InjectBrowser(t.app, { 'sec-fetch-site': 'cross-site' });
    const forged = await crossSite.post('/support/contact', { ...request, message: 'INJECTED TEXT' });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).not.toContain('INJECTED TEXT');
    // Nor does a post that does not say it came from our own page.
    const unknown = new InjectBrowser(t.app);
    const unvouched = await unknown.post('/support/contact', { ...request, message: 'INJECTED TEXT' });
    expect(unvouched.statusCode).toBe(403);
    expect(unvouched.body).not.toContain('INJECTED TEXT');
  });

  it('refuses a missing or replayed captcha, a forged form and a flood from one network, storing nothing more', async () => {
    const browser = new InjectBrowser(t.app);
    const noCaptcha = await browser.submit('/support/contact', '/support/contact', request);
    expect(noCaptcha.statusCode).toBe(400);
    expect(noCaptcha.body).toMatch(/id="f-captcha-error"/);

    const forged = await t.app.inject({
      method: 'POST',
      url: '/support/contact',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      payload: new URLSearchParams({ ...request, altcha: await solveCaptcha(t.app) }).toString(),
    });
    expect(forged.statusCode).toBe(403);

    const captcha = await solveCaptcha(t.app);
    expect(
      (await browser.submit('/support/contact', '/support/contact', { ...request, altcha: captcha }))
        .statusCode,
    ).toBe(303);
    const replay = await browser.submit('/support/contact', '/support/contact', {
      ...request,
      altcha: captcha,
    });
    expect(replay.statusCode).toBe(400);

    for (let i = 0; i < 4; i++) {
      const more = await browser.submit('/support/contact', '/support/contact', {
        ...request,
        altcha: await solveCaptcha(t.app),
      });
      expect(more.statusCode).toBe(303);
    }
    const flood = await browser.submit('/support/contact', '/support/contact', {
      ...request,
      altcha: await solveCaptcha(t.app),
    });
    expect(flood.statusCode).toBe(429);
    expect(flood.headers['retry-after']).toBeDefined();
    // The page says how long, not "a moment" (each early retry would spend another captcha).
    expect(flood.body).toMatch(/Too many requests from your network\. Try again in \d+ minutes\./);
    expect(await queue()).toHaveLength(5);
  });

  it('answers any form body with a page, never a 500', async () => {
    const browser = new InjectBrowser(t.app);
    const page = await browser.get('/support/contact');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.constant(''),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            topic: fc.oneof(fc.constantFrom('login_email', 'email_lost', 'sms', 'other', ''), text),
            name: text,
            contact: text,
            services: text,
            smsPhone: text,
            smsTimes: text,
            message: fc.string({ maxLength: 5000 }),
            altcha: text,
          },
          { requiredKeys: [] },
        ),
        async (fields) => {
          const response = await browser.post('/support/contact', { _csrf: token, ...fields });
          expect([400, 429]).toContain(response.statusCode);
          expect(response.headers['content-type']).toContain('text/html');
        },
      ),
      { numRuns: 60 },
    );
    expect(await queue()).toHaveLength(0);
    expect((await t.app.inject({ url: '/support/contact/sent/not-a-request' })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: '/support/contact/sent/00000000-0000-4000-8000-000000000000' })).statusCode,
    ).toBe(404);
  });
});

describe('one working day', () => {
  it('is the next day on weekdays and Monday for Friday and the weekend (Prague time)', () => {
    const at = (iso: string) => Date.parse(iso);
    const day = 24 * 60 * 60_000;
    expect(dueWithinOneWorkingDay(at('2026-12-02T09:00:00Z'))).toBe(at('2026-12-02T09:00:00Z') + day);
    expect(dueWithinOneWorkingDay(at('2026-12-04T09:00:00Z'))).toBe(at('2026-12-07T09:00:00Z'));
    expect(dueWithinOneWorkingDay(at('2026-12-05T09:00:00Z'))).toBe(at('2026-12-07T09:00:00Z'));
    expect(dueWithinOneWorkingDay(at('2026-12-06T09:00:00Z'))).toBe(at('2026-12-07T09:00:00Z'));
  });
});
