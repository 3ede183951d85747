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
  /**
   * A neutral note under the control, read with it (not an error: no red, no aria-invalid), such
   * as "enter your password again" when a form comes back without it.
   */
  readonly note?: string | undefined;
  /**
   * Ids of elements that also describe the field, read before its own hint and error: the
   * login's form-level error (errorSummaryId) on the password field the page focuses.
   */
  readonly describedBy?: string | undefined;
  /** Extra markup right after the input (the password key button). */
  readonly addon?: SafeHtml;
  readonly id?: string;
  /** A multi-line text area of this many rows instead of a one-line input. */
  readonly rows?: number;
  /** A choice from these options (a select) instead of a typed value. */
  readonly choices?: readonly { readonly value: string; readonly label: string }[];
}

/**
 * A labelled input (or text area, or select) with its hint and its error, wired for screen
 * readers. The error is the field's description, not an alert of its own: the page's one
 * announcement is the error summary (errorSummary), which links here.
 */
export function field(o: FieldOptions): SafeHtml {
  const id = o.id ?? `f-${o.name}`;
  const errorKey = o.errors?.[o.name];
  const describedBy = [
    o.describedBy ?? '',
    o.hint ? `${id}-hint` : '',
    o.note ? `${id}-note` : '',
    errorKey ? `${id}-error` : '',
  ]
    .filter(Boolean)
    .join(' ');
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
  ${o.note ? html`<p class="field__note" id="${id}-note">${o.note}</p>` : ''}
  ${errorKey ? html`<p class="field__error" id="${id}-error">${o.t(errorKey)}</p>` : ''}
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
  ${errorKey ? html`<p class="field__error" id="${id}-error">${o.t(errorKey)}</p>` : ''}
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

/** The error summary's id (one a page): a field can name it among its descriptions. */
export const errorSummaryId = 'error-summary';

export interface ErrorSummaryOptions {
  /** A heading of its own (translated; may hold a link) instead of the form-level message. */
  readonly title?: SafeHtml | string | undefined;
  /** Field name → the id of the element its link goes to; by default `f-<name>`, as field() names it. */
  readonly targets?: Readonly<Record<string, string>> | undefined;
  /**
   * Field name → its label, which starts its link ("Last name: This field is required."), so a
   * link says which field it leads to even when its message is a general one.
   */
  readonly labels?: Readonly<Record<string, string>> | undefined;
  /** The form's field names in the form's order: the links follow it (the others come after). */
  readonly order?: readonly string[] | undefined;
  /** Take the focus when the page loads (the default); false when the page focuses its first wrong field. */
  readonly focus?: boolean | undefined;
}

/**
 * The summary at the top of a form with errors (GOV.UK's error summary): what went wrong for
 * the whole form, then each field's error as a link to its field. It is the page's only
 * role="alert" and takes the focus on load (autofocus works without JavaScript; the CSP forbids
 * an inline script), so a screen reader hears it once, not once per field. Each field still
 * shows its own error next to it, as its description.
 */
export function errorSummary(
  errors: FieldErrors | undefined,
  t: Translate,
  params?: MessageParams,
  options: ErrorSummaryOptions = {},
): SafeHtml | '' {
  const names = Object.keys(errors ?? {}).filter((name) => name !== '_form');
  const formError = errors?._form;
  if (!options.title && !formError && names.length === 0) return '';
  const title = options.title ?? (formError ? t(formError, params) : t('error.summary'));
  const order = options.order ?? [];
  const rank = (name: string) => {
    const at = order.indexOf(name);
    return at === -1 ? order.length : at;
  };
  const sorted = [...names].sort((a, b) => rank(a) - rank(b));
  const links = sorted.map((name) => {
    const key = errors![name]!;
    const target = options.targets?.[name] ?? `f-${name}`;
    const label = options.labels?.[name];
    return html`<li><a href="#${target}">${label ? `${label}: ` : ''}${t(key)}</a></li>`;
  });
  const focus = options.focus ?? true;
  return html`<div class="alert alert--error error-summary" id="${errorSummaryId}" role="alert"${focus ? html` tabindex="-1" autofocus` : ''} data-error-summary><div class="alert__body">${
    links.length > 0
      ? // The links bring their field into view with its label (public/error-summary.js).
        html`<p class="error-summary__title">${title}</p><ul class="error-summary__list">${links}</ul><script src="/assets/error-summary.js" defer></script>`
      : title
  }</div></div>`;
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
