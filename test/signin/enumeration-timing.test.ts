import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount } from '../helpers/accounts.js';
import { solveCaptcha } from '../helpers/captcha.js';
import { personForm } from '../helpers/registration.js';
import { extractCsrfToken } from '../helpers/forms.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const rounds = 24;

interface Measurement {
  readonly known: number;
  readonly unknown: number;
  /** Median of the paired differences (known − unknown), ms. */
  readonly difference: number;
  readonly answers: string[];
}

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

  /**
   * Up to three measurements, until one shows the timings within the margin; the answers must be
   * identical in each. A real leak (a skipped hash, an extra write) shows in all three; a burst
   * of load from other processes on a shared CI machine rarely hits three in a row.
   */
  const expectSimilar = async (
    run: (i: number, known: boolean) => Promise<{ status: number; body: string }>,
    marginFor: (m: Measurement) => number,
    between: () => Promise<void> = async () => {},
  ) => {
    const attempts: Measurement[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      // Past every hourly window the attempt before filled (an email's failed logins): each
      // measurement meets the same throttles, none.
      t.clock.advance(2 * 60 * 60_000);
      const result = await measureOnce(run, between);
      expect(result.answers).toHaveLength(1);
      attempts.push(result);
      if (Math.abs(result.difference) < marginFor(result)) return;
    }
    expect.fail(`known and unknown emails took different times: ${JSON.stringify(attempts)}`);
  };

  /** `between` runs after each timed request, off the clock. */
  const measureOnce = async (
    run: (i: number, known: boolean) => Promise<{ status: number; body: string }>,
    between: () => Promise<void>,
  ): Promise<Measurement> => {
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
        await between();
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
    await expectSimilar(
      async (i, known) => {
        const email = known ? (accounts[i]?.email ?? warm.email) : `ghost-${i}@example.com`;
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/session',
          headers: { 'x-forwarded-for': `10.1.${i % 250}.${known ? 1 : 2}` },
          payload: { email, password: 'not the right password' },
        });
        return { status: response.statusCode, body: response.body };
      },
      (r) => Math.max(3, 0.25 * Math.max(r.known, r.unknown)),
    );
  });

  it('on login, for an email whose sign-up is in progress', async () => {
    // Half the emails have a sign-up waiting for its phone; the other half an active account
    // that someone signed up with again (its stand-in "shadow" account). Each must cost a wrong
    // password what an unknown email costs: one Argon2id run.
    const pending = await Promise.all(
      Array.from({ length: rounds / 2 + 1 }, () => createTestAccount(t, { status: 'pending_phone' })),
    );
    const repeated = await Promise.all(Array.from({ length: rounds / 2 }, () => createTestAccount(t)));
    for (const [i, owner] of repeated.entries()) {
      const signUp = await t.app.inject({
        method: 'POST',
        url: '/api/registration',
        headers: { 'x-forwarded-for': `10.4.${i}.1` },
        payload: {
          ...personForm({ email: owner.email }),
          terms: true,
          privacy: true,
          captcha: await solveCaptcha(t.app),
        },
      });
      expect(signUp.statusCode).toBe(201);
    }
    const emails = pending.flatMap((p, i) => [p.email, ...(repeated[i] ? [repeated[i].email] : [])]);
    await expectSimilar(
      async (i, known) => {
        const email = known ? emails[i % emails.length]! : `ghost-pending-${i}@example.com`;
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/session',
          headers: { 'x-forwarded-for': `10.3.${i % 250}.${known ? 1 : 2}` },
          payload: { email, password: 'not the right password' },
        });
        return { status: response.statusCode, body: response.body };
      },
      (r) => Math.max(3, 0.25 * Math.max(r.known, r.unknown)),
    );
  });

  it('on forgotten password', async () => {
    const accounts = await Promise.all(Array.from({ length: rounds }, () => createTestAccount(t)));
    const warm = await createTestAccount(t);
    // The known email's link and email are made after the answer (src/flows/recovery/requests.ts):
    // the answers themselves do the same work, so the margin is tight.
    await expectSimilar(
      async (i, known) => {
        const email = known ? (accounts[i]?.email ?? warm.email) : `ghost-forgot-${i}@example.com`;
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
      },
      (r) => Math.max(0.5, 0.15 * Math.max(r.known, r.unknown)),
      // Each request's link is made before the next is timed, so a known email's work after its
      // answer does not land on whichever request comes next (the same process serves both).
      () => t.app.resetRequests.settle(),
    );
    // And the links did go out, after the answers.
    const links = await t.db
      .selectFrom('messages')
      .select('recipient')
      .where('template', '=', 'recovery.reset_link')
      .execute();
    expect(new Set(links.map((l) => l.recipient))).toEqual(new Set([...accounts, warm].map((a) => a.email)));
  });
});
