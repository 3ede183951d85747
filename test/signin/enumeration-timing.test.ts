import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount } from '../helpers/accounts.js';
import { extractCsrfToken } from '../helpers/forms.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const rounds = 24;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Known and unknown emails, interleaved so drift hits both alike, each try from its own
 * network and for its own email (so throttles never kick in): same status and body, and
 * medians within a margin.
 */
describe('no account enumeration by answer or timing', () => {
  let t: TestApp;
  let csrf: { cookie: string; token: string };
  beforeAll(async () => {
    t = await buildTestApp({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
    const page = await t.app.inject({ url: '/password/forgot' });
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    csrf = { cookie, token: extractCsrfToken(page.body) };
  });
  afterAll(async () => {
    await t.close();
  });

  const measure = async (run: (i: number, known: boolean) => Promise<{ status: number; body: string }>) => {
    const times = { known: [] as number[], unknown: [] as number[] };
    const differences: number[] = [];
    const answers = new Set<string>();
    // Warm-up: the dummy hash, JIT, statement caches.
    await run(1000, true);
    await run(1001, false);
    for (let i = 0; i < rounds; i++) {
      const pair: Record<string, number> = {};
      for (const known of i % 2 ? [true, false] : [false, true]) {
        const start = performance.now();
        const answer = await run(i, known);
        pair[String(known)] = performance.now() - start;
        times[known ? 'known' : 'unknown'].push(pair[String(known)]!);
        answers.add(`${answer.status} ${answer.body}`);
      }
      differences.push(pair.true! - pair.false!);
    }
    // The median of paired differences shrugs off load from other processes better than two medians.
    return {
      known: median(times.known),
      unknown: median(times.unknown),
      difference: median(differences),
      answers: [...answers],
    };
  };

  it('on login', async () => {
    const accounts = await Promise.all(Array.from({ length: rounds }, () => createTestAccount(t)));
    const warm = await createTestAccount(t);
    const result = await measure(async (i, known) => {
      const email = known ? (accounts[i]?.email ?? warm.email) : `ghost-${i}@example.com`;
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { 'x-forwarded-for': `10.1.${i % 250}.${known ? 1 : 2}` },
        payload: { email, password: 'not the right password' },
      });
      return { status: response.statusCode, body: response.body };
    });
    expect(result.answers).toHaveLength(1);
    const margin = Math.max(3, 0.25 * Math.max(result.known, result.unknown));
    expect(Math.abs(result.difference), JSON.stringify(result)).toBeLessThan(margin);
  });

  it('on forgotten password', async () => {
    const accounts = await Promise.all(Array.from({ length: rounds }, () => createTestAccount(t)));
    const warm = await createTestAccount(t);
    const result = await measure(async (i, known) => {
      const email = known ? (accounts[i]?.email ?? warm.email) : `ghost-${i}@example.com`;
      const response = await t.app.inject({
        method: 'POST',
        url: '/password/forgot',
        headers: {
          'x-forwarded-for': `10.2.${i % 250}.${known ? 1 : 2}`,
          cookie: csrf.cookie,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({ _csrf: csrf.token, email }).toString(),
      });
      return { status: response.statusCode, body: `${response.headers.location} ${response.body}` };
    });
    expect(result.answers).toHaveLength(1);
    const margin = Math.max(2, 0.5 * Math.max(result.known, result.unknown));
    expect(Math.abs(result.difference), JSON.stringify(result)).toBeLessThan(margin);
  });
});
