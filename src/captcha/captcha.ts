import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import { hashToken } from '../crypto/tokens.js';
import type { Db } from '../db/database.js';
import type { AppServices } from '../services.js';
import { AppError } from '../web/errors.js';
import { html, type SafeHtml } from '../web/html.js';
import { checkAltchaPayload, deriveAltchaKeys } from './altcha.js';
import { siteverify, siteverifyUrls } from './siteverify.js';

export interface Captcha {
  readonly provider: Config['captcha']['provider'];
  /** The widget to put inside a form (scripts included; they follow the strict CSP). */
  renderWidget(request: FastifyRequest): SafeHtml;
  /** The captcha answer a form or JSON body carries, whichever provider is configured. */
  payloadFrom(body: unknown): unknown;
  /** True once per solved challenge; false (fail closed) on anything doubtful. */
  verify(payload: unknown, ip: string): Promise<boolean>;
  /**
   * The first half of verify(): checks the answer without writing. Call consume() with its
   * ticket before any costly work (a password hash), so a replayed answer costs nothing.
   */
  check(payload: unknown, ip: string): Promise<CaptchaTicket | null>;
  /** Marks a checked answer used in `db`; false when it was used already. */
  consume(db: Db, ticket: CaptchaTicket): Promise<boolean>;
}

export interface CaptchaTicket {
  readonly id: string;
  readonly expiresAt: number;
}

export interface CaptchaDeps {
  readonly db: Db;
  readonly clock: Clock;
}

/** Every form's answer to a captcha that is missing, wrong, expired or already used. */
export function captchaFailed(): AppError {
  return new AppError('CAPTCHA_FAILED', 400, 'captcha.failed', { captcha: 'captcha.failed' });
}

/**
 * `fields` with the captcha's own error added when nothing was solved: a form refused for its
 * fields names an unsolved captcha in the same answer (a solved one is checked, and spent, only
 * once the fields are valid).
 */
export function withUnsolvedCaptcha<T extends Record<string, unknown>>(fields: T, payload: unknown) {
  return payload === undefined || payload === ''
    ? { ...fields, captcha: captchaFailed().fields.captcha! }
    : fields;
}

/** Form field names the providers' widgets post; `captcha` is the JSON API's. */
const payloadFields = ['altcha', 'cf-turnstile-response', 'h-captcha-response', 'captcha'] as const;

export function createCaptcha(config: Config, deps: CaptchaDeps): Captcha {
  const { provider } = config.captcha;
  const altchaKeys = deriveAltchaKeys(config.secret);

  /** Remembers a used challenge until it would have expired anyway; false when seen before. */
  async function markUsed(id: string, expiresAt: number, db: Db = deps.db): Promise<boolean> {
    const now = deps.clock.now();
    // Old entries are swept now and then, not on every use: each write is a commit to wait for.
    if (Math.random() < 0.02) await db.deleteFrom('captcha_uses').where('expires_at', '<', now).execute();
    const result = await db
      .insertInto('captcha_uses')
      .values({ id, expires_at: Math.max(expiresAt, now + 60_000) })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  const captcha: Captcha = {
    provider,
    renderWidget(request) {
      const { t, locale } = request;
      if (provider === 'altcha') {
        return html`<div class="captcha" data-captcha="altcha">
  <altcha-widget challenge="/captcha/challenge" name="altcha" language="${locale}" configuration='{"minDuration":150,"workers":2,"hideFooter":true,"hideLogo":true}'></altcha-widget>
  <noscript><p class="field__hint">${t('captcha.noscript')}</p></noscript>
  <link rel="stylesheet" href="/captcha/altcha.css">
  <script src="/captcha/altcha.js"></script>
  ${locale === 'cs' ? html`<script src="/captcha/i18n/cs.js"></script>` : ''}
  <script src="/assets/captcha.js"></script>
</div>`;
      }
      const siteKey = config.captcha.siteKey ?? '';
      if (provider === 'turnstile') {
        return html`<div class="captcha"><div class="cf-turnstile" data-sitekey="${siteKey}" data-language="${locale}"></div>
<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script></div>`;
      }
      return html`<div class="captcha"><div class="h-captcha" data-sitekey="${siteKey}" data-hl="${locale}"></div>
<script src="https://js.hcaptcha.com/1/api.js" async defer></script></div>`;
    },
    payloadFrom(body) {
      if (!body || typeof body !== 'object') return undefined;
      const record = body as Record<string, unknown>;
      for (const name of payloadFields) if (record[name] !== undefined) return record[name];
      return undefined;
    },
    async check(payload, ip) {
      try {
        if (provider === 'altcha') {
          const check = await checkAltchaPayload(altchaKeys, payload);
          if (!check.verified || !check.id) return null;
          return { id: `altcha:${check.id}`, expiresAt: check.expiresAt };
        }
        if (typeof payload !== 'string' || payload.length === 0 || payload.length > 4096) return null;
        const ok = await siteverify(
          {
            url: config.captcha.verifyUrl ?? siteverifyUrls[provider],
            secretKey: config.captcha.secretKey ?? '',
            siteKey: config.captcha.siteKey,
          },
          payload,
          ip,
        );
        return ok
          ? { id: `${provider}:${hashToken(payload)}`, expiresAt: deps.clock.now() + 10 * 60_000 }
          : null;
      } catch {
        return null;
      }
    },
    async consume(db, ticket) {
      return markUsed(ticket.id, ticket.expiresAt, db);
    },
    async verify(payload, ip) {
      try {
        const ticket = await captcha.check(payload, ip);
        return ticket !== null && (await markUsed(ticket.id, ticket.expiresAt));
      } catch {
        return false;
      }
    },
  };
  return captcha;
}

const perApp = new WeakMap<AppServices, Captcha>();

/** The app's captcha: one per app (keyed by its services), built on first use. */
export function captchaFor(app: FastifyInstance): Captcha {
  let captcha = perApp.get(app.services);
  if (!captcha) {
    const { config, db, clock } = app.services;
    captcha = createCaptcha(config, { db, clock });
    perApp.set(app.services, captcha);
  }
  return captcha;
}
