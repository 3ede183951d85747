import { type PhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { MessageKey } from '../../web/i18n/catalogue.js';

export interface PhoneSettings {
  readonly defaultRegion: string;
  readonly allowedCountries: readonly string[];
}

export type PhoneCheck =
  | { readonly ok: true; readonly e164: string; readonly country: string; readonly prefix: string }
  | {
      readonly ok: false;
      readonly error: Extract<MessageKey, 'phone.invalid' | 'phone.notMobile' | 'phone.countryNotAllowed'>;
    };

/**
 * What a person may type into a phone field: digits, spaces, ( ) - . / and nothing else, after a
 * `+` that may stand inside the first bracket, as in `(+420) 601 123 456`.
 */
const typedPhone = /^\(?\+?[\d\s().\-/]{6,30}$/;

/**
 * A number a person can be reached at, of any country and kind (a support contact, not an SMS
 * target): `601 123 456` is read in `defaultRegion`.
 */
export function isReachablePhone(input: string, defaultRegion: string): boolean {
  const typed = input.normalize('NFKC').trim();
  return typedPhone.test(typed) && !!parsePhoneNumberFromString(typed, defaultRegion as never)?.isValid();
}

/**
 * Parses a typed number to E.164 (`601 123 456` → `+420601123456` with region CZ). Only mobile
 * numbers of allowed countries pass: SMS to premium or far-away ranges is how pumping pays.
 */
export function parsePhone(input: string, settings: PhoneSettings): PhoneCheck {
  const typed = input.normalize('NFKC').trim();
  if (!typedPhone.test(typed)) return { ok: false, error: 'phone.invalid' };
  const parsed = readNumber(typed, settings);
  if (!parsed?.country) return { ok: false, error: 'phone.invalid' };
  if (!settings.allowedCountries.includes(parsed.country))
    return { ok: false, error: 'phone.countryNotAllowed' };
  if (!isMobile(parsed)) return { ok: false, error: 'phone.notMobile' };
  const e164 = parsed.number;
  return { ok: true, e164, country: parsed.country, prefix: phonePrefix(e164, parsed.countryCallingCode) };
}

/**
 * The number as the default region reads it; failing that, a national number of exactly one other
 * allowed country (a Slovak customer's `0901 555 112` on a Czech portal). A number that is valid
 * in the default region is never read as another country's.
 */
function readNumber(typed: string, settings: PhoneSettings): PhoneNumber | undefined {
  const asDefault = parsePhoneNumberFromString(typed, settings.defaultRegion as never);
  if (asDefault?.isValid()) return asDefault;
  // Only a mobile one: `0601 123 456` (a Czech mobile typed with a 0) is a Slovak landline,
  // which would be refused as "not a mobile" when it is simply mistyped.
  const elsewhere = settings.allowedCountries
    .filter((country) => country !== settings.defaultRegion)
    .map((country) => parsePhoneNumberFromString(typed, country as never))
    .filter((number) => number?.isValid() && number.country !== undefined && isMobile(number));
  return elsewhere.length === 1 ? elsewhere[0] : undefined;
}

function isMobile(number: PhoneNumber): boolean {
  const type = number.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

/** The number's block for pumping caps: country code and the first five national digits. */
export function phonePrefix(e164: string, countryCallingCode: string): string {
  return e164.slice(0, 1 + countryCallingCode.length + 5);
}

/** `+420601123456` → `+420 601 123 456` for pages and messages. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatInternational() : e164;
}

/** The pumping-cap block of a stored E.164 number. */
export function prefixOf(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? phonePrefix(e164, parsed.countryCallingCode) : e164.slice(0, 9);
}
