import { formatPhone } from '../phone-verification/phone.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type AlertKind,
  alert,
  button,
  card,
  checkbox,
  errorSummary,
  errorSummaryId,
  field,
} from '../../web/components.js';
import type { FieldErrors } from '../../web/errors.js';
import type { MessageKey, MessageParams, Translate } from '../../web/i18n/catalogue.js';
import { html, type SafeHtml } from '../../web/html.js';
import { passwordField } from '../../web/password-field.js';
import { canEnd, sessionReference } from '../../sessions/manager.js';
import type { StoredSession } from '../../sessions/store.js';

export interface LoginFormState {
  readonly email?: string;
  readonly remember?: boolean;
  readonly next?: string | undefined;
  readonly errors?: FieldErrors;
  /** Values for the form-level message (the wait after too many failures). */
  readonly errorParams?: MessageParams | undefined;
  readonly notice?: LoginNotice | undefined;
  /** Markup of the captcha widget when the next attempt needs one. */
  readonly captcha?: SafeHtml | undefined;
}

type Notice = readonly [AlertKind, MessageKey];

/** The login page's notice, by the `out` its address carries (where a logout sent the browser). */
export const loginNotices = {
  '1': ['success', 'login.loggedOut'],
  all: ['success', 'account.loggedOutEverywhere'],
  expired: ['warning', 'account.sessionEndedNothingDone'],
  'expired-end': ['warning', 'account.sessions.viewerGone'],
} as const satisfies Record<string, Notice>;
export type LoginNotice = keyof typeof loginNotices;

/** The account page's notice, by the `ended` its address carries (after an End button). */
export const accountNotices = {
  '1': ['success', 'account.sessions.ended'],
  '0': ['warning', 'account.sessions.alreadyGone'],
  newer: ['warning', 'account.sessions.newer'],
} as const satisfies Record<string, Notice>;
export type AccountNotice = keyof typeof accountNotices;

function noticeAlert([kind, key]: Notice, t: Translate): SafeHtml {
  return alert(kind, t(key));
}

export function loginPage(request: FastifyRequest, reply: FastifyReply, state: LoginFormState): SafeHtml {
  const { t } = request;
  const notice = state.notice ? noticeAlert(loginNotices[state.notice], t) : '';
  const body = html`${notice}${errorSummary(state.errors, t, state.errorParams, {
    // The field to retype takes the focus (the password after a wrong one); the summary is still announced.
    focus: false,
    labels: { email: t('login.email'), password: t('login.password') },
  })}
<p class="card__lead">${t('login.lead')}</p>
<form method="post" action="/login" novalidate class="form" id="login-form">
  ${reply.csrfInput()}
  ${state.next ? html`<input type="hidden" name="next" value="${state.next}">` : ''}
  ${field({ name: 'email', label: t('login.email'), type: 'email', value: state.email, autocomplete: 'username', inputmode: 'email', required: true, autofocus: !state.email, errors: fieldOnly(state.errors, 'email'), t })}
  ${passwordField({ name: 'password', label: t('login.password'), autocomplete: 'current-password', autofocus: Boolean(state.email), errors: fieldOnly(state.errors, 'password'), t, describedBy: state.errors?._form ? errorSummaryId : undefined })}
  <p class="form-link"><a href="/password/forgot">${t('login.forgot')}</a></p>
  ${checkbox({ name: 'remember', label: t('login.remember'), checked: state.remember ?? false, t })}
  ${state.captcha ?? ''}
  <div class="form-actions">${button(t('login.submit'))}</div>
</form>
<p class="card__footer">${t('login.noAccount')} <a href="/register">${t('login.register')}</a></p>`;
  return card(body, { title: t('login.title'), narrow: true });
}

/** Field errors without the form-level one, which the summary shows. */
function fieldOnly(errors: FieldErrors | undefined, name: string): FieldErrors | undefined {
  const key = errors?.[name];
  return key ? { [name]: key } : undefined;
}

export interface AccountView {
  readonly displayName: string;
  readonly email: string;
  readonly phone: string;
  readonly sessions: readonly StoredSession[];
  readonly currentIdHash: string;
  /** After ending another device's session: done, or it had ended already. */
  readonly notice?: AccountNotice | undefined;
}

export function accountPage(request: FastifyRequest, reply: FastifyReply, view: AccountView): SafeHtml {
  const { t, locale } = request;
  const when = new Intl.DateTimeFormat(locale === 'cs' ? 'cs-CZ' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Prague',
  });
  const own = view.sessions.find((s) => s.idHash === view.currentIdHash);
  const rows = view.sessions.map((s) => {
    const device = describeAgent(s.userAgent) ?? t('account.sessions.unknownDevice');
    const current = s === own;
    // The button's name says which session it ends: "End" alone would repeat down the list.
    const end =
      current || !own || !canEnd(own, s)
        ? ''
        : html`<form method="post" action="/account/sessions/end">
    ${reply.csrfInput()}
    <input type="hidden" name="session" value="${sessionReference(s.idHash)}">
    <button type="submit" class="button button--secondary button--small">${t('account.sessions.end')}<span class="visually-hidden"> ${t('account.sessions.endWhich', { device, started: when.format(s.createdAt), ip: s.ip ?? '—' })}</span></button>
  </form>`;
    return html`<tr${current ? html` class="table__row--current"` : ''}>
  <td data-label="${t('account.sessions.device')}"><span>${device}${s.idHash === view.currentIdHash ? html` <span class="badge badge--ok">${t('account.sessions.current')}</span>` : ''}${s.remember ? html` <span class="badge">${t('account.sessions.remembered')}</span>` : ''}</span></td>
  <td class="mono" data-label="${t('account.sessions.ip')}">${s.ip ?? '—'}</td>
  <td data-label="${t('account.sessions.started')}">${when.format(s.createdAt)}</td>
  <td data-label="${t('account.sessions.lastSeen')}">${when.format(s.lastSeenAt)}</td>
  <td>${end}</td>
</tr>`;
  });
  const notice = view.notice ? noticeAlert(accountNotices[view.notice], t) : '';
  return html`${notice}<section class="card card--wide">
  <h1 class="card__title">${t('account.welcome', { name: view.displayName || view.email })}</h1>
  <p>${t('account.lead')}</p>
  <h2>${t('account.details')}</h2>
  <dl class="details">
    <dt>${t('account.email')}</dt><dd>${view.email}</dd>
    <dt>${t('account.phone')}</dt><dd>${formatPhone(view.phone)}</dd>
  </dl>
</section>
<section class="card card--wide">
  <h2>${t('account.sessions')}</h2>
  <p class="field__hint">${t('account.sessions.lead')}</p>
  <div class="table-wrap"><table class="table table--stack">
    <thead><tr><th scope="col">${t('account.sessions.device')}</th><th scope="col">${t('account.sessions.ip')}</th><th scope="col">${t('account.sessions.started')}</th><th scope="col">${t('account.sessions.lastSeen')}</th><th scope="col"><span class="visually-hidden">${t('account.sessions.actions')}</span></th></tr></thead>
    <tbody>${rows}</tbody>
  </table></div>
  <form method="post" action="/account/logout-everywhere" class="form-actions">
    ${reply.csrfInput()}
    ${button(t('account.logoutEverywhere'), { kind: 'secondary' })}
  </form>
</section>`;
}

/** A short, human name for a user agent ("Chrome on Linux"); null when unknown. */
export function describeAgent(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser =
    [
      [/Edg\//, 'Edge'],
      [/Firefox\//, 'Firefox'],
      [/Chrom(e|ium)\//, 'Chrome'],
      [/Safari\//, 'Safari'],
    ].find(([pattern]) => (pattern as RegExp).test(userAgent))?.[1] ?? null;
  const os =
    [
      [/Android/, 'Android'],
      [/iPhone|iPad/, 'iOS'],
      [/Windows/, 'Windows'],
      [/Mac OS X/, 'macOS'],
      [/Linux/, 'Linux'],
    ].find(([pattern]) => (pattern as RegExp).test(userAgent))?.[1] ?? null;
  if (browser && os) return `${browser} · ${os}`;
  return (browser as string | null) ?? (os as string | null) ?? userAgent.slice(0, 40);
}
