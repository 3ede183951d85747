import { randomUUID } from 'node:crypto';
import { recordAuditEvent } from '../audit/audit.js';
import { type Captcha, type CaptchaTicket, captchaFailed } from '../captcha/captcha.js';
import { ipRateLimitKey } from '../net/ip-key.js';
import type { RateLimitRule } from '../rate-limit/limiter.js';
import { type AppServices, rateLimiterIn } from '../services.js';
import { waitRefusal } from '../flows/wait-time.js';
import type { Locale } from '../web/i18n/locales.js';
import type { ContactRequest } from './schema.js';

/** A person writes once or twice; a script that floods the queue is stopped per network. */
export const contactRequestsPerIp: RateLimitRule = {
  name: 'support:contact:ip',
  limit: 5,
  windowMs: 60 * 60_000,
};

const day = 24 * 60 * 60_000;
const supportTimeZone = 'Europe/Prague';
const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: supportTimeZone });

/** One working day later: a request sent on Friday (or at the weekend) is due on Monday. */
export function dueWithinOneWorkingDay(createdAt: number): number {
  let due = createdAt + day;
  while (['Sat', 'Sun'].includes(weekday.format(due))) due += day;
  return due;
}

export interface ContactContext {
  readonly ip: string;
  readonly userAgent: string | null;
  readonly locale: Locale;
}

/** The number a customer can quote: the start of the request's id, upper case. */
export function requestNumber(id: string): string {
  return id.slice(0, 8).toUpperCase();
}

/**
 * Puts a contact-form request in the support queue. The captcha is spent, the address counted,
 * the request stored and audited in one transaction: a replayed captcha or a flood from one
 * network stores nothing.
 */
export async function submitContactRequest(
  services: AppServices,
  input: ContactRequest,
  ctx: ContactContext,
  captchaTicket: { readonly captcha: Captcha; readonly ticket: CaptchaTicket },
): Promise<{ readonly id: string; readonly dueAt: number }> {
  const now = services.clock.now();
  const id = randomUUID();
  const dueAt = dueWithinOneWorkingDay(now);
  const outcome = await services.db.transaction().execute(async (trx) => {
    if (!(await captchaTicket.captcha.consume(trx, captchaTicket.ticket))) return 'captcha' as const;
    const perIp = await rateLimiterIn(services, trx).consume(contactRequestsPerIp, ipRateLimitKey(ctx.ip));
    if (!perIp.allowed) return perIp.retryAfterMs;
    await trx
      .insertInto('support_requests')
      .values({
        id,
        topic: input.topic,
        name: input.name,
        contact: input.contact,
        services: input.services,
        sms_phone: input.smsPhone || null,
        sms_times: input.smsTimes || null,
        message: input.message,
        locale: ctx.locale,
        ip: ctx.ip,
        user_agent: ctx.userAgent?.slice(0, 512) ?? null,
        status: 'open',
        created_at: now,
        due_at: dueAt,
      })
      .execute();
    await recordAuditEvent(trx, {
      at: now,
      actorType: 'anonymous',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      accountId: null,
      action: 'support.request_created',
      outcome: 'success',
      details: { requestId: id, topic: input.topic },
    });
    return null;
  });
  if (outcome === 'captcha') throw captchaFailed();
  if (outcome !== null)
    // The wait itself, not "a moment": each early retry would spend another solved captcha.
    throw waitRefusal('RATE_LIMITED', 'error.rateLimited.wait', outcome, ctx.locale);
  return { id, dueAt };
}
