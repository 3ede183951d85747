import type { z } from 'zod';
import { isMessageKey, type MessageKey, type MessageParams } from './i18n/catalogue.js';

/** Field name → the message that explains what is wrong with it. */
export type FieldErrors = Readonly<Record<string, MessageKey>>;

/**
 * The one error model: a stable UPPER_SNAKE code for the API, an HTTP status, a message for
 * people and optional field-level messages. Flows throw it; pages and the API render it.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messageKey: MessageKey,
    readonly fields: FieldErrors = {},
    readonly retryAfterMs?: number,
    /** Values for the message's placeholders (a wait time, tries left). */
    readonly params: MessageParams = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export class ValidationError extends AppError {
  constructor(fields: FieldErrors) {
    super('VALIDATION_FAILED', 400, 'error.summary', fields);
  }
}

export function rateLimited(
  retryAfterMs: number,
  code = 'RATE_LIMITED',
  messageKey: MessageKey = 'error.rateLimited.text',
  params: MessageParams = {},
) {
  return new AppError(code, 429, messageKey, {}, retryAfterMs, params);
}

/** Parses untrusted input; a failure becomes field-level messages in the user's language. */
export function validate<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  // reportInput: an issue then says what it was given, so a value of the wrong type (a number,
  // a list from a repeated form field) is told apart from a missing one.
  const result = schema.safeParse(input ?? {}, { reportInput: true });
  if (result.success) return result.data;
  const fields: Record<string, MessageKey> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? issue.path.map(String).join('.') : '_form';
    fields[field] ??= messageForIssue(issue);
  }
  throw new ValidationError(fields);
}

function messageForIssue(issue: z.core.$ZodIssue): MessageKey {
  const given = issue.input !== undefined && issue.input !== null;
  // A schema's "required" stands for its missing value; something of the wrong type is invalid.
  if (issue.code === 'invalid_type' && given && issue.message === 'field.required') return 'field.invalid';
  if (isMessageKey(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return given ? 'field.invalid' : 'field.required';
    case 'too_small':
      return issue.minimum === 1 ? 'field.required' : 'field.tooShort';
    case 'too_big':
      return 'field.tooLong';
    case 'invalid_format':
      return issue.format === 'email' ? 'field.email' : 'field.invalid';
    default:
      return 'field.invalid';
  }
}
