import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as auditModule from '../../src/audit/audit.js';
import { recordAuditEvent } from '../../src/audit/audit.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { repoRoot } from './cli-process.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.test.ts') ? [full] : [];
  });
}

describe('audit log', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('records who, what, when (UTC epoch ms), where from and the outcome', async () => {
    const at = Date.UTC(2026, 2, 1, 12, 30);
    await recordAuditEvent(t.database.db, {
      at,
      actorType: 'customer',
      actorId: 'acc_1',
      accountId: 'acc_1',
      action: 'login.succeeded',
      outcome: 'success',
      ip: '192.0.2.7',
      userAgent: `Mozilla/5.0 ${'x'.repeat(1000)}`,
      details: { method: 'password', remember: true },
    });
    const row = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'login.succeeded')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      at,
      actor_type: 'customer',
      actor_id: 'acc_1',
      account_id: 'acc_1',
      outcome: 'success',
      ip: '192.0.2.7',
    });
    expect(row.user_agent).toHaveLength(512);
    expect(JSON.parse(row.details!)).toEqual({ method: 'password', remember: true });
  });

  it('refuses details whose names look like secrets', async () => {
    for (const key of [
      'password',
      'newPassword',
      'smsCode',
      'resetToken',
      'secret',
      'cookie',
      'passwordHash',
    ]) {
      await expect(
        recordAuditEvent(t.database.db, {
          at: Date.now(),
          actorType: 'system',
          action: 'test.secret',
          outcome: 'failure',
          details: { [key]: 'x' },
        }),
        key,
      ).rejects.toThrow(/looks like a secret/);
    }
    const written = await t.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'test.secret')
      .execute();
    expect(written).toEqual([]);
  });

  it('is written in the caller’s transaction: rolled back with it', async () => {
    await expect(
      t.database.db.transaction().execute(async (tx) => {
        await recordAuditEvent(tx, {
          at: Date.now(),
          actorType: 'staff',
          actorId: 'staff_1',
          action: 'support.rolledBack',
          outcome: 'success',
        });
        throw new Error('the change failed after the audit row was written');
      }),
    ).rejects.toThrow(/the change failed/);
    await t.database.db.transaction().execute((tx) =>
      recordAuditEvent(tx, {
        at: Date.now(),
        actorType: 'staff',
        action: 'support.committed',
        outcome: 'success',
      }),
    );
    const actions = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'support.%')
      .execute();
    expect(actions.map((row) => row.action)).toEqual(['support.committed']);
  });

  it('is append-only in the database too: an update, a delete or a truncate is refused', async () => {
    await recordAuditEvent(t.database.db, {
      at: Date.UTC(2026, 5, 1),
      actorType: 'system',
      action: 'test.untouchable',
      outcome: 'success',
    });
    const attempts = [
      sql`update audit_log set outcome = 'failure' where action = 'test.untouchable'`,
      sql`delete from audit_log where action = 'test.untouchable'`,
      sql`delete from audit_log`,
      ...(t.database.engine === 'postgres' ? [sql`truncate audit_log`] : []),
    ];
    for (const attempt of attempts) {
      await expect(attempt.execute(t.database.db)).rejects.toThrow(/audit_log is append-only/);
    }
    const rows = await t.database.db
      .selectFrom('audit_log')
      .select('outcome')
      .where('action', '=', 'test.untouchable')
      .execute();
    expect(rows).toEqual([{ outcome: 'success' }]);
  });

  it('is append-only: the module can only insert, and no code updates or deletes its rows', () => {
    // The module's whole API is one append function.
    expect(Object.keys(auditModule).sort()).toEqual(['recordAuditEvent', 'recordAuditEvents']);
    const offenders = sourceFiles(path.join(repoRoot, 'src')).filter((file) =>
      /(updateTable|deleteFrom)\(\s*['"]audit_log['"]|(update|delete\s+from)\s+audit_log\b/i.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(offenders.map((file) => path.relative(repoRoot, file))).toEqual([]);
  });
});
