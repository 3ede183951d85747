import type { Generated } from 'kysely';
import { z } from 'zod';
import { typedEmailSchema } from '../../accounts/email.js';

export interface PasswordResetTokenTable {
  /** SHA-256 of the emailed token; the token itself is never stored. */
  id_hash: string;
  account_id: string;
  /** SHA-256 of the random binding cookie set in the browser that asked for the reset. */
  binding_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  /** Set when a newer request superseded this token. */
  revoked_at: number | null;
  /**
   * SHA-256 of the account's password hash and its login email when the token was issued: a
   * password or email change made another way kills the token. (A reset keeps the salt, so one
   * to the same password leaves the hash as it was; the reset itself revokes every other link.)
   */
  password_fingerprint: string;
  email_normalized: string;
  ip: string | null;
}

/**
 * A "forgotten password" request not yet turned into a link (or into nothing, for an email with
 * no account). Deleted when it is.
 */
export interface PasswordResetRequestTable {
  /** Serial: the order requests are processed in. */
  id: Generated<number>;
  email_normalized: string;
  /** SHA-256 of the binding cookie of the browser that asked. */
  binding_hash: string;
  /** The language of the page the request came from: the email's. */
  locale: string;
  ip: string;
  user_agent: string | null;
  requested_at: number;
}

export interface RecoveryTables {
  password_reset_tokens: PasswordResetTokenTable;
  password_reset_requests: PasswordResetRequestTable;
}

/** Tokens are 43 base64url characters; anything else is refused before it touches the database. */
export const resetTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,128}$/, 'field.invalid');

export const forgotPasswordSchema = z.object({
  email: typedEmailSchema,
});

export const resetPasswordSchema = z.object({
  newPassword: z.string({ message: 'field.required' }).min(1, 'field.required').max(1024, 'field.tooLong'),
  confirmPassword: z
    .string({ message: 'field.required' })
    .min(1, 'field.required')
    .max(1024, 'field.tooLong'),
});

export const apiResetPasswordSchema = resetPasswordSchema.extend({ token: resetTokenSchema });
