import type { FastifyReply, FastifyRequest } from 'fastify';
import { captchaFor } from '../../captcha/captcha.js';
import { legalDocuments } from '../../legal/documents.js';
import { checkbox, errorSummary, field, signUpSteps } from '../../web/components.js';
import type { FieldErrors } from '../../web/errors.js';
import { html, raw } from '../../web/html.js';
import { keepTypedScript } from '../../web/layout.js';
import { passwordField, passwordScript } from '../../web/password-field.js';

export type RegistrationValues = Readonly<Record<string, string | undefined>>;

const textValue = (values: RegistrationValues, name: string) => {
  const value = values[name];
  return typeof value === 'string' ? value.slice(0, 300) : '';
};

/**
 * The form's fields in the order it shows them: the error summary's links follow it, and the
 * form comes back with the ones that are typed (routes.ts, never the password).
 */
export const formOrder = [
  'kind',
  'firstName',
  'lastName',
  'companyName',
  'companyId',
  'vatId',
  'email',
  'phone',
  'password',
  'terms',
  'privacy',
  'marketing',
  'captcha',
];

/** The sign-up form: works without JavaScript (both holder kinds are in the form; CSS hides the other). */
export function renderRegistrationPage(
  request: FastifyRequest,
  reply: FastifyReply,
  values: RegistrationValues = {},
  reported?: FieldErrors,
  status = 200,
): FastifyReply {
  const { t } = request;
  const kind = values.kind === 'company' ? 'company' : 'person';
  const v = (name: string) => textValue(values, name);
  const checked = (name: string) => values[name] === 'on' || values[name] === 'true';
  const captcha = captchaFor(request.server);
  // The password is never sent back (routes.ts): when the form returns for another field's
  // mistake, its field says to enter it again as a neutral note, not as an error of its own.
  const passwordAgain = reported?.password === 'registration.password.again';
  const errors: FieldErrors | undefined = passwordAgain
    ? Object.fromEntries(Object.entries(reported).filter(([name]) => name !== 'password'))
    : reported;
  // The choice is named by its fieldset's legend; its error describes each of its radios.
  const kindError = errors?.kind ? html` aria-describedby="f-kind-error" aria-invalid="true"` : '';
  const body = html`<section class="card card--form">
  ${signUpSteps(1, t)}
  <h1 class="card__title">${t('registration.title')}</h1>
  <p class="card__lead">${t('registration.lead')}</p>
  ${errorSummary(errors, t, undefined, {
    order: formOrder,
    targets: { kind: kind === 'company' ? 'kind-company' : 'kind-person', captcha: 'f-captcha' },
    labels: {
      kind: t('registration.holder'),
      firstName: t('registration.firstName'),
      lastName: t('registration.lastName'),
      companyName: t('registration.companyName'),
      companyId: t('registration.companyId'),
      vatId: t('registration.vatId'),
      email: t('registration.email'),
      phone: t('registration.phone'),
      password: t('registration.password'),
      terms: t('registration.terms.short'),
      privacy: t('registration.privacy.short'),
      marketing: t('registration.marketing'),
      captcha: t('captcha.label'),
    },
  })}
  <form method="post" action="/register" class="registration-form" novalidate data-keep-typed>
    ${reply.csrfInput()}
    <fieldset class="holder">
      <legend>${t('registration.holder')}</legend>
      <p class="field__hint">${t('registration.holder.hint')}</p>
      <div class="choice">
        <label><input type="radio" name="kind" value="person" id="kind-person"${kind === 'person' ? ' checked' : ''}${kindError}> ${t('registration.kind.person')}</label>
        <label><input type="radio" name="kind" value="company" id="kind-company"${kind === 'company' ? ' checked' : ''}${kindError}> ${t('registration.kind.company')}</label>
      </div>
      ${errors?.kind ? html`<p class="field__error" id="f-kind-error">${t(errors.kind)}</p>` : ''}
      <div class="holder__person">
        <div class="field-row">
          ${field({ name: 'firstName', label: t('registration.firstName'), value: v('firstName'), errors, t, autocomplete: 'given-name', required: true, maxlength: 100 })}
          ${field({ name: 'lastName', label: t('registration.lastName'), value: v('lastName'), errors, t, autocomplete: 'family-name', required: true, maxlength: 100 })}
        </div>
      </div>
      <div class="holder__company">
        ${field({ name: 'companyName', label: t('registration.companyName'), value: v('companyName'), errors, t, autocomplete: 'organization', required: true, maxlength: 100 })}
        <div class="field-row">
          ${field({ name: 'companyId', label: t('registration.companyId'), hint: t('registration.companyId.hint'), value: v('companyId'), errors, t, required: true, maxlength: 20 })}
          ${field({ name: 'vatId', label: t('registration.vatId'), hint: t('registration.vatId.hint'), value: v('vatId'), errors, t, optional: true, maxlength: 20 })}
        </div>
      </div>
    </fieldset>
    <fieldset>
      <legend>${t('registration.contacts')}</legend>
      ${field({ name: 'email', label: t('registration.email'), type: 'email', hint: t('registration.email.hint'), value: v('email'), errors, t, autocomplete: 'email', required: true, maxlength: 254 })}
      ${field({ name: 'phone', label: t('registration.phone'), type: 'tel', hint: t('registration.phone.hint'), value: v('phone'), errors, t, autocomplete: 'tel', inputmode: 'tel', required: true, maxlength: 30 })}
      ${passwordField({ name: 'password', label: t('registration.password'), hint: t('registration.password.hint'), note: passwordAgain ? t('registration.password.again') : undefined, errors, t, autocomplete: 'new-password', generator: true, meter: true })}
    </fieldset>
    <fieldset>
      <legend>${t('registration.consents')}</legend>
      ${checkbox({ name: 'terms', label: raw(t('registration.terms', { version: legalDocuments.terms.version })), checked: checked('terms'), errors, t, required: true })}
      ${checkbox({ name: 'privacy', label: raw(t('registration.privacy', { version: legalDocuments.privacy.version })), checked: checked('privacy'), errors, t, required: true })}
      ${checkbox({ name: 'marketing', label: t('registration.marketing'), checked: checked('marketing'), errors, t })}
    </fieldset>
    <div class="field${errors?.captcha ? ' field--error' : ''}" id="f-captcha" tabindex="-1">
      <p class="field__label">${t('captcha.label')}</p>
      ${captcha.renderWidget(request)}
      ${errors?.captcha ? html`<p class="field__error" id="f-captcha-error">${t(errors.captcha)}</p>` : ''}
    </div>
    <div class="form-actions">
      <button class="button button--primary button--large" type="submit">${t('registration.submit')}</button>
    </div>
  </form>
  <p class="card__footer">${t('registration.haveAccount')} <a href="/login">${t('registration.login')}</a></p>
</section>`;
  return reply.page(
    { title: t('registration.title'), body, scripts: [passwordScript, keepTypedScript] },
    status,
  );
}
