import { normalizePassword } from '../crypto/passwords.js';
import { dictionary } from '@zxcvbn-ts/language-common';
import type { MessageKey } from '../web/i18n/catalogue.js';

export const passwordMinLength = 8;
export const passwordMaxLength = 128;
export const passwordRecommendedLength = 15;

const commonPasswords = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

export interface PasswordContext {
  readonly email?: string | undefined;
  /** First, last or company name: a password must not contain them. */
  readonly names?: readonly (string | null | undefined)[];
}

/**
 * NIST-style policy: length only (8–128, counted in characters), no composition rules,
 * refused when common, made of one or two characters repeated, or when it contains the
 * account's own email or names.
 * Returns the reason, or null when the password is acceptable.
 */
export function checkPasswordPolicy(
  password: string,
  context: PasswordContext = {},
): PasswordPolicyFailure | null {
  // A lone surrogate (half an emoji, from a JSON escape) is no text: encoded as UTF-8 for the
  // hash, every one becomes U+FFFD, so two different passwords would open one account.
  if (!password.isWellFormed()) return 'password.brokenText';
  // Judged in the form it is hashed in, so decomposed accents count once.
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < passwordMinLength) return 'password.tooShort';
  if (length > passwordMaxLength) return 'password.tooLong';
  // One or two characters over and over (spaces only, "abababab"): NIST's "repetitive characters".
  if (new Set(normalized).size <= 2) return 'password.repetitive';
  const lower = normalized.toLowerCase();
  if (commonPasswords.has(lower) || commonPasswords.has(lower.replace(/[\d\W_]+$/u, '')))
    return 'password.common';
  const words = contextWords(context);
  if (words.some((word) => lower.includes(word))) return 'password.containsPersonalInfo';
  return null;
}

export type PasswordPolicyFailure = Extract<
  MessageKey,
  | 'password.brokenText'
  | 'password.tooShort'
  | 'password.tooLong'
  | 'password.common'
  | 'password.repetitive'
  | 'password.containsPersonalInfo'
>;

function contextWords(context: PasswordContext): string[] {
  const words: string[] = [];
  if (context.email) {
    const email = context.email.normalize('NFKC').toLowerCase();
    words.push(email, email.split('@')[0] ?? '');
  }
  for (const name of context.names ?? []) {
    if (name) words.push(...name.normalize('NFKC').toLowerCase().split(/\s+/));
  }
  // Very short fragments ("jo", "a.b") would refuse half of all passwords for no gain.
  return words.filter((word) => [...word].length >= 3);
}
