import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { environmentSchema } from '../../src/config/schema.js';
import { operatorEnv, run, sourceCli } from './cli-process.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const secret = 's'.repeat(40);

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ DATA_DIR: dataDir, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw new Error(`expected a ConfigError, got ${String(error)}`);
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('configuration', () => {
  it('parses every variable the schema reads', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://account.example.com',
      DATABASE_URL: 'postgres://app:pw@db.internal:5432/gatehouse',
      DATA_DIR: dataDir,
      SMTP_URL: 'smtps://mailer:pw@smtp.example.com:465',
      MAIL_FROM: 'Example Hosting <no-reply@example.com>',
      SMS_URL: 'smpp://sys:pw@smsc.example.com:2775',
      REDIS_URL: 'redis://redis.internal:6379',
      SECRET: secret,
      LOG_LEVEL: 'warn',
      TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16,2001:db8::/32',
      PHONE_DEFAULT_REGION: 'SK',
      PHONE_ALLOWED_COUNTRIES: 'CZ,SK,AT',
      CAPTCHA_PROVIDER: 'turnstile',
      CAPTCHA_SITE_KEY: 'site-key',
      CAPTCHA_SECRET_KEY: 'secret-key',
      CAPTCHA_VERIFY_URL: 'https://captcha.example.com/verify',
      SESSION_IDLE_MINUTES: '30',
      SESSION_ABSOLUTE_HOURS: '8',
      SESSION_REMEMBER_DAYS: '14',
      COURIER_WORKER: 'off',
    });
    expect(config).toMatchObject({
      mode: 'production',
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://app:pw@db.internal:5432/gatehouse',
      dataDir,
      smtpUrl: 'smtps://mailer:pw@smtp.example.com:465',
      mailFrom: 'Example Hosting <no-reply@example.com>',
      smsUrl: 'smpp://sys:pw@smsc.example.com:2775',
      redisUrl: 'redis://redis.internal:6379',
      secret,
      logLevel: 'warn',
      trustedProxies: ['10.0.0.1', '192.168.0.0/16', '2001:db8::/32'],
      phone: { defaultRegion: 'SK', allowedCountries: ['CZ', 'SK', 'AT'] },
      captcha: {
        provider: 'turnstile',
        siteKey: 'site-key',
        secretKey: 'secret-key',
        verifyUrl: 'https://captcha.example.com/verify',
      },
      sessions: { idleMs: 30 * 60_000, absoluteMs: 8 * 3_600_000, rememberMs: 14 * 86_400_000 },
      courierWorker: false,
      secureCookies: true,
      devOutbox: { email: false, sms: false },
    });
    expect(config.publicUrl.href).toBe('https://account.example.com/');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.phone.allowedCountries)).toBe(true);
  });

  it('has the documented defaults and generates a lasting SECRET outside production', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      mode: 'development',
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      mailFrom: 'Gatehouse <no-reply@localhost>',
      logLevel: 'info',
      trustedProxies: [],
      phone: { defaultRegion: 'CZ', allowedCountries: ['CZ', 'SK'] },
      captcha: { provider: 'altcha' },
      sessions: { idleMs: 60 * 60_000, absoluteMs: 12 * 3_600_000, rememberMs: 30 * 86_400_000 },
      courierWorker: true,
      secureCookies: false,
      devOutbox: { email: true, sms: true },
    });
    expect(config.publicUrl.href).toBe('http://localhost:3000/');
    expect(config.secret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dataDir, 'secret'), 'utf8')).toBe(config.secret);
    expect(loadConfig({ DATA_DIR: dataDir }).secret).toBe(config.secret);
    expect(loadConfig({ DATA_DIR: dataDir, PORT: '4100' }).publicUrl.href).toBe('http://localhost:4100/');
  });

  it('takes PUBLIC_URL with or without its trailing slash', () => {
    for (const value of ['https://account.example.com', 'https://account.example.com/'])
      expect(loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: value }).publicUrl.href).toBe(
        'https://account.example.com/',
      );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATA_DIR: dataDir, PORT: '', DATABASE_URL: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
    });
  });

  const refused: [Record<string, string>, string][] = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '3.5' }, 'PORT'],
    [{ PORT: ' ' }, 'PORT'],
    [{ HOST: ' ' }, 'HOST'],
    [{ DATA_DIR: ' ' }, 'DATA_DIR'],
    [{ PUBLIC_URL: 'localhost:3000' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'ftp://example.com' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'https://example.com/portal' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'https://example.com/?from=mail' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'https://user:secret@example.com' }, 'PUBLIC_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'nonsense' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'ftp://x' }, 'SMTP_URL'],
    [{ SMTP_URL: 'mail.example.com' }, 'SMTP_URL'],
    [{ MAIL_FROM: 'nobody' }, 'MAIL_FROM'],
    [{ SMS_URL: 'ftp://x' }, 'SMS_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ SECRET: 'too-short' }, 'SECRET'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TRUSTED_PROXIES: 'nonsense' }, 'TRUSTED_PROXIES'],
    [{ TRUSTED_PROXIES: '10.0.0.0/33' }, 'TRUSTED_PROXIES'],
    [{ PHONE_DEFAULT_REGION: 'cz' }, 'PHONE_DEFAULT_REGION'],
    [{ PHONE_ALLOWED_COUNTRIES: 'cz' }, 'PHONE_ALLOWED_COUNTRIES'],
    [{ PHONE_ALLOWED_COUNTRIES: ',' }, 'PHONE_ALLOWED_COUNTRIES'],
    [{ CAPTCHA_PROVIDER: 'recaptcha' }, 'CAPTCHA_PROVIDER'],
    [{ CAPTCHA_PROVIDER: 'hcaptcha', CAPTCHA_SITE_KEY: 'k' }, 'CAPTCHA_SECRET_KEY'],
    [{ CAPTCHA_PROVIDER: 'turnstile', CAPTCHA_SECRET_KEY: 'k' }, 'CAPTCHA_SITE_KEY'],
    [{ CAPTCHA_VERIFY_URL: 'verify' }, 'CAPTCHA_VERIFY_URL'],
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_ABSOLUTE_HOURS: 'abc' }, 'SESSION_ABSOLUTE_HOURS'],
    [{ SESSION_REMEMBER_DAYS: '-1' }, 'SESSION_REMEMBER_DAYS'],
    [{ COURIER_WORKER: 'yes' }, 'COURIER_WORKER'],
    [{ NODE_ENV: 'production' }, 'SECRET'],
    [{ NODE_ENV: 'production', SECRET: secret }, 'SMTP_URL'],
    [{ NODE_ENV: 'production', SECRET: secret, SMTP_URL: 'smtp://mail:25' }, 'SMS_URL'],
  ];

  it.each(refused)('refuses %j naming %s', (env, variable) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${variable} \\S`));
    expect(error.message).not.toContain('\n');
  });

  it('never echoes a value that may hold a password', () => {
    expect(configError({ SMTP_URL: 'ftp://mailer:hunter2-pw@x' }).message).not.toContain('hunter2');
    expect(configError({ DATABASE_URL: 'mysql://app:hunter2-pw@x' }).message).not.toContain('hunter2');
    expect(configError({ SECRET: 'hunter2-short' }).message).not.toContain('hunter2');
  });

  it('covers every variable of the schema in these tests', () => {
    const tested = new Set(refused.flatMap(([env, variable]) => [variable, ...Object.keys(env)]));
    for (const key of Object.keys(environmentSchema.shape)) expect(tested, key).toContain(key);
  });
});

describe('configuration errors at start-up (the real CLI)', () => {
  const cases: [Record<string, string>, string][] = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'nonsense' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'ftp://x' }, 'SMTP_URL'],
    [{ SECRET: 'short' }, 'SECRET'],
    [{ PHONE_ALLOWED_COUNTRIES: 'cz' }, 'PHONE_ALLOWED_COUNTRIES'],
    [{ TRUSTED_PROXIES: 'nonsense' }, 'TRUSTED_PROXIES'],
    [{ NODE_ENV: 'production' }, 'SECRET'],
    [{ NODE_ENV: 'production', SECRET: secret }, 'SMTP_URL'],
    [{ NODE_ENV: 'production', SECRET: secret, SMTP_URL: 'smtp://mail.example.com:25' }, 'SMS_URL'],
  ];

  it('stops with exit code 2 and one line naming the variable, no stack trace', async () => {
    // Four processes at a time: all at once starved each other on two cores while other files ran.
    const results: string[] = [];
    for (let start = 0; start < cases.length; start += 4) {
      results.push(
        ...(await Promise.all(
          cases.slice(start, start + 4).map(async ([env, variable]) => {
            const cliDataDir = path.join(dataDir, `cli-${variable}-${Object.keys(env).join('-')}`);
            // `migrate` reads the same configuration; two cases show it refuses the same way.
            const commands =
              variable === 'DATABASE_URL' || variable === 'SECRET' ? ['serve', 'migrate'] : ['serve'];
            for (const command of commands) {
              const result = await run(
                [...sourceCli, command],
                operatorEnv({ DATA_DIR: cliDataDir, ...env }),
              );
              expect(result.code, `${command} ${JSON.stringify(env)}: ${result.stderr}`).toBe(2);
              const lines = result.stderr.trimEnd().split('\n');
              expect(lines, JSON.stringify(env)).toHaveLength(1);
              expect(lines[0]).toMatch(new RegExp(`^gatehouse: Invalid configuration: ${variable} `));
              expect(result.stderr).not.toMatch(/\n\s+at |node:internal|\.ts:\d+/);
              expect(result.stdout).toBe('');
            }
            return variable;
          }),
        )),
      );
    }
    expect(results).toHaveLength(cases.length);
  });
});
