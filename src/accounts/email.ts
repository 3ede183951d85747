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
