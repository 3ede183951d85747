import { randomUUID } from 'node:crypto';
import { normalizeEmail } from '../../src/accounts/email.js';
import type { AccountStatus } from '../../src/accounts/schema.js';
import { hashPassword } from '../../src/crypto/passwords.js';
import type { TestApp } from './test-app.js';

export interface TestAccountOptions {
  readonly email?: string;
  readonly password?: string;
  readonly status?: AccountStatus;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly phone?: string;
  readonly locale?: 'en' | 'cs';
}

export interface TestAccount {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly phone: string;
}

const hashes = new Map<string, Promise<string>>();

/** An account written straight into the database (hashes are memoised per password: tests stay fast). */
export async function createTestAccount(t: Pick<TestApp, 'db' | 'clock'>, options: TestAccountOptions = {}) {
  const id = randomUUID();
  const email = options.email ?? `customer-${id.slice(0, 8)}@example.com`;
  const password = options.password ?? 'correct horse battery staple';
  const phone = options.phone ?? `+420601${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const status = options.status ?? 'active';
  let hash = hashes.get(password);
  if (!hash) {
    hash = hashPassword(password);
    hashes.set(password, hash);
  }
  const now = t.clock.now();
  await t.db
    .insertInto('accounts')
    .values({
      id,
      kind: 'person',
      first_name: options.firstName ?? 'Jana',
      last_name: options.lastName ?? 'Testová',
      company_name: null,
      company_id: null,
      vat_id: null,
      email,
      email_normalized: normalizeEmail(email),
      phone,
      password_hash: await hash,
      status,
      locale: options.locale ?? 'en',
      marketing_consent: 0,
      phone_verified_at: status === 'pending_phone' ? null : now,
      email_verified_at: status === 'active' || status === 'locked' ? now : null,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, email, password, phone } satisfies TestAccount;
}
