import { z } from 'zod';

/** Comma-separated list, trimmed, empties dropped. */
const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** A whole number written in digits only: `Number(" ")` is 0 and `Number("1e3")` is 1000. */
const wholeNumber = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);

const positiveCount = (unit: string) =>
  wholeNumber(1, 1_000_000, `must be a whole number of ${unit}, 1 or more`);

/** A URL with one of the given schemes; the value is never echoed (it may carry a password). */
const urlWithProtocols = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    });

/** Every environment variable Gatehouse reads. Names and defaults follow DESIGN.md. */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: wholeNumber(0, 65535, 'must be a port number from 0 to 65535').default(3000),
  HOST: z.string().trim().min(1, 'must not be blank').default('127.0.0.1'),
  // Links are built as PUBLIC_URL plus the portal's own paths, which start at `/`: a path here
  // would be dropped from every emailed link, so it is refused rather than half honoured.
  PUBLIC_URL: urlWithProtocols(['http:', 'https:'])
    .refine(
      (value) => {
        const url = new URL(value);
        return url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
      },
      { message: 'must be the portal’s address alone, such as https://account.example.com (no path)' },
    )
    .optional(),
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:']).optional(),
  DATA_DIR: z.string().trim().min(1, 'must not be blank').default('./data'),
  SMTP_URL: urlWithProtocols(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^[^\r\n]*\S@\S[^\r\n]*$/, 'must be an address such as Gatehouse <no-reply@example.com>')
    .default('Gatehouse <no-reply@localhost>'),
  SMS_URL: urlWithProtocols(['smpp:', 'http:', 'https:']).optional(),
  REDIS_URL: urlWithProtocols(['redis:', 'rediss:']).optional(),
  SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUSTED_PROXIES: list.default([]),
  PHONE_DEFAULT_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as CZ')
    .default('CZ'),
  PHONE_ALLOWED_COUNTRIES: list
    .pipe(
      z
        .array(z.string().regex(/^[A-Z]{2}$/, 'must list two-letter country codes such as CZ,SK'))
        .min(1, 'must list two-letter country codes such as CZ,SK'),
    )
    .default(['CZ', 'SK']),
  CAPTCHA_PROVIDER: z.enum(['altcha', 'turnstile', 'hcaptcha']).default('altcha'),
  CAPTCHA_SITE_KEY: z.string().optional(),
  CAPTCHA_SECRET_KEY: z.string().optional(),
  CAPTCHA_VERIFY_URL: urlWithProtocols(['https:', 'http:']).optional(),
  SESSION_IDLE_MINUTES: positiveCount('minutes').default(60),
  SESSION_ABSOLUTE_HOURS: positiveCount('hours').default(12),
  SESSION_REMEMBER_DAYS: positiveCount('days').default(30),
  COURIER_WORKER: z.enum(['on', 'off']).default('on'),
});

export type Environment = z.infer<typeof environmentSchema>;
