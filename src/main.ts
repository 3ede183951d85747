import os from 'node:os';
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './logger.js';

const help = `Usage: gatehouse <command> [options]

The customer-account portal: sign-up, phone and email verification, login, recovery.

Commands:
  serve      Apply pending migrations, start the web server and the delivery worker.
  migrate    Apply pending database migrations and exit.
  account lock <email> [--reason TEXT]
             Lock an account: no login, no password reset, every session and reset link ends.
  account unlock <email>
             Unlock it into the step its verifications reached (old sessions stay ended).
             Both apply pending migrations first, as serve does.

Options:
  -h, --help     Show this help.
  -v, --version  Show the version.

Configuration comes from the environment:
  PORT, HOST        where to listen (3000, 127.0.0.1)
  PUBLIC_URL        base of every emailed link, no path (http://localhost:PORT); never taken from a request
  DATABASE_URL      postgres://… ; unset: embedded SQLite in DATA_DIR
  DATA_DIR          SQLite database and generated secret (./data)
  SMTP_URL          smtp://user:pass@host:port or smtps://… ; unset: the dev outbox
  MAIL_FROM         sender address (Gatehouse <no-reply@localhost>)
  SMS_URL           smpp://system_id:password@host:port or https://gateway ; unset: the dev outbox
  REDIS_URL         shared rate limits and session cache ; unset: the database
  SECRET            key material (32+ characters); generated into DATA_DIR outside production
  NODE_ENV          production refuses the dev outbox and requires SECRET
  LOG_LEVEL         fatal, error, warn, info (default), debug, trace, silent
  TRUSTED_PROXIES   comma-separated IPs or CIDRs whose X-Forwarded-For is believed
  PHONE_DEFAULT_REGION      region for numbers typed without +prefix (CZ)
  PHONE_ALLOWED_COUNTRIES   countries SMS codes may be sent to (CZ,SK)
  CAPTCHA_PROVIDER  altcha (default, self-hosted), turnstile or hcaptcha
  CAPTCHA_SITE_KEY, CAPTCHA_SECRET_KEY, CAPTCHA_VERIFY_URL   for turnstile and hcaptcha
  SESSION_IDLE_MINUTES (60), SESSION_ABSOLUTE_HOURS (12), SESSION_REMEMBER_DAYS (30)
  COURIER_WORKER    on (default) or off: run the delivery worker in this process
See README.md and docs/ for more.`;

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    const option = /'([^']+)'/.exec((error as Error).message)?.[1] ?? String(error);
    const missingValue = (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE';
    process.stderr.write(
      missingValue
        ? `gatehouse: ${option.split(' ')[0]} needs a value. Run gatehouse --help.\n`
        : `gatehouse: unknown option "${option}". Run gatehouse --help.\n`,
    );
    return 1;
  }
  const { positionals, values } = parsed;
  const command = positionals[0];
  if (values.version) {
    process.stdout.write('gatehouse 0.1.0\n');
    return 0;
  }
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  if (!command) {
    process.stderr.write(`${help}\n`);
    return 1;
  }
  if (command === 'account') return accountCommand(positionals.slice(1), values.reason);
  if (
    (command !== 'serve' && command !== 'migrate') ||
    positionals.length > 1 ||
    values.reason !== undefined
  ) {
    const what =
      command !== 'serve' && command !== 'migrate'
        ? `unknown command "${command}"`
        : positionals.length > 1
          ? `unexpected argument "${positionals[1]}"`
          : 'unexpected option "--reason"';
    process.stderr.write(`gatehouse: ${what}. Run gatehouse --help.\n`);
    return 1;
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // The database driver and the web server load only once the configuration is known to be good:
  // a mistyped variable is reported at once, not after loading the whole portal.
  if (command === 'migrate') {
    const { database, report } = await openMigratedDatabase(config);
    await database.close();
    process.stdout.write(
      report.applied.length ? `Applied: ${report.applied.join(', ')}\n` : 'Database is up to date.\n',
    );
    return 0;
  }
  const { startServer } = await import('./server.js');
  const server = await startServer(config, logger);
  logger.info({ url: server.url, publicUrl: config.publicUrl.href }, 'Gatehouse is listening');
  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    // In-flight requests and sends finish first; a stuck close must not keep the process forever.
    const force = setTimeout(() => {
      logger.error('shutdown took over 10 s; exiting anyway');
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      await server.close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return -1;
}

/** `account lock|unlock <email>`: an operator's decision, recorded in the audit log. */
async function accountCommand(args: string[], reason: string | undefined): Promise<number> {
  const [action, email, extra] = args;
  if ((action !== 'lock' && action !== 'unlock') || !email || extra !== undefined) {
    process.stderr.write(
      'gatehouse: use "gatehouse account lock <email>" or "gatehouse account unlock <email>".\n',
    );
    return 1;
  }
  if (action === 'unlock' && reason !== undefined) {
    process.stderr.write('gatehouse: --reason goes with "account lock". Run gatehouse --help.\n');
    return 1;
  }
  const config = loadConfig();
  const { lockAccount, unlockAccount } = await import('./accounts/lock.js');
  const { systemClock } = await import('./clock.js');
  const { database } = await openMigratedDatabase(config);
  try {
    const request = { email, operator: operatorName(), ...(reason ? { reason } : {}) };
    const outcome =
      action === 'lock'
        ? await lockAccount(database.db, systemClock, request)
        : await unlockAccount(database.db, systemClock, request);
    if (outcome.kind === 'not_found') {
      process.stderr.write(`gatehouse: no account has the email ${email}.\n`);
      return 1;
    }
    process.stdout.write(
      outcome.kind === 'unchanged'
        ? `${email} is ${outcome.status}: nothing to do.\n`
        : action === 'lock'
          ? `${email} is locked; every session it had has ended.\n`
          : `${email} is unlocked (${outcome.status}).\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

/** The configured database with every migration applied (`migrate`, and the account commands). */
async function openMigratedDatabase(config: Config) {
  const { openDatabase } = await import('./db/database.js');
  const { migrateToLatest } = await import('./db/migrate.js');
  const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    return { database, report: await migrateToLatest(database, config.dataDir) };
  } catch (error) {
    await database.close();
    throw error;
  }
}

function operatorName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      reason: { type: 'string' },
    },
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`gatehouse: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(
      `gatehouse: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
