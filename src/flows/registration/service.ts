import { randomUUID } from 'node:crypto';
import { normalizeEmail } from '../../accounts/email.js';
import { checkPasswordPolicy } from '../../accounts/password-policy.js';
import { recordAuditEvent, recordAuditEvents } from '../../audit/audit.js';
import { enqueueEmail } from '../../courier/outbox.js';
import { hashPassword } from '../../crypto/passwords.js';
import { isUniqueViolation } from '../../db/dialect.js';
import { type InsertRow, precompile, precompiledInsert } from '../../db/precompiled.js';
import { legalDocuments } from '../../legal/documents.js';
import { ipRateLimitKey } from '../../net/ip-key.js';
import type { RateLimitRule } from '../../rate-limit/limiter.js';
import { type Captcha, type CaptchaTicket, captchaFailed } from '../../captcha/captcha.js';
import type { Db } from '../../db/database.js';
import { type AppServices, rateLimiterIn } from '../../services.js';
import { defaultLocale, isLocale } from '../../web/i18n/locales.js';
import type { SessionManager } from '../../sessions/manager.js';
import type { Session } from '../../sessions/sessions.js';
import { rateLimited, ValidationError } from '../../web/errors.js';
import type { MessageKey } from '../../web/i18n/catalogue.js';
import { type RequestContext, shadowEmailPrefix } from '../context.js';
import { renderDuplicateNoticeEmail } from '../email-activation/emails.js';
import { issuePhoneCode, settleSmsCaps, smsCapHits } from '../phone-verification/service.js';
import { parsePhone } from '../phone-verification/phone.js';
import type { RegistrationInput } from './schema.js';

export const registrationsPerIp: RateLimitRule = {
  name: 'registration:ip',
  limit: 20,
  windowMs: 60 * 60_000,
};

/**
 * Sign-ups per email, counted alike whether the email is taken or not: past these in a day, the
 * owner of a taken email is not emailed again (the audit log still records every attempt), so
 * nobody can flood a customer's mailbox with notices.
 */
export const ownerNoticesPerEmail: RateLimitRule = {
  name: 'registration:email',
  limit: 3,
  windowMs: 24 * 60 * 60_000,
};

export interface RegistrationResult {
  readonly accountId: string;
  readonly token: string;
  readonly session: Session;
  /** False when an SMS cap stopped the first code (the phone page says what to do). */
  readonly codeSent: boolean;
}

declare const checked: unique symbol;

/** Registration input that passed checkRegistrationFields(), with the phone in E.164. */
export type CheckedRegistration = RegistrationInput & { readonly e164: string; readonly [checked]: true };

/**
 * What the schema cannot judge: whether the phone number is one we can text, and whether the
 * password passes the policy. `fields` is empty when both pass; `e164` is null when the phone does not.
 */
export function phoneAndPasswordMistakes(
  services: AppServices,
  typed: { phone: string; password: string; email: string; names: readonly string[] },
): { fields: Record<string, MessageKey>; e164: string | null } {
  const fields: Record<string, MessageKey> = {};
  const phone = parsePhone(typed.phone, services.config.phone);
  if (!phone.ok) fields.phone = phone.error;
  const policy = checkPasswordPolicy(typed.password, { email: typed.email, names: [...typed.names] });
  if (policy) fields.password = policy;
  return { fields, e164: phone.ok ? phone.e164 : null };
}

/** Field checks that need more than the schema: the phone number and the password policy. */
export function checkRegistrationFields(
  services: AppServices,
  input: RegistrationInput,
): CheckedRegistration {
  const names = input.kind === 'person' ? [input.firstName, input.lastName] : [input.companyName];
  const { fields, e164 } = phoneAndPasswordMistakes(services, { ...input, names });
  if (e164 === null || Object.keys(fields).length) throw new ValidationError(fields);
  return { ...input, e164 } as CheckedRegistration;
}

/**
 * Creates the account (pending_phone), records consents, sends the first SMS code and starts a
 * session. An email that already has an account gets a "shadow" account that behaves the same
 * for the caller (so the answer, status and time match) but can never be activated, and the
 * real owner is told by email. The password is hashed outside every transaction.
 */
export async function registerAccount(
  services: AppServices,
  sessions: SessionManager,
  input: CheckedRegistration,
  ctx: RequestContext,
  captchaTicket: { readonly captcha: Captcha; readonly ticket: CaptchaTicket },
): Promise<RegistrationResult> {
  const { clock, config, database } = services;
  const { e164 } = input;
  const ipKey = ipRateLimitKey(ctx.ip);

  // The captcha is spent and the address counted, atomically, before the hash: a replayed
  // solution or a burst from one address must not buy a hash. This commit does not wait for the
  // disk: a power cut in the next fraction of a second could forget it, which would only let
  // that one solution or that one attempt be used once more.
  const { captcha, ticket } = captchaTicket;
  const gate = await database.transactionFlushedLater(async (trx) => {
    if (!(await captcha.consume(trx, ticket))) return 'captcha' as const;
    const perIp = await rateLimiterIn(services, trx).consume(registrationsPerIp, ipKey);
    return perIp.allowed ? null : perIp.retryAfterMs;
  });
  if (gate === 'captcha') throw captchaFailed();
  if (gate !== null) throw rateLimited(gate);

  const emailNormalized = normalizeEmail(input.email);
  // A sign-up with a taken email is hashed with the owner's salt and cost (a read either way):
  // a login then checks both passwords in one Argon2id run, as it checks any email's one.
  const owner = await findOwner(database.db, emailNormalized);
  // The hash runs on a hashing thread (src/crypto/hash-pool.ts) while this thread does what does
  // not need it; only the inserts wait for it.
  const hashing = hashPassword(input.password, owner?.passwordHash);
  hashing.catch(() => {}); // awaited below, unless something before that fails first
  const accountId = randomUUID();
  const now = clock.now();
  const audit = { at: now, ip: ctx.ip, userAgent: ctx.userAgent } as const;
  // The owner of a taken email is told here, while the hash runs, so the answer to a duplicate
  // takes no longer than a new registration.
  const notifyOwner = async (trx: Db, owner: Owner, sendNotice: boolean) => {
    const ownerLocale = isLocale(owner.locale) ? owner.locale : defaultLocale;
    if (sendNotice)
      await enqueueEmail(trx, {
        to: owner.email,
        template: 'registration.duplicate_notice',
        locale: ownerLocale,
        accountId: owner.id,
        now,
        content: renderDuplicateNoticeEmail(ownerLocale, owner.email, {
          loginUrl: new URL('/login', config.publicUrl).href,
          forgotUrl: new URL('/password/forgot', config.publicUrl).href,
        }),
      });
    await recordAuditEvent(trx, {
      ...audit,
      actorType: 'anonymous',
      accountId: owner.id,
      action: 'registration.duplicate_email',
      outcome: 'denied',
      details: { noticeSent: sendNotice },
    });
  };
  const { sms, sendNotice } = await database.transactionFlushedLater(async (trx) => {
    // The SMS caps and the email's sign-ups, in one round trip.
    const smsHits = smsCapHits({ accountId, phone: e164, ipKey });
    const counters = rateLimiterIn(services, trx);
    const decisions = await counters.consumeMany([
      ...smsHits,
      { rule: ownerNoticesPerEmail, key: emailNormalized },
    ]);
    const sms = await settleSmsCaps(counters, smsHits, decisions.slice(0, smsHits.length));
    const sendNotice = decisions[smsHits.length]!.allowed;
    if (owner) await notifyOwner(trx, owner, sendNotice);
    return { sms, sendNotice };
  });
  const prepared = await sessions.prepare({
    accountId,
    epoch: 0,
    remember: false,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  const passwordHash = await hashing;

  /** `tellOwner`: the owner appeared after the lookup above, so this commit tells them. */
  const writeAccount = (owner: Owner | undefined, tellOwner: boolean, passwordHash: string) =>
    // One commit for the account, its consents, code, session and audit. Like a login's, it does
    // not wait for the disk when the session lives in the database: a power cut in the next
    // fraction of a second forgets it whole, and the customer signs up again. What can outlive
    // it is only what the commits above wrote (the log is written in order): a spent captcha,
    // counts, a notice to the owner. Its SMS may have left by then.
    sessions.commitFor(database)(async (trx) => {
      await insertAccount.execute(trx, [
        accountRow(input, ctx, {
          accountId,
          emailNormalized: owner ? `${shadowEmailPrefix}${accountId}` : emailNormalized,
          shadowOf: owner ? emailNormalized : null,
          passwordHash,
          now,
        }),
      ]);
      await insertConsents.execute(trx, consentRows(input, ctx, accountId, now));
      if (sms.allowed)
        await issuePhoneCode(trx, services, {
          accountId,
          phone: e164,
          locale: ctx.locale,
          now,
          newAccount: true,
        });
      await sessions.persistInTransaction(trx, prepared);
      await recordAuditEvents(trx, [
        {
          ...audit,
          actorType: 'customer',
          actorId: accountId,
          accountId,
          action: 'registration.created',
          outcome: 'success',
          details: { kind: input.kind, phone: e164, smsSent: sms.allowed, duplicateEmail: !!owner },
        },
        {
          ...audit,
          actorType: 'customer',
          actorId: accountId,
          accountId,
          action: sms.allowed ? 'phone.code_sent' : 'phone.code_refused',
          outcome: sms.allowed ? 'success' : 'denied',
          details: { reason: sms.allowed ? 'registration' : 'sms_cap', phone: e164 },
        },
      ]);
      if (owner && tellOwner) await notifyOwner(trx, owner, sendNotice);
    });
  try {
    await writeAccount(owner, false, passwordHash);
  } catch (error) {
    // Two registrations of one new email at once: the loser becomes a shadow like any duplicate,
    // hashed again with its new owner's salt like every shadow (a rare second hash).
    if (!isUniqueViolation(error)) throw error;
    const winner = await findOwner(services.db, emailNormalized);
    const shadowHash = winner ? await hashPassword(input.password, winner.passwordHash) : passwordHash;
    await writeAccount(winner, true, shadowHash);
  }
  await sessions.persistAfterCommit(prepared);
  services.courierNotify();
  return { accountId, token: prepared.token, session: prepared.session, codeSent: sms.allowed };
}

type Owner = {
  readonly id: string;
  readonly email: string;
  readonly locale: string;
  readonly passwordHash: string;
};

/** The account that already holds this email, if any. */
async function findOwner(db: Db, emailNormalized: string): Promise<Owner | undefined> {
  const [owner] = await ownerByEmail.execute(db, { email: emailNormalized });
  return (
    owner && { id: owner.id, email: owner.email, locale: owner.locale, passwordHash: owner.password_hash }
  );
}

// Built once (src/db/precompiled.ts): every registration runs these.
const ownerByEmail = precompile(['email'], (db, p) =>
  db
    .selectFrom('accounts')
    .select(['id', 'email', 'locale', 'password_hash'])
    .where('email_normalized', '=', p.email)
    .limit(1),
);

const accountColumns = [
  'id',
  'kind',
  'first_name',
  'last_name',
  'company_name',
  'company_id',
  'vat_id',
  'email',
  'email_normalized',
  'shadow_of',
  'phone',
  'password_hash',
  'status',
  'locale',
  'marketing_consent',
  'phone_verified_at',
  'email_verified_at',
  'password_changed_at',
  'created_at',
  'updated_at',
] as const;

const insertAccount = precompiledInsert('accounts', accountColumns);

const consentColumns = ['account_id', 'document', 'version', 'accepted_at', 'ip', 'user_agent'] as const;

const insertConsents = precompiledInsert('consents', consentColumns);

function accountRow(
  input: CheckedRegistration,
  ctx: RequestContext,
  fields: {
    accountId: string;
    emailNormalized: string;
    shadowOf: string | null;
    passwordHash: string;
    now: number;
  },
): InsertRow<'accounts', (typeof accountColumns)[number]> {
  const person = input.kind === 'person';
  const { now } = fields;
  return {
    id: fields.accountId,
    kind: input.kind,
    first_name: person ? input.firstName : null,
    last_name: person ? input.lastName : null,
    company_name: person ? null : input.companyName,
    company_id: person ? null : input.companyId,
    vat_id: person || !input.vatId ? null : input.vatId,
    email: input.email,
    email_normalized: fields.emailNormalized,
    shadow_of: fields.shadowOf,
    phone: input.e164,
    password_hash: fields.passwordHash,
    status: 'pending_phone' as const,
    locale: ctx.locale,
    marketing_consent: input.marketing ? 1 : 0,
    phone_verified_at: null,
    email_verified_at: null,
    password_changed_at: now,
    created_at: now,
    updated_at: now,
  };
}

function consentRows(
  input: RegistrationInput,
  ctx: RequestContext,
  accountId: string,
  now: number,
): InsertRow<'consents', (typeof consentColumns)[number]>[] {
  return (['terms', 'privacy', ...(input.marketing ? (['marketing'] as const) : [])] as const).map(
    (document) => ({
      account_id: accountId,
      document,
      version: legalDocuments[document].version,
      accepted_at: now,
      ip: ctx.ip,
      user_agent: ctx.userAgent?.slice(0, 512) ?? null,
    }),
  );
}
