import path from 'node:path';
import { z } from 'zod';
import { environmentSchema } from './schema.js';
import { loadOrCreateSecret } from './secret.js';

export type DeploymentMode = 'development' | 'test' | 'production';

export interface Config {
  readonly mode: DeploymentMode;
  readonly port: number;
  readonly host: string;
  readonly publicUrl: URL;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly smsUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly secret: string;
  readonly logLevel: string;
  readonly trustedProxies: readonly string[];
  readonly phone: { readonly defaultRegion: string; readonly allowedCountries: readonly string[] };
  readonly captcha: {
    readonly provider: 'altcha' | 'turnstile' | 'hcaptcha';
    readonly siteKey: string | undefined;
    readonly secretKey: string | undefined;
    readonly verifyUrl: string | undefined;
  };
  readonly sessions: { readonly idleMs: number; readonly absoluteMs: number; readonly rememberMs: number };
  readonly courierWorker: boolean;
  /** True when cookies must carry `Secure` (production, or any https PUBLIC_URL). */
  readonly secureCookies: boolean;
  /** The dev outbox replaces a channel whose URL is unset; never in production. */
  readonly devOutbox: { readonly email: boolean; readonly sms: boolean };
}

/** A configuration problem worth one clear line at start-up. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid configuration: ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; everything below receives the frozen result. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = environmentSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), `${describeIssue(issue)}.`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.SECRET) throw new ConfigError('SECRET', 'is required when NODE_ENV=production.');
  if (production && !e.SMTP_URL)
    throw new ConfigError('SMTP_URL', 'is required when NODE_ENV=production (the dev outbox is refused).');
  if (production && !e.SMS_URL)
    throw new ConfigError('SMS_URL', 'is required when NODE_ENV=production (the dev outbox is refused).');
  if (e.CAPTCHA_PROVIDER !== 'altcha' && !e.CAPTCHA_SECRET_KEY)
    throw new ConfigError('CAPTCHA_SECRET_KEY', `is required when CAPTCHA_PROVIDER=${e.CAPTCHA_PROVIDER}.`);
  if (e.CAPTCHA_PROVIDER !== 'altcha' && !e.CAPTCHA_SITE_KEY)
    throw new ConfigError('CAPTCHA_SITE_KEY', `is required when CAPTCHA_PROVIDER=${e.CAPTCHA_PROVIDER}.`);
  for (const proxy of e.TRUSTED_PROXIES) {
    if (!isAddressOrCidr(proxy))
      throw new ConfigError(
        'TRUSTED_PROXIES',
        `has ${JSON.stringify(proxy.slice(0, 60))}, which is not an IP address or CIDR range.`,
      );
  }

  const dataDir = path.resolve(e.DATA_DIR);
  const publicUrl = new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`);
  const secret = e.SECRET ?? loadOrCreateSecret(dataDir);
  const minute = 60_000;
  return Object.freeze({
    mode: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    smsUrl: e.SMS_URL,
    redisUrl: e.REDIS_URL,
    secret,
    logLevel: e.LOG_LEVEL,
    trustedProxies: Object.freeze([...e.TRUSTED_PROXIES]),
    phone: Object.freeze({
      defaultRegion: e.PHONE_DEFAULT_REGION,
      allowedCountries: Object.freeze([...e.PHONE_ALLOWED_COUNTRIES]),
    }),
    captcha: Object.freeze({
      provider: e.CAPTCHA_PROVIDER,
      siteKey: e.CAPTCHA_SITE_KEY,
      secretKey: e.CAPTCHA_SECRET_KEY,
      verifyUrl: e.CAPTCHA_VERIFY_URL,
    }),
    sessions: Object.freeze({
      idleMs: e.SESSION_IDLE_MINUTES * minute,
      absoluteMs: e.SESSION_ABSOLUTE_HOURS * 60 * minute,
      rememberMs: e.SESSION_REMEMBER_DAYS * 24 * 60 * minute,
    }),
    courierWorker: e.COURIER_WORKER === 'on',
    secureCookies: production || publicUrl.protocol === 'https:',
    devOutbox: Object.freeze({ email: !e.SMTP_URL, sms: !e.SMS_URL }),
  });
}

/** One short phrase after the variable's name; never the value (it may hold a password). */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && 'values' in issue) return `must be one of ${issue.values.join(', ')}`;
  if (issue.code === 'invalid_format' && issue.format === 'url') return 'must be a URL';
  const message = issue.message.replace(/\s+/g, ' ');
  return message.startsWith('must ') ? message : `is invalid: ${message.replace(/^Invalid input: /, '')}`;
}

function isAddressOrCidr(value: string): boolean {
  const [address, bits] = value.split('/');
  const v4 = z.ipv4().safeParse(address).success;
  const v6 = z.ipv6().safeParse(address).success;
  if (!v4 && !v6) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return Number.isInteger(n) && n >= 0 && n <= (v4 ? 32 : 128);
}
