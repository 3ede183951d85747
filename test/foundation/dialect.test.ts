import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../src/db/dialect.js';
import { createTestAccount } from '../helpers/accounts.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('dialect: recognising a unique violation on this engine', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('is true for a second account with the same login email, false for other errors', async () => {
    await createTestAccount(t, { email: 'same@example.com' });
    const duplicate = await createTestAccount(t, { email: 'same@example.com' }).catch(
      (error: unknown) => error,
    );
    expect(isUniqueViolation(duplicate)).toBe(true);
    const other = await t.db
      .selectFrom('no_such_table' as never)
      .selectAll()
      .execute()
      .catch((error: unknown) => error);
    expect(other).toBeInstanceOf(Error);
    expect(isUniqueViolation(other)).toBe(false);
  });
});
