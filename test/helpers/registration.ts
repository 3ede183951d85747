import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Db } from '../../src/db/database.js';
import { solveCaptcha } from './captcha.js';
import { InjectBrowser } from './forms.js';

let counter = 0;

/** A valid person registration (fresh email and a unique Czech mobile number each call). */
export function personForm(overrides: Record<string, string> = {}): Record<string, string> {
  counter += 1;
  const n = String((process.pid * 1000 + counter) % 1_000_000).padStart(6, '0');
  return {
    kind: 'person',
    firstName: 'Jana',
    lastName: 'Nováková',
    email: `jana.${Date.now().toString(36)}.${counter}@example.cz`,
    phone: `601 ${n.slice(0, 3)} ${n.slice(3)}`,
    password: 'velmi dlouhé heslo na koni 42',
    terms: 'on',
    privacy: 'on',
    ...overrides,
  };
}

/** Registers through the form like a browser and returns the browser, now at the phone step. */
export async function registerByForm(
  app: FastifyInstance,
  form: Record<string, string> = personForm(),
  headers: Record<string, string> = {},
): Promise<{
  browser: InjectBrowser;
  form: Record<string, string>;
  status: number;
  location: string | undefined;
  headers: LightMyRequestResponse['headers'];
  body: string;
}> {
  const browser = new InjectBrowser(app, headers);
  const response = await browser.submit('/register', '/register', {
    ...form,
    altcha: await solveCaptcha(app),
  });
  return {
    browser,
    form,
    status: response.statusCode,
    location: response.headers.location as string | undefined,
    headers: response.headers,
    body: response.body,
  };
}

/**
 * Signs up through the JSON API with a freshly solved captcha, the consents given unless `body`
 * says otherwise, from `address` (the app must trust 127.0.0.1 as a proxy for it to count).
 */
export async function registerByApi(
  app: FastifyInstance,
  body: Record<string, unknown>,
  address: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/registration',
    headers: { 'x-forwarded-for': address },
    payload: { terms: true, privacy: true, ...body, captcha: await solveCaptcha(app) },
  });
}

/** The latest SMS code sent to a number, read from the outbox (the test's SMS gateway). */
export async function latestSmsCode(db: Db, phone: string): Promise<string> {
  const row = await db
    .selectFrom('messages')
    .select(['content'])
    .where('channel', '=', 'sms')
    .where('recipient', '=', phone)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const match = /(\d{6})/.exec(JSON.parse(row.content).text);
  if (!match) throw new Error('no code in the SMS');
  return match[1]!;
}

export async function smsTexts(db: Db, phone: string): Promise<string[]> {
  const rows = await db
    .selectFrom('messages')
    .select(['content', 'created_at'])
    .where('channel', '=', 'sms')
    .where('recipient', '=', phone)
    .orderBy('created_at', 'asc')
    .execute();
  return rows.map((r) => JSON.parse(r.content).text as string);
}

/** The activation link in the latest email to an address. */
export async function latestActivationLink(db: Db, email: string): Promise<string> {
  const row = await db
    .selectFrom('messages')
    .select(['content'])
    .where('channel', '=', 'email')
    .where('recipient', '=', email)
    .where('template', '=', 'registration.activation')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const match = /(https?:\/\/\S+\/activate\/[A-Za-z0-9_-]+)/.exec(JSON.parse(row.content).text);
  if (!match) throw new Error('no activation link in the email');
  return match[1]!;
}
