import { z } from 'zod';

/**
 * The login key of an email: Unicode NFKC (so look-alike compatibility forms fold together),
 * trimmed and lower-cased. Two accounts can never differ only in these.
 */
export function normalizeEmail(input: string): string {
  return input.normalize('NFKC').trim().toLowerCase();
}

/** An email a customer can type: one address, no display name, no line breaks or controls. */
export const emailSchema = z
  .string({ message: 'field.required' })
  .transform((value) => value.normalize('NFKC').trim())
  .pipe(
    z
      .string()
      .min(1, 'field.required')
      .max(254, 'field.tooLong')
      .refine((value) => !/[\p{Cc}\p{Cf}\s]/u.test(value), 'field.email')
      .pipe(z.email('field.email')),
  );

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
