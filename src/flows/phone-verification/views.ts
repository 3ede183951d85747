import type { FastifyReply, FastifyRequest } from 'fastify';
import { alert, errorSummary, field, signUpSteps } from '../../web/components.js';
import type { FieldErrors } from '../../web/errors.js';
import { html, raw, type SafeHtml } from '../../web/html.js';
import type { PhoneStepState } from './service.js';
import { formatPhone } from './phone.js';
import { formatWait } from '../wait-time.js';

export const countdownScript = '/assets/countdown.js';

export interface PhonePageOptions {
  readonly state: PhoneStepState;
  readonly notice?: 'resent' | 'changed' | undefined;
  /** An error of the whole step (caps, cooldown), already translated; may hold a support link. */
  readonly problem?: SafeHtml | undefined;
  readonly codeErrors?: FieldErrors | undefined;
  readonly changeErrors?: FieldErrors | undefined;
  readonly typedPhone?: string | undefined;
}

/** The step after Submit: enter the SMS code, or resend it, or fix the number. */
export function renderPhonePage(
  request: FastifyRequest,
  reply: FastifyReply,
  o: PhonePageOptions,
  status = 200,
): FastifyReply {
  const { t } = request;
  const phone = formatPhone(o.state.phone);
  const seconds = Math.ceil(o.state.resendAvailableInMs / 1000);
  const lead =
    o.notice === 'changed'
      ? alert('success', t('phoneVerification.changed', { phone }))
      : o.notice === 'resent'
        ? alert('success', t('phoneVerification.resent', { phone }))
        : o.state.lastCode === 'live'
          ? html`<p class="card__lead">${t('phoneVerification.sentTo', { phone })}</p>`
          : o.state.lastCode === 'dead'
            ? alert('warning', t('phoneVerification.codeDead', { phone }))
            : o.state.smsCapWaitMs > 0
              ? alert(
                  'warning',
                  t('phoneVerification.notSentUntil', {
                    phone,
                    time: formatWait(o.state.smsCapWaitMs, request.locale),
                  }),
                )
              : alert('warning', t('phoneVerification.notSent', { phone }));
  const resendButton = html`<button class="button button--secondary" type="submit" data-countdown="${seconds}" data-label-ready="${t('phoneVerification.resend')}" data-label-wait="${t('phoneVerification.resendIn', { seconds: '{seconds}' })}"${seconds > 0 ? ' disabled' : ''}>${seconds > 0 ? t('phoneVerification.resendIn', { seconds }) : t('phoneVerification.resend')}</button>`;
  // One summary at the top, focused on load, whichever form was refused: a refused number change
  // must not leave the focus in the code field with its only error far below (on a phone).
  const changeRefused = Object.keys(o.changeErrors ?? {}).length > 0;
  const labels = { code: t('phoneVerification.code'), phone: t('phoneVerification.newPhone') };
  const summary = o.problem
    ? errorSummary({ ...o.codeErrors, ...o.changeErrors }, t, undefined, { title: o.problem, labels })
    : changeRefused
      ? errorSummary(o.changeErrors, t, undefined, {
          title: t('phoneVerification.change.refused', { phone }),
          labels,
        })
      : errorSummary(o.codeErrors, t, undefined, { labels });
  const body = html`<section class="card card--narrow">
  ${signUpSteps(2, t)}
  <h1 class="card__title">${t('phoneVerification.title')}</h1>
  ${summary}
  ${lead}
  <form method="post" action="/register/phone/verify" class="code-form" novalidate>
    ${reply.csrfInput()}
    ${field({ name: 'code', label: t('phoneVerification.code'), hint: t('phoneVerification.code.hint'), errors: o.codeErrors, t, autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 6, pattern: '[0-9]{6}', required: true, autofocus: summary === '' })}
    <div class="form-actions"><button class="button button--primary" type="submit">${t('phoneVerification.verify')}</button></div>
  </form>
  <section class="step-aside">
    <h2>${t('phoneVerification.noSms')}</h2>
    <form method="post" action="/register/phone/resend" class="inline-form resend-form">
      ${reply.csrfInput()}
      ${resendButton}
    </form>
    ${seconds > 0 ? html`<p class="visually-hidden" aria-live="polite" data-countdown-announce="${t('phoneVerification.resendReady')}"></p>` : ''}
    ${seconds > 0 ? html`<p class="field__hint"><span data-countdown-hint data-template="${t('phoneVerification.resendWait', { seconds: '{seconds}' })}">${t('phoneVerification.resendWait', { seconds })}</span> <noscript>${t('phoneVerification.resendNoscript')}</noscript></p>` : ''}
    <p class="field__hint">${raw(t('phoneVerification.support'))}</p>
  </section>
  <section class="step-aside">
    <h2>${t('phoneVerification.change.title')}</h2>
    <p>${t('phoneVerification.change.lead')}</p>
    <form method="post" action="/register/phone/change" novalidate>
      ${reply.csrfInput()}
      ${field({ name: 'phone', label: t('phoneVerification.newPhone'), type: 'tel', value: o.typedPhone ?? '', errors: o.changeErrors, t, autocomplete: 'tel', inputmode: 'tel', maxlength: 30 })}
      <button class="button button--secondary" type="submit">${t('phoneVerification.change')}</button>
    </form>
  </section>
</section>`;
  return reply.page({ title: t('phoneVerification.title'), body, scripts: [countdownScript] }, status);
}

export function renderPhoneVerifiedPage(
  request: FastifyRequest,
  reply: FastifyReply,
  phone: string,
): FastifyReply {
  const { t } = request;
  const body = html`<section class="card card--narrow">
  ${signUpSteps(2, t)}
  <h1 class="card__title">${t('phoneVerification.done.title')}</h1>
  ${alert('success', t('phoneVerification.done.text', { phone: formatPhone(phone) }))}
  <div class="form-actions"><a class="button button--primary" href="/register/email">${t('phoneVerification.continue')}</a></div>
</section>`;
  return reply.page({ title: t('phoneVerification.done.title'), body });
}
