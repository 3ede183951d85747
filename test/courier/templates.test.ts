import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../src/courier/templates/email-layout.js';
import { assertSingleSmsPart, measureSms } from '../../src/courier/templates/sms.js';
import { extractLink, extractSixDigitCode } from '../helpers/courier.js';

describe('courier templates', () => {
  it('renders an email with an escaped HTML part and a matching text part', () => {
    const email = renderEmail({
      locale: 'en',
      subject: 'User account registration\r\nBcc: evil@example.com',
      heading: 'Welcome, <b>Jana</b> & co.',
      paragraphs: ['Thanks for signing up.', 'Line one\nline two'],
      action: { label: 'Activate account', url: 'https://portal.example/activate/t0k?x=1&y=2' },
    });
    expect(email.subject).toBe('User account registration Bcc: evil@example.com');
    expect(email.html).toContain('Welcome, &lt;b&gt;Jana&lt;/b&gt; &amp; co.');
    expect(email.html).not.toContain('<b>Jana</b>');
    expect(email.html).toContain('href="https://portal.example/activate/t0k?x=1&amp;y=2"');
    expect(email.html).toContain('Line one<br>line two');
    expect(email.text).toContain('Welcome, <b>Jana</b> & co.');
    expect(email.text).toContain('Activate account:\nhttps://portal.example/activate/t0k?x=1&y=2');
    expect(email.text).toContain('If it was not you, you can ignore it.');
    expect(extractLink(email.text, '/activate/')).toBe('https://portal.example/activate/t0k?x=1&y=2');
  });

  it('speaks Czech and refuses a non-http action link', () => {
    const email = renderEmail({
      locale: 'cs',
      subject: 'Zapomenuté přihlašovací údaje',
      heading: 'Obnova hesla',
      paragraphs: [],
    });
    expect(email.html).toContain('<html lang="cs">');
    expect(email.text).toContain('Pokud jste to nebyli vy');
    expect(() =>
      renderEmail({
        locale: 'en',
        subject: 's',
        heading: 'h',
        paragraphs: [],
        action: { label: 'x', url: 'javascript:alert(1)' },
      }),
    ).toThrow('http(s)');
  });

  it('measures SMS parts: 160 GSM-7 characters, 70 with Czech diacritics', () => {
    expect(measureSms('Your Gatehouse code is 123456.')).toMatchObject({
      encoding: 'gsm7',
      fitsOnePart: true,
    });
    expect(measureSms('a'.repeat(160)).fitsOnePart).toBe(true);
    expect(measureSms('a'.repeat(161)).fitsOnePart).toBe(false);
    // An extension character costs two septets.
    expect(measureSms('€'.repeat(80))).toMatchObject({ length: 160, fitsOnePart: true });
    expect(measureSms('Váš kód je 123456')).toMatchObject({ encoding: 'ucs2', singlePartLimit: 70 });
    expect(measureSms('č'.repeat(71)).fitsOnePart).toBe(false);
    expect(assertSingleSmsPart('Váš ověřovací kód Gatehouse je 123456. Platí 10 minut.')).toBeTruthy();
    expect(() => assertSingleSmsPart('ř'.repeat(71))).toThrow('over one part (70)');
  });

  it('finds a six-digit code in a text', () => {
    expect(extractSixDigitCode('Váš kód je 048213, platí 10 minut.')).toBe('048213');
    expect(() => extractSixDigitCode('call 1234567')).toThrow();
  });
});
