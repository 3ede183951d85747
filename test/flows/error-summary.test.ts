/**
 * The markup of refused forms: one error summary at the top (the only role="alert"), focused on
 * load and linking to each wrong field; the fields' own errors as their descriptions; the
 * password the sign-up form never sends back as a neutral note; the phone step's focus and
 * summary when a number change is refused; the reset page's focus.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestAccount } from '../helpers/accounts.js';
import { InjectBrowser } from '../helpers/forms.js';
import { personForm, registerByForm } from '../helpers/registration.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** The opening tag of the element with this id. */
const tagOf = (body: string, id: string) => new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`).exec(body)?.[0];
const count = (body: string, pattern: RegExp) => body.match(pattern)?.length ?? 0;
const summaryOf = (body: string) =>
  /<div class="alert alert--error error-summary"[\s\S]*?<\/div><\/div>/.exec(body)?.[0];
const summaryLinks = (body: string) =>
  [...(summaryOf(body) ?? '').matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].map((m) => m[1]!);
/** The elements that would take the focus on load, in document order. */
const autofocused = (body: string) =>
  [...body.matchAll(/<([a-z]+) ([^>]*\bautofocus\b[^>]*)>/g)].map((m) =>
    /class="[^"]*error-summary/.test(m[2]!) ? 'summary' : (/id="([^"]+)"/.exec(m[2]!)?.[1] ?? m[1]),
  );

describe('refused forms: one summary, linked fields', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('registration: the summary lists each wrong field as a link in form order, is focused on load and is the only alert', async () => {
    const browser = new InjectBrowser(t.app, { 'accept-language': 'cs' });
    const response = await browser.submit('/register', '/register', {
      kind: 'person',
      firstName: '',
      lastName: 'Nováková',
      email: 'not an email',
      phone: '12',
      password: 'velmi dlouhé heslo na koni 42',
    });
    expect(response.statusCode).toBe(400);
    const body = response.body;
    const summary = summaryOf(body);
    expect(summary).toMatch(/role="alert" tabindex="-1" autofocus/);
    expect(summary).toContain('Opravte prosím zvýrazněná pole.');
    // A general message ("required") names its field, so the link says where it leads.
    expect(summary).toContain('<a href="#f-firstName">Jméno: Toto pole je povinné.</a>');
    expect(summary).toContain('<a href="#f-terms">Obchodní podmínky: Bez souhlasu nelze pokračovat.</a>');
    expect(summaryLinks(body)).toEqual([
      'f-firstName',
      'f-email',
      'f-phone',
      'f-terms',
      'f-privacy',
      'f-captcha',
    ]);
    expect(summary).toContain(
      '<a href="#f-email">E-mail: Zadejte e-mailovou adresu, například jmeno@example.com.</a>',
    );
    // One announcement, not one per field: the fields' errors are their descriptions.
    expect(count(body, /role="alert"/g)).toBe(1);
    expect(autofocused(body)).toEqual(['summary']);
    for (const id of ['f-firstName', 'f-email', 'f-phone']) {
      const input = tagOf(body, id)!;
      expect(input, id).toContain('aria-invalid="true"');
      expect(input, id).toMatch(new RegExp(`aria-describedby="[^"]*${id}-error`));
      expect(tagOf(body, `${id}-error`), id).toBe(`<p class="field__error" id="${id}-error">`);
    }
    // Every link leads to an element of the page.
    for (const id of summaryLinks(body)) expect(tagOf(body, id), id).toBeDefined();
  });

  it('registration sent empty: the holder choice and every field are linked, the holder to its radio', async () => {
    const browser = new InjectBrowser(t.app);
    const response = await browser.submit('/register', '/register', {});
    expect(response.statusCode).toBe(400);
    const links = summaryLinks(response.body);
    expect(links[0]).toBe('kind-person');
    expect(links).toContain('f-password');
    for (const id of links) expect(tagOf(response.body, id), id).toBeDefined();
    expect(count(response.body, /role="alert"/g)).toBe(1);
    expect(tagOf(response.body, 'f-kind-error')).toBe('<p class="field__error" id="f-kind-error">');
  });

  it('registration: a password that was fine is asked for again by a neutral note, not an error, and is not in the summary', async () => {
    const browser = new InjectBrowser(t.app);
    const response = await browser.submit('/register', '/register', personForm({ email: 'not an email' }));
    expect(response.statusCode).toBe(400);
    const body = response.body;
    const password = tagOf(body, 'f-password')!;
    expect(password).not.toContain('aria-invalid');
    expect(password).toMatch(/aria-describedby="f-password-hint f-password-note"/);
    expect(tagOf(body, 'f-password-note')).toBe('<p class="field__note" id="f-password-note">');
    expect(body).toContain('For your security we never send a password back to the page');
    expect(body).not.toContain('id="f-password-error"');
    expect(body).not.toMatch(/<div class="field field--error">\s*<label for="f-password"/);
    expect(summaryLinks(body)).not.toContain('f-password');
    expect(summaryLinks(body)).toContain('f-email');
    // A password the policy refused is still an error of its own.
    const weak = await browser.submit(
      '/register',
      '/register',
      personForm({ email: 'not an email', password: 'abc' }),
    );
    expect(tagOf(weak.body, 'f-password')).toContain('aria-invalid="true"');
    expect(weak.body).not.toContain('id="f-password-note"');
    expect(summaryLinks(weak.body)).toContain('f-password');
  });

  it('phone step: a refused number change focuses a summary that says the number stayed and links to the new-number field, not the code field', async () => {
    const { browser } = await registerByForm(t.app, personForm(), { 'accept-language': 'cs' });
    const first = await browser.get('/register/phone');
    // Nothing refused: the code field takes the focus.
    expect(autofocused(first.body)).toEqual(['f-code']);
    expect(summaryOf(first.body)).toBeUndefined();
    const account = await t.db.selectFrom('accounts').select('phone').executeTakeFirstOrThrow();
    const refused = await browser.submit('/register/phone', '/register/phone/change', { phone: '12' });
    expect(refused.statusCode).toBe(400);
    const body = refused.body;
    expect(autofocused(body)).toEqual(['summary']);
    expect(tagOf(body, 'f-code')).not.toContain('autofocus');
    const summary = summaryOf(body)!;
    expect(summary).toContain('Telefonní číslo se nezměnilo: zůstává +420');
    expect(summary.replace(/\s/g, '')).toContain(account.phone);
    expect(summaryLinks(body)).toEqual(['f-phone']);
    expect(tagOf(body, 'f-phone')).toContain('aria-invalid="true"');
    expect(count(body, /role="alert"/g)).toBe(1);
    // The summary comes before the lead and the code form, at the top of the card.
    expect(body.indexOf('error-summary')).toBeLessThan(body.indexOf('class="code-form"'));
  });

  it('phone step: the code form has novalidate, so the server says what is wrong in the page language', async () => {
    const { browser } = await registerByForm(t.app, personForm(), { 'accept-language': 'cs' });
    const page = await browser.get('/register/phone');
    expect(page.body).toMatch(
      /<form method="post" action="\/register\/phone\/verify" class="code-form" novalidate>/,
    );
    const wrong = await browser.submit('/register/phone', '/register/phone/verify', { code: '12' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('<a href="#f-code">Ověřovací kód: Zadejte šest číslic z SMS.</a>');
  });

  it('phone step: while Resend SMS counts down, a polite live region waits for the sentence in the page language', async () => {
    const { browser } = await registerByForm(t.app, personForm(), { 'accept-language': 'cs' });
    const page = await browser.get('/register/phone');
    expect(page.body).toContain(
      '<p class="visually-hidden" aria-live="polite" data-countdown-announce="SMS si teď můžete nechat poslat znovu: tlačítko Znovu poslat SMS je k dispozici."></p>',
    );
    t.clock.advance(60_000);
    expect((await browser.get('/register/phone')).body).not.toContain('data-countdown-announce');
  });

  it('reset page: New password takes the focus, also after a refusal (both typed again, a note says), the summary unfocused', async () => {
    const account = await createTestAccount(t);
    const browser = new InjectBrowser(t.app);
    await browser.submit('/password/forgot', '/password/forgot', { email: account.email });
    await t.app.resetRequests.settle();
    const mail = await t.db
      .selectFrom('messages')
      .select('content')
      .where('recipient', '=', account.email)
      .executeTakeFirstOrThrow();
    const link = new URL(
      /https?:\/\/\S+\/password\/reset\?token=[A-Za-z0-9_-]+/.exec(JSON.parse(mail.content).text)![0],
    );
    await browser.get(`${link.pathname}${link.search}`);
    const page = await browser.get('/password/reset');
    expect(page.statusCode).toBe(200);
    expect(autofocused(page.body)).toEqual(['f-newPassword']);
    // Two Show buttons, each named for its field.
    expect(page.body).toContain('Show</span><span class="visually-hidden"> New password</span>');
    expect(page.body).toContain('Show</span><span class="visually-hidden"> Confirm new password</span>');
    expect(page.body).not.toContain('aria-pressed');
    const common = await browser.submit('/password/reset', '/password/reset', {
      newPassword: 'password',
      confirmPassword: 'password',
    });
    expect(common.statusCode).toBe(400);
    expect(autofocused(common.body)).toEqual(['f-newPassword']);
    expect(summaryOf(common.body)).not.toContain('autofocus');
    expect(summaryLinks(common.body)).toEqual(['f-newPassword']);
    const mismatch = await browser.submit('/password/reset', '/password/reset', {
      newPassword: 'a brand new river stone',
      confirmPassword: 'a brand new river stones',
    });
    expect(mismatch.statusCode).toBe(400);
    // Both are typed again from the first, as the note under it says (neither comes back).
    expect(autofocused(mismatch.body)).toEqual(['f-newPassword']);
    expect(mismatch.body).toContain('enter the new one in both fields again');
    expect(count(mismatch.body, /role="alert"/g)).toBe(1);
    // Sent empty, both fields say so, not New password alone.
    const empty = await browser.submit('/password/reset', '/password/reset', {
      newPassword: '',
      confirmPassword: '',
    });
    expect(summaryLinks(empty.body)).toEqual(['f-newPassword', 'f-confirmPassword']);
  });

  it('login and forgotten password: one element takes the focus (the field to retype), the summary is still the one alert', async () => {
    const account = await createTestAccount(t);
    const browser = new InjectBrowser(t.app);
    const wrong = await browser.submit('/login', '/login', {
      email: account.email,
      password: 'not it at all',
    });
    expect(wrong.statusCode).toBe(401);
    expect(autofocused(wrong.body)).toEqual(['f-password']);
    expect(count(wrong.body, /role="alert"/g)).toBe(1);
    // The focused field reads the form's error as its description: a screen reader hears why.
    expect(tagOf(wrong.body, 'f-password')).toMatch(/aria-describedby="error-summary"/);
    expect(tagOf(wrong.body, 'error-summary')).toContain('role="alert"');
    const empty = await browser.submit('/login', '/login', { email: '', password: '' });
    expect(autofocused(empty.body)).toHaveLength(1);
    expect(summaryLinks(empty.body)).toEqual(['f-email', 'f-password']);
    const forgot = await browser.submit('/password/forgot', '/password/forgot', { email: 'not an email' });
    expect(forgot.statusCode).toBe(400);
    expect(autofocused(forgot.body)).toEqual(['f-email']);
    expect(count(forgot.body, /role="alert"/g)).toBe(1);
  });

  it('support form: the summary links each wrong field with its label, the captcha among them; it is the one alert', async () => {
    const browser = new InjectBrowser(t.app);
    const refused = await browser.submit('/support/contact', '/support/contact', {
      topic: 'email_lost',
      name: '',
      contact: 'hello',
      services: '',
    });
    expect(refused.statusCode).toBe(400);
    expect(summaryLinks(refused.body)).toEqual(['f-name', 'f-contact', 'f-services', 'f-captcha']);
    expect(summaryOf(refused.body)).toMatch(/<a href="#f-name">Your name or company name: /);
    expect(count(refused.body, /role="alert"/g)).toBe(1);
    expect(autofocused(refused.body)).toEqual(['summary']);
  });
});
