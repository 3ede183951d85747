import type { MessageParams, Translate } from './i18n/catalogue.js';
import type { FieldErrors } from './errors.js';
import { html, type SafeHtml } from './html.js';

export interface FieldOptions {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'email' | 'tel' | 'password' | 'number';
  readonly value?: string | undefined;
  readonly hint?: string | undefined;
  readonly errors?: FieldErrors | undefined;
  readonly t: Translate;
  readonly autocomplete?: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly inputmode?: 'numeric' | 'tel' | 'email' | 'text';
  readonly maxlength?: number;
  readonly pattern?: string;
  readonly autofocus?: boolean;
  /** Extra markup right after the input (the password key button). */
  readonly addon?: SafeHtml;
  readonly id?: string;
  /** A multi-line text area of this many rows instead of a one-line input. */
  readonly rows?: number;
  /** A choice from these options (a select) instead of a typed value. */
  readonly choices?: readonly { readonly value: string; readonly label: string }[];
}

/** A labelled input (or text area, or select) with its hint and its error, wired for screen readers. */
export function field(o: FieldOptions): SafeHtml {
  const id = o.id ?? `f-${o.name}`;
  const errorKey = o.errors?.[o.name];
  const describedBy = [o.hint ? `${id}-hint` : '', errorKey ? `${id}-error` : ''].filter(Boolean).join(' ');
  const wiring = html`${o.required ? html` required aria-required="true"` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${errorKey ? html` aria-invalid="true"` : ''}`;
  const control = o.choices
    ? html`<select id="${id}" name="${o.name}"${wiring}>
      <option value=""${o.value ? '' : ' selected'} disabled>—</option>
      ${o.choices.map((c) => html`<option value="${c.value}"${c.value === o.value ? ' selected' : ''}>${c.label}</option>`)}
    </select>`
    : o.rows
      ? html`<textarea id="${id}" name="${o.name}" rows="${o.rows}"${wiring}>${o.value ?? ''}</textarea>`
      : html`<input id="${id}" name="${o.name}" type="${o.type ?? 'text'}"${o.type === 'password' ? '' : html` value="${o.value ?? ''}"`}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${o.pattern ? html` pattern="${o.pattern}"` : ''}${o.autofocus ? html` autofocus` : ''}${wiring}>`;
  return html`<div class="field${errorKey ? ' field--error' : ''}">
  <label for="${id}">${o.label}${o.optional ? html` <span class="field__optional">(${o.t('common.optional')})</span>` : ''}</label>
  ${o.hint ? html`<p class="field__hint" id="${id}-hint">${o.hint}</p>` : ''}
  <div class="field__control">
    ${control}
    ${o.addon ?? ''}
  </div>
  ${errorKey ? html`<p class="field__error" id="${id}-error" role="alert">${o.t(errorKey)}</p>` : ''}
</div>`;
}

export interface CheckboxOptions {
  readonly name: string;
  readonly label: SafeHtml | string;
  readonly checked?: boolean;
  readonly errors?: FieldErrors | undefined;
  readonly t: Translate;
  readonly required?: boolean;
}

export function checkbox(o: CheckboxOptions): SafeHtml {
  const id = `f-${o.name}`;
  const errorKey = o.errors?.[o.name];
  return html`<div class="field field--checkbox${errorKey ? ' field--error' : ''}">
  <input id="${id}" name="${o.name}" type="checkbox" value="on"${o.checked ? ' checked' : ''}${o.required ? html` required aria-required="true"` : ''}${errorKey ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
  <label for="${id}">${o.label}</label>
  ${errorKey ? html`<p class="field__error" id="${id}-error" role="alert">${o.t(errorKey)}</p>` : ''}
</div>`;
}

export type AlertKind = 'info' | 'success' | 'warning' | 'error';

/**
 * "1 · 2 · 3" over the sign-up steps. The digits are decoration; a screen reader hears the
 * sentence ("Sign-up, step 2 of 3"), which an aria-label on a paragraph would not reliably give.
 */
export function signUpSteps(current: 1 | 2 | 3, t: Translate): SafeHtml {
  const digits = ([1, 2, 3] as const).map((n) =>
    n === current ? html`<span class="steps__current">${String(n)}</span>` : String(n),
  );
  return html`<p class="steps"><span class="visually-hidden">${t('steps.label', { current })}</span><span aria-hidden="true">${digits[0]} · ${digits[1]} · ${digits[2]}</span></p>`;
}

export function alert(kind: AlertKind, body: SafeHtml | string, title?: string): SafeHtml {
  const role = kind === 'error' ? 'alert' : 'status';
  return html`<div class="alert alert--${kind}" role="${role}">${title ? html`<p class="alert__title">${title}</p>` : ''}<div class="alert__body">${body}</div></div>`;
}

/** The summary at the top of a form with errors; each field still shows its own. */
export function errorSummary(
  errors: FieldErrors | undefined,
  t: Translate,
  params?: MessageParams,
): SafeHtml | '' {
  if (!errors || Object.keys(errors).length === 0) return '';
  const formError = errors._form;
  return alert('error', formError ? t(formError, params) : t('error.summary'));
}

export function card(body: SafeHtml, opts: { title?: string; narrow?: boolean } = {}): SafeHtml {
  return html`<section class="card${opts.narrow ? ' card--narrow' : ''}">${opts.title ? html`<h1 class="card__title">${opts.title}</h1>` : ''}${body}</section>`;
}

export function button(
  label: string,
  opts: {
    kind?: 'primary' | 'secondary' | 'link';
    name?: string;
    value?: string;
    type?: 'submit' | 'button';
    id?: string;
  } = {},
): SafeHtml {
  return html`<button class="button button--${opts.kind ?? 'primary'}" type="${opts.type ?? 'submit'}"${opts.name ? html` name="${opts.name}"` : ''}${opts.value ? html` value="${opts.value}"` : ''}${opts.id ? html` id="${opts.id}"` : ''}>${label}</button>`;
}
