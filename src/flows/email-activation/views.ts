import type { FastifyReply, FastifyRequest } from 'fastify';
import { alert, signUpSteps } from '../../web/components.js';
import { html, raw, type SafeHtml } from '../../web/html.js';
import { countdownScript } from '../phone-verification/views.js';

export function renderEmailPendingPage(
  request: FastifyRequest,
  reply: FastifyReply,
  o: { email: string; resendAvailableInMs: number; resent?: boolean; problem?: string | undefined },
  status = 200,
): FastifyReply {
  const { t } = request;
  const seconds = Math.ceil(o.resendAvailableInMs / 1000);
  const body = html`<section class="card card--narrow">
  ${signUpSteps(3, request.t)}
  <h1 class="card__title">${t('emailActivation.title')}</h1>
  ${o.resent ? alert('success', t('emailActivation.resent', { email: o.email })) : ''}
  ${o.problem ? alert('error', raw(o.problem)) : ''}
  <div class="mail-illustration" aria-hidden="true">✉</div>
  <p class="card__lead">${t('emailActivation.sent', { email: o.email, subject: t('email.activation.subject') })}</p>
  <p>${t('emailActivation.tips')}</p>
  <form method="post" action="/register/email/resend" class="inline-form">
    ${reply.csrfInput()}
    <button class="button button--secondary" type="submit" data-countdown="${seconds}" data-label-ready="${t('emailActivation.resend')}" data-label-wait="${t('emailActivation.resendIn', { seconds: '{seconds}' })}"${seconds > 0 ? ' disabled' : ''}>${seconds > 0 ? t('emailActivation.resendIn', { seconds }) : t('emailActivation.resend')}</button>
  </form>
  ${seconds > 0 ? html`<noscript><p class="field__hint">${t('phoneVerification.resendNoscript')}</p></noscript>` : ''}
  <section class="step-aside">
    <h2>${t('emailActivation.wrongAddress.title')}</h2>
    <p class="field__hint">${t('emailActivation.wrongAddress.text')}</p>
    <form method="post" action="/register/email/abandon" class="inline-form">
      ${reply.csrfInput()}
      <button class="button button--secondary" type="submit">${t('emailActivation.wrongAddress.button')}</button>
    </form>
  </section>
</section>`;
  return reply.page({ title: t('emailActivation.title'), body, scripts: [countdownScript] }, status);
}

/**
 * The page a link opens where this sign-up has no session: one button that POSTs, so a mail
 * scanner's GET changes nothing.
 */
export function renderActivationConfirmPage(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  email: string,
): FastifyReply {
  const { t } = request;
  const body = html`<section class="card card--narrow">
  ${signUpSteps(3, request.t)}
  <h1 class="card__title">${t('emailActivation.open.title')}</h1>
  <p>${t('emailActivation.open.text', { email })}</p>
  <form method="post" action="/activate/${token}">
    ${reply.csrfInput()}
    <div class="form-actions"><button class="button button--primary button--large" type="submit">${t('emailActivation.open.button')}</button></div>
  </form>
</section>`;
  return reply.page({ title: t('emailActivation.open.title'), body });
}

export function renderActivationDonePage(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { t } = request;
  const body = html`<section class="card card--narrow card--celebrate">
  <svg class="celebrate-icon" aria-hidden="true" width="56" height="56" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><circle cx="12" cy="12" r="10"/><path d="m7.5 12.5 3 3 6-6.5"/></svg>
  <h1 class="card__title">${t('emailActivation.done.title')}</h1>
  ${alert('success', t('emailActivation.done.text'))}
  <div class="form-actions"><a class="button button--primary button--large" href="/login">${t('emailActivation.login')}</a></div>
</section>`;
  return reply.page({ title: t('emailActivation.done.title'), body });
}

export type LinkProblem = 'invalid' | 'expired' | 'used' | 'cancelled';

export function renderActivationProblemPage(
  request: FastifyRequest,
  reply: FastifyReply,
  o: { problem: LinkProblem; token: string; email?: string; notice?: SafeHtml },
  status: number,
): FastifyReply {
  const { t } = request;
  const title = t(`emailActivation.${o.problem}.title`);
  const content =
    o.problem === 'expired'
      ? html`<p>${t('emailActivation.expired.text', { email: o.email ?? '' })}</p>
  <form method="post" action="/activate/${o.token}/resend">
    ${reply.csrfInput()}
    <div class="form-actions"><button class="button button--primary" type="submit">${t('emailActivation.expired.button')}</button></div>
  </form>`
      : o.problem === 'used'
        ? html`<p>${t('emailActivation.used.text')}</p><div class="form-actions"><a class="button button--primary" href="/login">${t('emailActivation.login')}</a></div>`
        : o.problem === 'cancelled'
          ? html`<p>${t('emailActivation.cancelled.text')}</p><div class="form-actions"><a class="button button--primary" href="/register">${t('emailActivation.cancelled.button')}</a></div>`
          : html`<p>${t('emailActivation.invalid.text')}</p><div class="form-actions"><a class="button button--primary" href="/login">${t('emailActivation.login')}</a></div>`;
  const body = html`<section class="card card--narrow">
  <h1 class="card__title">${title}</h1>
  ${o.notice ?? ''}
  ${content}
</section>`;
  return reply.page({ title, body }, status);
}
