import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registrationsPerIp } from '../../src/flows/registration/service.js';
import { solveCaptcha } from '../helpers/captcha.js';
import { personForm, registerByForm } from '../helpers/registration.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

// The real Argon2id, only counted: how many hashes an attacker makes the server compute.
const hashes = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/crypto/passwords.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/crypto/passwords.js')>();
  return {
    ...real,
    hashPassword: (password: string) => {
      hashes.count++;
      return real.hashPassword(password);
    },
  };
});

describe('a replayed captcha costs the server no password hash', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('refuses replays of a used solution before hashing, one by one and in a burst', async () => {
    const captcha = await solveCaptcha(t.app);
    const register = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/registration',
        payload: { ...personForm(), terms: true, privacy: true, captcha },
      });
    const before = hashes.count;
    expect((await register()).statusCode).toBe(201);
    expect(hashes.count - before).toBe(1);

    const replays = [await register(), ...(await Promise.all(Array.from({ length: 8 }, register)))];
    for (const replay of replays) {
      expect(replay.statusCode).toBe(400);
      expect(replay.json().error.code).toBe('CAPTCHA_FAILED');
    }
    expect(hashes.count - before).toBe(1);
  });

  it('refuses an address past its hourly allowance before hashing', async () => {
    // Twenty registrations from one address use up its hourly allowance; the next is refused.
    await t.services.rateLimiter.consume(registrationsPerIp, '127.0.0.1', registrationsPerIp.limit);
    const before = hashes.count;
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/registration',
      payload: { ...personForm(), terms: true, privacy: true, captcha: await solveCaptcha(t.app) },
    });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(hashes.count - before).toBe(0);

    // The form says the same on the page, keeps what was typed and tells the browser how long.
    const form = personForm({ firstName: 'Květa' });
    const page = await registerByForm(t.app, form);
    expect(page.status).toBe(429);
    expect(page.body).toContain('Please wait a moment and try again.');
    expect(page.body).toContain('value="Květa"');
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
    expect(hashes.count - before).toBe(0);
  });

  it('lets a burst from one address past its allowance buy no more hashes than the allowance has left', async () => {
    // Two registrations are left in this address's hour; ten arrive at once, each with its own captcha.
    await t.services.rateLimiter.consume(registrationsPerIp, '127.0.0.1', registrationsPerIp.limit - 2);
    const captchas = await Promise.all(Array.from({ length: 10 }, () => solveCaptcha(t.app)));
    const before = hashes.count;
    const responses = await Promise.all(
      captchas.map((captcha) =>
        t.app.inject({
          method: 'POST',
          url: '/api/registration',
          payload: { ...personForm(), terms: true, privacy: true, captcha },
        }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 201, ...Array(8).fill(429)]);
    expect(hashes.count - before).toBe(2);
  });
});
