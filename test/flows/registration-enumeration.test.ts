import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveCaptcha } from '../helpers/captcha.js';
import { personForm } from '../helpers/registration.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

describe('no account enumeration at registration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('an existing email: same status, body shape, cookies and a similar median time over many tries', async () => {
    const existing = personForm();
    let ip = 10;
    const register = async (form: Record<string, string>) => {
      const captcha = await solveCaptcha(t.app);
      ip += 1;
      const started = performance.now();
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/registration',
        headers: { 'x-forwarded-for': `198.51.100.${ip}` },
        payload: { ...form, terms: true, privacy: true, captcha },
      });
      return { response, ms: performance.now() - started };
    };
    await register(existing);
    const fresh: number[] = [];
    const differences: number[] = [];
    for (let i = 0; i < 16; i++) {
      // Pairs in random order, compared pair by pair: drift in the machine's load touches both.
      const duplicateFirst = Math.random() < 0.5;
      const first = await register(duplicateFirst ? personForm({ email: existing.email! }) : personForm());
      const second = await register(duplicateFirst ? personForm() : personForm({ email: existing.email! }));
      const [a, b] = duplicateFirst ? [second, first] : [first, second];
      expect(b.response.statusCode).toBe(a.response.statusCode);
      expect(b.response.body).toBe(a.response.body);
      expect(b.response.cookies.map((c) => c.name)).toEqual(a.response.cookies.map((c) => c.name));
      fresh.push(a.ms);
      differences.push(b.ms - a.ms);
    }
    const difference = Math.abs(median(differences));
    expect(
      difference,
      `median fresh ${median(fresh).toFixed(1)} ms, median difference ${median(differences).toFixed(1)} ms`,
    ).toBeLessThan(Math.max(15, median(fresh) * 0.3));
    const notices = await t.db
      .selectFrom('messages')
      .select('id')
      .where('template', '=', 'registration.duplicate_notice')
      .execute();
    expect(notices).toHaveLength(16);
  });
});
