import type { FastifyReply, FastifyRequest } from 'fastify';
import { alert, button, card, errorSummary, field } from '../../web/components.js';
import type { FieldErrors } from '../../web/errors.js';
import { html, type SafeHtml } from '../../web/html.js';
import { newPasswordFields } from '../../web/password-field.js';

export function forgotPage(
  request: FastifyRequest,
  reply: FastifyReply,
  state: { email?: string; errors?: FieldErrors | undefined; formError?: SafeHtml | undefined } = {},
): SafeHtml {
  const { t } = request;
  return html`${card(
    html`${state.formError ?? errorSummary(state.errors, t, undefined, { focus: false, labels: { email: t('recovery.forgot.email') } })}
<p>${t('recovery.forgot.lead')}</p>
<form method="post" action="/password/forgot" novalidate id="forgot-form">
  ${reply.csrfInput()}
  ${field({ name: 'email', label: t('recovery.forgot.email'), type: 'email', value: state.email, autocomplete: 'username', inputmode: 'email', required: true, autofocus: true, errors: state.errors, t })}
  <p class="field__hint">${t('recovery.forgot.sameBrowser')}</p>
  <div class="form-actions">${button(t('recovery.forgot.submit'))}<a class="button button--link" href="/login">${t('recovery.forgot.backToLogin')}</a></div>
</form>`,
    { title: t('recovery.forgot.title'), narrow: true },
  )}
<section class="card card--narrow card--muted">
  <h2>${t('recovery.forgot.unknownEmail.title')}</h2>
  <p>${t('recovery.forgot.unknownEmail.text')}</p>
  <p><a href="/support/contact?topic=login_email">${t('recovery.forgot.unknownEmail.link')}</a></p>
</section>`;
}

export function sentPage(request: FastifyRequest): SafeHtml {
  const { t } = request;
  return card(
    html`${alert('success', t('recovery.sent.text'))}
<p><strong>${t('recovery.sent.sameBrowser')}</strong></p>
<p class="field__hint">${t('recovery.sent.notArrived')} <a href="/password/forgot">${t('recovery.sent.again')}</a>.</p>`,
    { title: t('recovery.sent.title'), narrow: true },
  );
}

/**
 * Choosing the new password. The focus starts in New password, after a refusal of either field
 * too (both are typed again, as a note under it says), or on the summary when the refusal was
 * about the whole form.
 */
export function resetPage(request: FastifyRequest, reply: FastifyReply, errors?: FieldErrors): SafeHtml {
  const { t } = request;
  const order = ['newPassword', 'confirmPassword'];
  // Neither password comes back: after any refusal both are typed again, from New password (a
  // mismatch flagged on Confirm alone would lead its fixer into "New password is required").
  const refused = order.some((name) => errors?.[name]);
  const hasErrors = Object.keys(errors ?? {}).length > 0;
  const autofocus = refused || !hasErrors ? 'newPassword' : undefined;
  return card(
    html`${errorSummary(errors, t, undefined, {
      order,
      focus: !refused,
      labels: {
        newPassword: t('recovery.reset.newPassword'),
        confirmPassword: t('recovery.reset.confirmPassword'),
      },
    })}
<p>${t('recovery.reset.lead')}</p>
<form method="post" action="/password/reset" novalidate id="reset-form">
  ${reply.csrfInput()}
  ${newPasswordFields({ t, errors, label: t('recovery.reset.newPassword'), confirmLabel: t('recovery.reset.confirmPassword'), autofocus, note: refused ? t('passwordField.again') : undefined })}
  <p class="field__hint">${t('recovery.reset.afterwards')}</p>
  <div class="form-actions">${button(t('recovery.reset.submit'))}</div>
</form>`,
    { title: t('recovery.reset.title'), narrow: true },
  );
}

export function wrongBrowserPage(request: FastifyRequest): SafeHtml {
  const { t } = request;
  return card(
    html`${alert('warning', t('recovery.wrongBrowser.text'))}
<p>${t('recovery.wrongBrowser.hint')}</p>
<div class="form-actions"><a class="button button--primary" href="/password/forgot">${t('recovery.wrongBrowser.startAgain')}</a></div>`,
    { title: t('recovery.wrongBrowser.title'), narrow: true },
  );
}

export function invalidLinkPage(request: FastifyRequest): SafeHtml {
  const { t } = request;
  return card(
    html`${alert('error', t('recovery.invalid.text'))}
<div class="form-actions"><a class="button button--primary" href="/password/forgot">${t('recovery.invalid.startAgain')}</a></div>`,
    { title: t('recovery.invalid.title'), narrow: true },
  );
}

export function donePage(request: FastifyRequest): SafeHtml {
  const { t } = request;
  return card(
    html`${alert('success', t('recovery.done.text'))}
<div class="form-actions"><a class="button button--primary" href="/login">${t('recovery.done.login')}</a></div>`,
    { title: t('recovery.done.title'), narrow: true },
  );
}
