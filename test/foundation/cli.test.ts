import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { environmentSchema } from '../../src/config/schema.js';
import { openDatabase } from '../../src/db/database.js';
import { createTestAccount } from '../helpers/accounts.js';
import { createEmptySchema, databaseUrlForChild, testDatabaseUrl } from '../helpers/test-database.js';
import {
  builtCli,
  freePort,
  operatorEnv,
  repoRoot,
  run,
  sourceCli,
  start,
  waitForHttp,
} from './cli-process.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Upper-case names in a text that look like environment variables. */
function variableNames(text: string): Set<string> {
  return new Set(text.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b(?:PORT|HOST|SECRET)\b/g) ?? []);
}

describe('gatehouse command line', () => {
  it('--help lists exactly the variables the configuration schema reads', async () => {
    const result = await run([...sourceCli, '--help'], operatorEnv({}));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: gatehouse <command>/);
    expect(result.stdout).toMatch(/^\s+serve\s/m);
    expect(result.stdout).toMatch(/^\s+migrate\s/m);
    const schemaKeys = Object.keys(environmentSchema.shape).sort();
    expect([...variableNames(result.stdout)].sort()).toEqual(schemaKeys);
  });

  it('the README configuration table names every variable of the schema, and no other', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'));
    const rows = table
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .join('\n');
    expect([...variableNames(rows)].sort()).toEqual(Object.keys(environmentSchema.shape).sort());
  });

  it('refuses an unknown command, option or argument with one clear line', async () => {
    const [command, option, argument, none] = await Promise.all([
      run([...sourceCli, 'frobnicate'], operatorEnv({})),
      run([...sourceCli, 'serve', '--frob'], operatorEnv({})),
      run([...sourceCli, 'serve', 'now'], operatorEnv({})),
      run([...sourceCli], operatorEnv({})),
    ]);
    expect(command.code).toBe(1);
    expect(command.stderr).toBe('gatehouse: unknown command "frobnicate". Run gatehouse --help.\n');
    expect(option.code).toBe(1);
    expect(option.stderr).toBe('gatehouse: unknown option "--frob". Run gatehouse --help.\n');
    expect(argument.code).toBe(1);
    expect(argument.stderr).toBe('gatehouse: unexpected argument "now". Run gatehouse --help.\n');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^Usage: gatehouse/);
  });

  it('account lock and unlock: an operator locks a customer out by email, and it is audited', async () => {
    const accountsDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-cli-accounts-'));
    try {
      const env = operatorEnv({ DATA_DIR: accountsDir, LOG_LEVEL: 'silent' });
      const nobody = await run([...sourceCli, 'account', 'lock', 'nobody@example.com'], env);
      expect(nobody.code).toBe(1);
      expect(nobody.stderr).toBe('gatehouse: no account has the email nobody@example.com.\n');
      // The command applied the migrations: a customer can exist now.
      const database = openDatabase({ dataDir: accountsDir });
      const customer = await createTestAccount({ db: database.db, clock: new ManualClock(Date.now()) });
      await database.close();

      const locked = await run(
        [...sourceCli, 'account', 'lock', customer.email, '--reason', 'stolen laptop'],
        env,
      );
      expect(locked.stdout).toBe(`${customer.email} is locked; every session it had has ended.\n`);
      expect(locked.code).toBe(0);
      const again = await run([...sourceCli, 'account', 'lock', customer.email], env);
      expect(again.stdout).toBe(`${customer.email} is locked: nothing to do.\n`);
      const unlocked = await run([...sourceCli, 'account', 'unlock', customer.email], env);
      expect(unlocked.stdout).toBe(`${customer.email} is unlocked (active).\n`);

      const check = openDatabase({ dataDir: accountsDir });
      const events = await check.db
        .selectFrom('audit_log')
        .select(['action', 'actor_type', 'details'])
        .where('action', 'in', ['account.locked', 'account.unlocked'])
        .orderBy('id')
        .execute();
      await check.close();
      expect(events.map((e) => e.action)).toEqual(['account.locked', 'account.unlocked']);
      expect(JSON.parse(events[0]!.details ?? '{}')).toMatchObject({
        operator: os.userInfo().username,
        reason: 'stolen laptop',
        via: 'cli',
      });

      const usage =
        'gatehouse: use "gatehouse account lock <email>" or "gatehouse account unlock <email>".\n';
      const [bare, noEmail, unknown, extra, reasonOnUnlock, reasonOnServe] = await Promise.all([
        run([...sourceCli, 'account'], env),
        run([...sourceCli, 'account', 'lock'], env),
        run([...sourceCli, 'account', 'delete', customer.email], env),
        run([...sourceCli, 'account', 'lock', customer.email, 'now'], env),
        run([...sourceCli, 'account', 'unlock', customer.email, '--reason', 'x'], env),
        run([...sourceCli, 'serve', '--reason', 'x'], env),
      ]);
      for (const refused of [bare, noEmail, unknown, extra]) {
        expect(refused.code).toBe(1);
        expect(refused.stderr).toBe(usage);
      }
      expect(reasonOnUnlock.stderr).toBe(
        'gatehouse: --reason goes with "account lock". Run gatehouse --help.\n',
      );
      expect(reasonOnServe.stderr).toBe('gatehouse: unexpected option "--reason". Run gatehouse --help.\n');
      const noReason = await run([...sourceCli, 'account', 'lock', customer.email, '--reason'], env);
      expect(noReason.code).toBe(1);
      expect(noReason.stderr).toBe('gatehouse: --reason needs a value. Run gatehouse --help.\n');
    } finally {
      rmSync(accountsDir, { recursive: true, force: true });
    }
  });

  it('prints its version', async () => {
    const result = await run([...sourceCli, '--version'], operatorEnv({}));
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(result.stdout).toBe(`gatehouse ${version}\n`);
  });

  it('the built CLI (npx gatehouse) serves the home page in English and Czech, and stops on SIGTERM', async () => {
    if (!existsSync(path.join(repoRoot, 'dist/main.js'))) {
      throw new Error(
        'dist/main.js is missing: `npm ci` builds it through `prepare`, or run `npm run build`.',
      );
    }
    // A fresh database (the built CLI migrates it itself: dist may lag behind src's migrations).
    const schema = testDatabaseUrl ? await createEmptySchema() : undefined;
    const port = await freePort();
    const server = start(
      [...builtCli, 'serve'],
      operatorEnv({
        PORT: String(port),
        DATA_DIR: path.join(dataDir, 'built-cli'),
        LOG_LEVEL: 'info',
        ...(schema
          ? { DATABASE_URL: databaseUrlForChild({ url: testDatabaseUrl, schema: schema.schema }) }
          : {}),
      }),
    );
    try {
      await waitForHttp(`http://127.0.0.1:${port}/readyz`, server);
      const en = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'accept-language': 'en' } });
      expect(en.status).toBe(200);
      const enBody = await en.text();
      expect(enBody).toContain('<html lang="en">');
      expect(enBody).toContain('Your customer account');
      const cs = await fetch(`http://127.0.0.1:${port}/`, {
        headers: { 'accept-language': 'cs-CZ,cs;q=0.9' },
      });
      const csBody = await cs.text();
      expect(csBody).toContain('<html lang="cs">');
      expect(csBody).toContain('Váš zákaznický účet');
      // JSON log lines on stdout, one per line.
      const lines = server.stdout().trim().split('\n');
      expect(lines.some((line) => line.includes('"msg":"Gatehouse is listening"'))).toBe(true);
      for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    } finally {
      expect(await server.stop()).toBe(0);
      await schema?.drop();
    }
  });
});
