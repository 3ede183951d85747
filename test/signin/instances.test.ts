import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount } from '../helpers/accounts.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Two instances of one deployment share the database (each with its own connection, as two
 * processes would); each keeps a short in-process cache of checked sessions.
 */
describe('sessions across instances', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await buildTestApp();
    second = await buildTestApp({ sameDatabaseAs: first });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('a logout on one instance is honoured by the other within two seconds', async () => {
    const account = await createTestAccount(first);
    const login = await first.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: account.email, password: account.password },
    });
    const cookie = `gh_session=${login.cookies.find((c) => c.name === 'gh_session')!.value}`;
    const check = (instance: TestApp) => instance.app.inject({ url: '/api/session', headers: { cookie } });
    // The other instance knows the session (and now holds it in its cache).
    expect((await check(second)).statusCode).toBe(200);
    expect(
      (await first.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } })).statusCode,
    ).toBe(204);
    expect((await check(first)).statusCode).toBe(401);
    const loggedOutAt = performance.now();
    let refusedAfterMs = Number.POSITIVE_INFINITY;
    while (performance.now() - loggedOutAt < 5000) {
      if ((await check(second)).statusCode === 401) {
        refusedAfterMs = performance.now() - loggedOutAt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(refusedAfterMs).toBeLessThan(2000);
  });
});
