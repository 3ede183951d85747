import { describe, expect, it } from 'vitest';
import { emailSchema, normalizeEmail, signUpEmailSchema } from '../../src/accounts/email.js';
import { checkPasswordPolicy } from '../../src/accounts/password-policy.js';
import { ipRateLimitKey } from '../../src/net/ip-key.js';

describe('password policy', () => {
  it('accepts long unusual passwords without composition rules', () => {
    expect(checkPasswordPolicy('correct horse battery staple')).toBeNull();
    expect(checkPasswordPolicy('žluťoučký kůň úpěl')).toBeNull();
  });
  it('refuses short, overlong and common passwords', () => {
    expect(checkPasswordPolicy('Ab1!x')).toBe('password.tooShort');
    expect(checkPasswordPolicy('x'.repeat(129))).toBe('password.tooLong');
    expect(checkPasswordPolicy('password1')).toBe('password.common');
    expect(checkPasswordPolicy('Password123')).toBe('password.common');
  });
  it('refuses a password of one or two characters repeated (NIST: repetitive characters)', () => {
    expect(checkPasswordPolicy(' '.repeat(10))).toBe('password.repetitive');
    expect(checkPasswordPolicy('ž'.repeat(12))).toBe('password.repetitive');
    expect(checkPasswordPolicy('ab'.repeat(6))).toBe('password.repetitive');
    expect(checkPasswordPolicy('😀'.repeat(9))).toBe('password.repetitive');
    expect(checkPasswordPolicy('aab'.repeat(4))).toBe('password.repetitive');
    expect(checkPasswordPolicy('abc'.repeat(4))).toBeNull();
  });
  it('refuses broken text: a lone surrogate would hash like any other', () => {
    expect(checkPasswordPolicy('correct horse \ud800 battery staple')).toBe('password.brokenText');
    expect(checkPasswordPolicy('correct horse \udfff battery staple')).toBe('password.brokenText');
    expect(checkPasswordPolicy('correct horse \ud83d\ude00 battery staple')).toBeNull();
  });
  it('counts characters, not bytes', () => {
    expect(checkPasswordPolicy('ěščřžýáíé'.slice(0, 7))).toBe('password.tooShort');
    expect(checkPasswordPolicy(Array.from('😀😃😄'.repeat(43)).slice(0, 128).join(''))).toBeNull();
    expect(checkPasswordPolicy(Array.from('😀😃😄'.repeat(43)).join(''))).toBe('password.tooLong');
    // Decomposed accents are the same seven characters (the form passwords are hashed in).
    expect(checkPasswordPolicy('ěščřžýá'.normalize('NFD'))).toBe('password.tooShort');
  });
  it('refuses a password containing the email or a name', () => {
    expect(checkPasswordPolicy('jan.novak-secure-2026', { email: 'jan.novak@example.com' })).toBe(
      'password.containsPersonalInfo',
    );
    expect(checkPasswordPolicy('my NOVÁK garden shed', { names: ['Jan', 'Novák'] })).toBe(
      'password.containsPersonalInfo',
    );
  });
});

describe('email', () => {
  it('folds case and compatibility look-alikes into one login key', () => {
    expect(normalizeEmail(' Jan@Example.COM ')).toBe('jan@example.com');
    expect(normalizeEmail('ｊａｎ@example.com')).toBe('jan@example.com');
  });
  it('writes an internationalised domain in punycode in the login key', () => {
    expect(normalizeEmail('Info@Příklad.EU')).toBe('info@xn--pklad-zsa96e.eu');
    expect(normalizeEmail('info@xn--pklad-zsa96e.eu')).toBe(normalizeEmail('info@příklad.eu'));
    expect(normalizeEmail('info@пример.рф')).toBe('info@xn--e1afmkfd.xn--p1ai');
  });
  it('gives a stored email the login key of what was typed, however IDNA maps its domain', () => {
    // JavaScript lower-cases ẞ to ß and a final Σ to ς; IDNA maps them to ss and σ.
    for (const typed of ['info@STRAẞE.de', 'info@ΟΔΟΣ1.gr', 'Info@XN--PKLAD-ZSA96E.eu', 'info@FAß.de']) {
      const stored = emailSchema.parse(typed);
      expect(normalizeEmail(stored), typed).toBe(normalizeEmail(typed));
    }
    expect(normalizeEmail('info@STRAẞE.de')).toBe('info@strasse.de');
  });
  it('takes a domain in any one script per label, and only ASCII before the @', () => {
    for (const ok of ['info@příklad.eu', 'info@пример.рф', 'info@例え.jp', 'a@xn--pklad-zsa96e.eu'])
      expect(emailSchema.safeParse(ok).success, ok).toBe(true);
    const issue = (value: string) => emailSchema.safeParse(value).error?.issues[0]?.message;
    expect(issue('jiří@example.com')).toBe('field.emailLocalPart');
    expect(issue('jan@exаmple.com')).toBe('field.email'); // a Cyrillic а among Latin letters
    expect(issue('jan@xn--exmple-4nf.com')).toBe('field.email'); // the same, as Chromium sends it
    expect(issue('jan@xn--zz.com')).toBe('field.email'); // no valid punycode
    expect(issue('jan@-example.com')).toBe('field.email');
    expect(issue('victim@xn--gmail-.com')).toBe('field.email'); // punycode that decodes to "gmail"
    expect(issue('info@g০ogle.com')).toBe('field.email'); // a Bengali digit zero among Latin letters
    expect(issue('info@paypal\u0307.com')).toBe('field.email'); // a combining dot above
    expect(issue('info@ř%2Ecom.cz')).toBe('field.email'); // would be stored as another address
    expect(issue('info@b\u3002cz')).toBe('field.email'); // an ideographic full stop, a dot to IDNA
    expect(emailSchema.parse('Info@XN--PKLAD-ZSA96E.eu')).toBe('Info@příklad.eu');
    expect(emailSchema.parse('Jan@Example.COM')).toBe('Jan@Example.COM');
    expect(issue(`a@${'ř'.repeat(60)}.eu`)).toBe('field.email'); // a label over 63 in punycode
  });
  it('refuses a new email whose label is Cyrillic letters that read as Latin, except under a Cyrillic top-level domain', () => {
    const issue = (value: string) => signUpEmailSchema.safeParse(value).error?.issues[0]?.message;
    const spoofs = [
      'it@аррӏе.com',
      'it@xn--80ak6aa92e.com',
      'it@АРРӏЕ.com',
      'a@mail.ѕсоре-24.cz',
      'it@аррӏе\u0483.com',
    ];
    for (const spoof of spoofs) expect(issue(spoof), spoof).toBe('field.emailLookalike');
    for (const real of ['it@аррӏе.ru', 'it@аррӏе.рф', 'it@аррӏе.eu', 'info@пример.com', 'it@apple.com'])
      expect(issue(real), real).toBeUndefined();
    // An account made before the rule still asks for a forgotten password with its email.
    expect(emailSchema.safeParse('it@аррӏе.com').success).toBe(true);
  });
  it('refuses line breaks and control characters', () => {
    expect(emailSchema.safeParse('a@example.com\r\nBcc: x@evil.com').success).toBe(false);
    expect(emailSchema.safeParse('a\u200b@example.com').success).toBe(false);
    expect(emailSchema.safeParse('a@example.com').success).toBe(true);
  });
});

describe('ip rate-limit key', () => {
  it('groups IPv6 addresses by /64', () => {
    expect(ipRateLimitKey('2001:db8:1:2::1')).toBe(ipRateLimitKey('2001:db8:1:2:ffff::9'));
    expect(ipRateLimitKey('2001:db8:1:2::1')).not.toBe(ipRateLimitKey('2001:db8:1:3::1'));
    expect(ipRateLimitKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
  });

  it('drops a port a proxy wrote after the address, and only a port', () => {
    expect(ipRateLimitKey('192.0.2.1:443')).toBe('192.0.2.1');
    expect(ipRateLimitKey('[2001:db8:1:2::1]:443')).toBe(ipRateLimitKey('2001:db8:1:2::1'));
    expect(ipRateLimitKey('[2001:db8:1:2::1]')).toBe(ipRateLimitKey('2001:db8:1:2::1'));
    // A bare IPv6 address whose last group looks like a port is an address.
    expect(ipRateLimitKey('2001:db8:1:2::443')).toBe('2001:db8:1:2::/64');
    expect(ipRateLimitKey('not an address')).toBe('other:not an address');
  });
});
