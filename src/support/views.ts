import type { FastifyReply, FastifyRequest } from 'fastify';
import { captchaFor } from '../captcha/captcha.js';
import { alert, button, card, errorSummary, field } from '../web/components.js';
import type { FieldErrors } from '../web/errors.js';
import { html, type SafeHtml } from '../web/html.js';
import type { Translate } from '../web/i18n/catalogue.js';
import type { Locale } from '../web/i18n/locales.js';
import { supportTopics } from './schema.js';

export type ContactValues = Readonly<Record<string, string | undefined>>;

/** A labelled multi-line field, wired for screen readers like field(). */
function textArea(o: {
  name: string;
  label: string;
  value?: string | undefined;
  errors?: FieldErrors | undefined;
  t: Translate;
}): SafeHtml {
  const id = `f-${o.name}`;
  const errorKey = o.errors?.[o.name];
  return html`<div class="field${errorKey ? ' field--error' : ''}">
  <label for="${id}">${o.label} <span class="field__optional">(${o.t('common.optional')})</span></label>
  <div class="field__control"><textarea id="${id}" name="${o.name}" rows="5" maxlength="4000"${errorKey ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>${o.value ?? ''}</textarea></div>
  ${errorKey ? html`<p class="field__error" id="${id}-error" role="alert">${o.t(errorKey)}</p>` : ''}
</div>`;
}

function topicSelect(t: Translate, selected: string | undefined, errors: FieldErrors | undefined): SafeHtml {
  const errorKey = errors?.topic;
  const options = supportTopics.map(
    (topic) =>
      html`<option value="${topic}"${topic === selected ? ' selected' : ''}>${t(`support.topic.${topic}` as const)}</option>`,
  );
  return html`<div class="field${errorKey ? ' field--error' : ''}">
  <label for="f-topic">${t('support.topic.label')}</label>
  <div class="field__control"><select id="f-topic" name="topic" required aria-required="true"${errorKey ? html` aria-invalid="true" aria-describedby="f-topic-error"` : ''}>
    <option value=""${selected ? '' : ' selected'} disabled>—</option>
    ${options}
  </select></div>
  ${errorKey ? html`<p class="field__error" id="f-topic-error" role="alert">${t(errorKey)}</p>` : ''}
</div>`;
}

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
    html`${state.formError ?? errorSummary(errors, t)}
<p>${t('support.contact.lead')}</p>
<form method="post" action="/support/contact" novalidate id="contact-form">
  ${reply.csrfInput()}
  ${topicSelect(t, values.topic, errors)}
  ${field({ name: 'name', label: t('support.name.label'), value: values.name, autocomplete: 'name', required: true, maxlength: 200, errors, t })}
  ${field({ name: 'contact', label: t('support.contact.label'), hint: t('support.contact.hint'), value: values.contact, autocomplete: 'email', required: true, maxlength: 254, errors, t })}
  ${field({ name: 'services', label: t('support.services.label'), hint: t('support.services.hint'), value: values.services, required: true, maxlength: 500, errors, t })}
  <fieldset class="fieldset">
    <legend class="field__hint">${t('support.sms.hint')}</legend>
    ${field({ name: 'smsPhone', label: t('support.smsPhone.label'), type: 'tel', inputmode: 'tel', value: values.smsPhone, optional: true, maxlength: 40, errors, t })}
    ${field({ name: 'smsTimes', label: t('support.smsTimes.label'), value: values.smsTimes, optional: true, maxlength: 200, errors, t })}
  </fieldset>
  ${textArea({ name: 'message', label: t('support.message.label'), value: values.message, errors, t })}
  <div class="field${errors?.captcha ? ' field--error' : ''}">
    <p class="field__label">${t('captcha.label')}</p>
    ${captcha.renderWidget(request)}
    ${errors?.captcha ? html`<p class="field__error" id="f-captcha-error" role="alert">${t(errors.captcha)}</p>` : ''}
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
