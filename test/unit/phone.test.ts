import { describe, expect, it } from 'vitest';
import { parsePhone } from '../../src/flows/phone-verification/phone.js';

const czechPortal = { defaultRegion: 'CZ', allowedCountries: ['CZ', 'SK'] };
const e164Of = (typed: string, settings = czechPortal) => {
  const parsed = parsePhone(typed, settings);
  return parsed.ok ? parsed.e164 : parsed.error;
};

describe('phone numbers as customers type them', () => {
  it('reads Czech numbers in every usual writing', () => {
    for (const typed of [
      '601 123 456',
      '601123456',
      '601-123-456',
      '+420 601 123 456',
      '00420 601 123 456',
      '(+420) 601 123 456',
      '+420 (601) 123 456',
      ' +420601123456 ',
    ])
      expect(e164Of(typed), typed).toBe('+420601123456');
  });

  it('reads a national number of another allowed country when it is no number of the default one', () => {
    expect(e164Of('0901 555 112')).toBe('+421901555112');
    expect(e164Of('0901-555-112')).toBe('+421901555112');
    expect(e164Of('(+421) 901 555 112')).toBe('+421901555112');
    // A number valid in the default region stays there (601 555 114 is also a Slovak landline).
    expect(e164Of('601 555 114')).toBe('+420601555114');
    // A Czech mobile typed with a 0 in front is mistyped, not a Slovak landline to refuse as such.
    expect(e164Of('0601 123 456')).toBe('phone.invalid');
    // Without Slovakia among the allowed countries, the Slovak national form stays unread.
    expect(e164Of('0901 555 112', { defaultRegion: 'CZ', allowedCountries: ['CZ'] })).toBe('phone.invalid');
  });

  it('refuses what is no mobile number of an allowed country, each for its reason', () => {
    expect(e164Of('hello')).toBe('phone.invalid');
    expect(e164Of('12')).toBe('phone.invalid');
    expect(e164Of('601 123 456 ext. 7')).toBe('phone.invalid');
    expect(e164Of('+49 1512 3456789')).toBe('phone.countryNotAllowed');
    expect(e164Of('0049 1512 3456789')).toBe('phone.countryNotAllowed');
    expect(e164Of('224 123 456')).toBe('phone.notMobile');
    expect(e164Of('+420 900 123 456')).toBe('phone.notMobile');
  });
});
