import { domainToASCII, domainToUnicode } from 'node:url';
import { z } from 'zod';

/** Printable ASCII (control characters are refused before any of this runs). */
const asciiOnly = /^[ -~]*$/;

const punycodeLabel = /(^|\.)xn--/i;

/** Plain ASCII with no `xn--` label: what IDNA would leave as it is, bar the case. */
function isPlainDomain(domain: string): boolean {
  return asciiOnly.test(domain) && !punycodeLabel.test(domain);
}

/** The domain as its holder reads it (`xn--` labels decoded); '' when it is no valid name. */
function unicodeDomain(domain: string): string {
  return isPlainDomain(domain) ? domain : domainToUnicode(domain);
}

/**
 * The domain as mail servers take it: lower-case ASCII, an internationalised one in punycode
 * through IDNA's own mapping (not JavaScript's lower-casing, which maps ẞ and a final Σ
 * differently), after decoding any punycode, so every spelling of one name gives one form; ''
 * when it is no valid name.
 */
function asciiDomain(domain: string): string {
  return isPlainDomain(domain) ? domain.toLowerCase() : domainToASCII(unicodeDomain(domain));
}

/**
 * The login key of an email: Unicode NFKC (so look-alike compatibility forms fold together),
 * trimmed, the mailbox name lower-cased and the domain in its ASCII form (asciiDomain), so
 * `Info@Příklad.eu` and `info@xn--pklad-zsa96e.eu`, one mailbox, are one login. Two accounts
 * can never differ only in these.
 */
export function normalizeEmail(input: string): string {
  const folded = input.normalize('NFKC').trim();
  const at = folded.lastIndexOf('@');
  if (at < 0) return folded.toLowerCase();
  const domain = folded.slice(at + 1);
  return `${folded.slice(0, at).toLowerCase()}@${asciiDomain(domain) || domain.toLowerCase()}`;
}

/**
 * A label of an internationalised domain must be written in one script (Japanese and Korean
 * mix theirs with Han), as registries require, with ASCII digits and no combining mark from
 * outside that script: `exаmple.com` with a Cyrillic `а`, a Bengali digit zero among Latin
 * letters or a dot above a Latin letter are refused rather than read by support staff as
 * `example.com`. A whole label of Cyrillic letters that look Latin is refused apart
 * (cyrillicLookingLatin). Other scripts' look-alikes and Latin variant letters (`ɡ`) pass:
 * telling those apart needs Unicode's confusables data.
 */
const singleScriptLabel = new RegExp(
  [
    '\\p{Script=Latin}',
    '\\p{Script=Greek}',
    '\\p{Script=Cyrillic}',
    '\\p{Script=Armenian}',
    '\\p{Script=Georgian}',
    '\\p{Script=Hebrew}',
    '\\p{Script=Arabic}',
    '\\p{Script=Devanagari}',
    '\\p{Script=Thai}',
    '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}',
    '\\p{Script=Hangul}\\p{Script=Han}',
  ]
    .map((letters) => `^[${letters}0-9-]+$`)
    .join('|'),
  'u',
);

/**
 * Cyrillic letters drawn like Latin ones, after the list in Chromium's IDN spoof checker: a new
 * email whose domain has a label made only of these (`аррӏе.com`, which reads apple.com) is
 * refused unless the top-level domain is Cyrillic or one where Cyrillic names are sold
 * (Chromium shows such names in punycode; a sign-up cannot). Real words of these letters under
 * other top-level domains (`сахар.com`) are refused too: the message says to type the domain as
 * the provider gave it.
 */
const cyrillicLatinLookalikes = /^[асԁеһіјӏорԗԛѕԝхуъьЬҽпгѵѡ0-9-]+$/u;
const cyrillicTopLevel = /^(?:\p{Script=Cyrillic}+|bg|by|eu|kg|kz|mk|mn|rs|ru|su|tj|ua|uz)$/u;

/** Whether a domain, as it reads, has a label that only looks Latin and is not. */
function cyrillicLookingLatin(readDomain: string): boolean {
  // Cyrillic's own combining marks (U+0483, a titlo) would hide a label's letters from the list.
  const labels = readDomain.replace(/\p{M}/gu, '').split('.');
  if (cyrillicTopLevel.test(labels.at(-1) ?? '')) return false;
  return labels.some((label) => /\p{Script=Cyrillic}/u.test(label) && cyrillicLatinLookalikes.test(label));
}

/**
 * zod's email pattern (z.regexes.email), whose top-level domain may also be punycode (`.рф` is
 * `xn--p1ai`).
 */
const asciiEmailPattern =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+(?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]+)$/;

/** Whether the address is one mail servers take, its domain in punycode. */
function isDeliverableEmail(value: string): boolean {
  const at = value.lastIndexOf('@');
  const domain = value.slice(at + 1);
  // Letters, digits, hyphens and dots only: `%2E` or an ideographic full stop, which IDNA
  // would turn into a dot, would store another address than the one typed.
  if (at < 1 || !/^[\p{L}\p{M}\p{Nd}.-]+$/u.test(domain)) return false;
  // Judged as it reads: Chromium sends a type=email value with its domain already in punycode.
  const readLabels = unicodeDomain(domain).split('.');
  const typedLabels = domain.split('.');
  // An `xn--` label that decodes to plain ASCII is no IDNA name (xn--gmail- would read gmail).
  const fakePunycode = typedLabels.some(
    (label, i) => /^xn--/i.test(label) && asciiOnly.test(readLabels[i] ?? ''),
  );
  if (fakePunycode || readLabels.length !== typedLabels.length) return false;
  if (!readLabels.every((label) => asciiOnly.test(label) || singleScriptLabel.test(label))) return false;
  const ascii = asciiDomain(domain);
  // DNS allows 63 characters a label, which a long name with accents passes in punycode.
  const address = `${value.slice(0, at)}@${ascii}`;
  return (
    address.length <= 254 &&
    ascii.split('.').every((label) => label.length <= 63) &&
    asciiEmailPattern.test(address)
  );
}

/**
 * What is wrong with an address, the first thing only: a mailbox name with accents, then no
 * address mail servers take, then (for a new address) a domain that only looks Latin. One issue, never a fatal one:
 * a fatal issue would stop the form's own checks, and the other fields' mistakes would come only
 * after this one was fixed.
 */
function emailProblem(
  value: string,
  refuseLookalikes: boolean,
): 'field.emailLocalPart' | 'field.email' | 'field.emailLookalike' | null {
  const at = value.lastIndexOf('@');
  if (!asciiOnly.test(value.slice(0, Math.max(0, at)))) return 'field.emailLocalPart';
  if (!isDeliverableEmail(value)) return 'field.email';
  if (refuseLookalikes && cyrillicLookingLatin(unicodeDomain(value.slice(at + 1))))
    return 'field.emailLookalike';
  return null;
}

/**
 * An email a customer can type: one address, no display name, no line breaks or controls. The
 * domain may be internationalised (kept in Unicode, sent in punycode); the part before the @ must
 * be ASCII, since a mailbox name with accents needs SMTPUTF8 all along the way, which few
 * mail systems offer.
 */
const emailSchemaFor = (refuseLookalikes: boolean) =>
  z
    .string({ message: 'field.required' })
    .transform((value) => value.normalize('NFKC').trim())
    .pipe(
      z
        .string()
        .min(1, 'field.required')
        .max(254, 'field.tooLong')
        .refine((value) => !/[\p{Cc}\p{Cf}\s]/u.test(value), 'field.email')
        .superRefine((value, ctx) => {
          const problem = emailProblem(value, refuseLookalikes);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        // Kept as its holder reads it; the login key and the mail sent use punycode.
        .transform((value) => {
          const at = value.lastIndexOf('@');
          return `${value.slice(0, at)}@${unicodeDomain(value.slice(at + 1))}`;
        }),
    );

/** Any address an account may hold (a forgotten password asks for it). */
export const emailSchema = emailSchemaFor(false);

/**
 * A new address (sign-up): also refused when a label only looks Latin. Accounts made before that
 * rule keep their email and can still recover their password with it.
 */
export const signUpEmailSchema = emailSchemaFor(true);

/**
 * The email typed to log in or to recover a password: any text, since an unknown or malformed
 * address must get the same answer as a wrong password, but no control characters and no broken
 * UTF-16. No account's email holds them, and a database refuses or rewrites them.
 */
export const typedEmailSchema = z
  .string({ message: 'field.required' })
  .max(1000, 'field.tooLong')
  .refine((value) => !/\p{Cc}/u.test(value), 'field.controlCharacters')
  // A lone surrogate (half an emoji, from a JSON escape) is no text a database keeps as sent.
  .refine((value) => value.isWellFormed(), 'field.email');

/** At most `max` characters (code points), so a cut never splits an emoji. */
export function truncateCharacters(value: string, max: number): string {
  return value.length <= max ? value : Array.from(value).slice(0, max).join('');
}
