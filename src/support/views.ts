import type { FastifyReply, FastifyRequest } from 'fastify';
import { captchaFor } from '../captcha/captcha.js';
import { alert, button, card, errorSummary, field } from '../web/components.js';
import type { FieldErrors } from '../web/errors.js';
import { html, type SafeHtml } from '../web/html.js';
import type { Locale } from '../web/i18n/locales.js';
import { supportTopics } from './schema.js';

export type ContactValues = Readonly<Record<string, string | undefined>>;

/** The public contact form (no login needed): journeys "I don't know my login email" and "SMS not arriving". */
export function contactPage(
  request: FastifyRequest,
  reply: FastifyReply,
  state: { values?: ContactValues; errors?: FieldErrors | undefined; formError?: SafeHtml | undefined } = {},
): SafeHtml {
  const { t } = request;
  const values = state.values ?? {};
  const errors = state.errors;
  const captcha = captchaFor(request.server);
  return card(
    html`${
      state.formError ??
      errorSummary(errors, t, undefined, {
        order: ['topic', 'name', 'contact', 'services', 'smsPhone', 'smsTimes', 'message', 'captcha'],
        targets: { captcha: 'f-captcha' },
        labels: {
          topic: t('support.topic.label'),
          name: t('support.name.label'),
          contact: t('support.contact.label'),
          services: t('support.services.label'),
          smsPhone: t('support.smsPhone.label'),
          smsTimes: t('support.smsTimes.label'),
          message: t('support.message.label'),
          captcha: t('captcha.label'),
        },
      })
    }
<p>${t('support.contact.lead')}</p>
<form method="post" action="/support/contact" novalidate id="contact-form" data-keep-typed>
  ${reply.csrfInput()}
  ${field({ name: 'topic', label: t('support.topic.label'), value: values.topic, required: true, choices: supportTopics.map((topic) => ({ value: topic, label: t(`support.topic.${topic}` as const) })), errors, t })}
  ${field({ name: 'name', label: t('support.name.label'), value: values.name, autocomplete: 'name', required: true, maxlength: 200, errors, t })}
  ${field({ name: 'contact', label: t('support.contact.label'), hint: t('support.contact.hint'), value: values.contact, autocomplete: 'email', required: true, maxlength: 254, errors, t })}
  ${field({ name: 'services', label: t('support.services.label'), hint: t('support.services.hint'), value: values.services, required: true, maxlength: 500, errors, t })}
  <fieldset class="fieldset">
    <legend class="field__hint">${t('support.sms.hint')}</legend>
    ${field({ name: 'smsPhone', label: t('support.smsPhone.label'), type: 'tel', inputmode: 'tel', autocomplete: 'tel', value: values.smsPhone, optional: values.topic !== 'sms', required: values.topic === 'sms', maxlength: 40, errors, t })}
    ${field({ name: 'smsTimes', label: t('support.smsTimes.label'), value: values.smsTimes, optional: true, maxlength: 200, errors, t })}
  </fieldset>
  ${field({ name: 'message', label: t('support.message.label'), value: values.message, optional: true, rows: 5, maxlength: 4000, errors, t })}
  <div class="field${errors?.captcha ? ' field--error' : ''}" id="f-captcha" tabindex="-1">
    <p class="field__label">${t('captcha.label')}</p>
    ${captcha.renderWidget(request)}
    ${errors?.captcha ? html`<p class="field__error" id="f-captcha-error">${t(errors.captcha)}</p>` : ''}
  </div>
  <div class="form-actions">${button(t('support.submit'))}</div>
</form>`,
    { title: t('support.contact.title') },
  );
}

export function formatDue(dueAt: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'cs' ? 'cs-CZ' : 'en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Prague',
    timeZoneName: 'short',
  }).format(dueAt);
}

export function sentPage(request: FastifyRequest, number: string, due: string): SafeHtml {
  const { t } = request;
  return card(
    html`${alert('success', t('support.sent.text', { number, due }))}
<p class="field__hint">${t('support.sent.hint')}</p>
<div class="form-actions"><a class="button button--primary" href="/login">${t('support.sent.home')}</a></div>`,
    { title: t('support.sent.title'), narrow: true },
  );
}
