import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { limits } from '../../src/flows/phone-verification/limits.js';
import { CookieJar } from '../helpers/forms.js';
import { personForm, registerByApi, registerByForm } from '../helpers/registration.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * SMS pumping: each cap stops the SMS on its own, with the other caps far away. Every
 * registration comes from its own address through a trusted proxy unless the test says so.
 */
describe('SMS pumping caps', () => {
  let t: TestApp;
  let nextAddress = 0;
  beforeEach(async () => {
    t = await buildTestApp({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
  });
  afterEach(async () => {
    await t.close();
  });

  const freshAddress = () => `198.18.${(nextAddress >> 8) & 255}.${nextAddress++ & 255}`;

  /** Registers through the API; returns the session's cookie jar and whether the SMS went out. */
  const register = async (phone: string, ip = freshAddress()) => {
    const jar = new CookieJar();
    const created = await registerByApi(t.app, personForm({ phone }), ip);
    expect(created.statusCode).toBe(201);
    jar.store(created);
    const status = await t.app.inject({ url: '/api/registration/status', headers: { cookie: jar.header() } });
    return {
      jar,
      codeSent: status.json().codeSent as boolean,
      resendInSeconds: status.json().resendAvailableInSeconds as number,
    };
  };
  const smsCount = async (phones?: string[]) => {
    let query = t.db.selectFrom('messages').select('recipient').where('channel', '=', 'sms');
    if (phones) query = query.where('recipient', 'in', phones);
    return (await query.execute()).length;
  };

  it('per number: a sixth account on one number gets no SMS', async () => {
    expect(limits.smsPerNumber.limit).toBe(5);
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push((await register('+420 603 111 222')).codeSent);
    const sixth = await register('+420 603 111 222');
    expect([...sent, sixth.codeSent]).toEqual([true, true, true, true, true, false]);
    // The API says when Resend can work: when the number's day ends, not at once.
    expect(sixth.resendInSeconds).toBeGreaterThan(23 * 3600);
    expect(await smsCount(['+420603111222'])).toBe(5);
  });

  it('the sign-up form whose first SMS a cap stopped says so on the phone step, and where to get help', async () => {
    for (let i = 0; i < 5; i++) await register('+420 603 444 555');
    const { browser, status, location } = await registerByForm(t.app, personForm({ phone: '603 444 555' }), {
      'accept-language': 'cs',
      'x-forwarded-for': freshAddress(),
    });
    expect([status, location]).toEqual([303, '/register/phone']);
    const page = await browser.get('/register/phone');
    expect(page.body).toContain('jsme zatím kód neposlali: byl dosažen limit SMS');
    // It says when Resend SMS will work again (the number's cap resets after a day), instead of
    // offering a button that would only refuse.
    expect(page.body).toContain('Tlačítko Znovu poslat SMS bude fungovat za 24 hodin');
    expect(page.body).toContain('href="/support/contact?topic=sms"');
    expect(await smsCount(['+420603444555'])).toBe(5);
  });

  it('per address: the 21st SMS from one address is not sent, whatever the accounts and numbers', async () => {
    expect(limits.smsPerIp.limit).toBe(20);
    const ip = '203.0.113.77';
    // Four accounts (four numbers) from one address, each resending up to its own daily five.
    const accounts = [];
    for (let i = 0; i < 4; i++) accounts.push(await register(`+420 604 00${i} 000`, ip));
    for (let round = 0; round < 4; round++) {
      t.clock.advance(60_000);
      for (const { jar } of accounts) {
        const resent = await t.app.inject({
          method: 'POST',
          url: '/api/registration/phone/resend',
          headers: { cookie: jar.header(), 'x-forwarded-for': ip },
        });
        expect(resent.statusCode).toBe(200);
      }
    }
    expect(await smsCount()).toBe(20);
    // A fifth number from the same address: its account is created, its SMS is not sent.
    const fifth = await register('+420 604 999 000', ip);
    expect(fifth.codeSent).toBe(false);
    expect(await smsCount()).toBe(20);
    // The same number from another address gets its SMS (only the address was capped).
    expect((await register('+420 604 999 000')).codeSent).toBe(true);
  });

  it("refused changes of number count against nobody's caps: an account past its own cannot use up other numbers'", async () => {
    const ip = freshAddress();
    const { jar } = await register('+420 606 000 111', ip);
    // The account's own five SMS a day: the first code and four resends.
    for (let i = 0; i < 4; i++) {
      t.clock.advance(60_000);
      const resent = await t.app.inject({
        method: 'POST',
        url: '/api/registration/phone/resend',
        headers: { cookie: jar.header(), 'x-forwarded-for': ip },
      });
      expect(resent.statusCode).toBe(200);
    }
    const change = (phone: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/registration/phone/change',
        headers: { cookie: jar.header(), 'x-forwarded-for': ip },
        payload: { phone },
      });
    // Past its cap, it asks again and again for a victim's number and for a whole number block.
    for (let i = 0; i < limits.smsPerNumber.limit + 1; i++) {
      const refused = await change('+420 607 555 000');
      expect([refused.statusCode, refused.json().error.code]).toEqual([429, 'SMS_LIMIT_REACHED']);
      // The account's cap stopped it, not the number's: the message does not blame the number.
      expect(refused.json().error.message).not.toContain('to this number');
      expect(refused.json().error.message).toContain('this number, this sign-up or your network');
    }
    for (let i = 0; i <= limits.smsPerPrefix.limit; i++) {
      const refused = await change(`+420 607 66${String(i).padStart(4, '0')}`);
      expect(refused.statusCode).toBe(429);
    }
    expect(await smsCount()).toBe(5);
    // The victim, and anyone else in that block, still get their codes.
    expect((await register('+420 607 555 000')).codeSent).toBe(true);
    expect((await register('+420 607 66 9999')).codeSent).toBe(true);
  });

  it("sign-ups whose SMS a cap stopped do not count against the number's block", async () => {
    for (let i = 0; i < limits.smsPerNumber.limit; i++) await register('+420 608 555 000');
    // The number is capped; sign-ups with it go on, each with its own solved captcha.
    for (let i = 0; i <= limits.smsPerPrefix.limit; i++)
      expect((await register('+420 608 555 000')).codeSent).toBe(false);
    expect((await register('+420 608 55 9999')).codeSent).toBe(true);
  });

  it('per number block: the 31st SMS to one block in an hour is not sent', async () => {
    expect(limits.smsPerPrefix.limit).toBe(30);
    // +420 605 12x xxx: one block (country code and five digits), each number its own.
    const sent = [];
    for (let i = 0; i < 31; i++)
      sent.push((await register(`+420 605 12${String(i).padStart(4, '0')}`)).codeSent);
    expect(sent.filter(Boolean)).toHaveLength(30);
    expect(sent[30]).toBe(false);
    // Another block is not affected.
    expect((await register('+420 605 99 0000')).codeSent).toBe(true);
    // The block opens again after its hour.
    t.clock.advance(limits.smsPerPrefix.windowMs);
    expect((await register('+420 605 12 9999')).codeSent).toBe(true);
  });
});
