import type { MessageKey, Translate } from './i18n/catalogue.js';
import { field } from './components.js';
import type { FieldErrors } from './errors.js';
import { html, type SafeHtml } from './html.js';
import { defineMessages } from './i18n/define.js';

/** The script behind the key button, the show/hide toggle and the strength meter. */
export const passwordScript = '/assets/password.js';

export interface PasswordFieldOptions {
  readonly name: string;
  readonly label: string;
  readonly t: Translate;
  readonly errors?: FieldErrors | undefined;
  /** `new-password` (sign-up, reset) lets password managers offer to save; `current-password` to fill. */
  readonly autocomplete: 'new-password' | 'current-password';
  /** The key button that fills in a strong random password and shows it. */
  readonly generator?: boolean;
  /** The strength meter that explains itself. */
  readonly meter?: boolean;
  /** The confirm field the generator fills too (the reset page's second field). */
  readonly confirmName?: string;
  readonly hint?: string;
  /** A neutral note under the field (the sign-up form's "enter it again"); not an error. */
  readonly note?: string | undefined;
  readonly autofocus?: boolean;
  /** Ids of elements that also describe it (see FieldOptions.describedBy). */
  readonly describedBy?: string | undefined;
}

const keyIcon = html`<svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><circle cx="7.5" cy="15.5" r="4.5"/><path d="m10.7 12.3 9.8-9.8"/><path d="m15.5 7.5 3 3"/><path d="m18 5 2.5 2.5"/></svg>`;

const strengthKeys = [
  'passwordStrength.level0',
  'passwordStrength.level1',
  'passwordStrength.level2',
  'passwordStrength.level3',
  'passwordStrength.level4',
  'passwordStrength.short',
  'passwordStrength.recommend',
  'passwordStrength.common',
  'passwordStrength.personal',
  'passwordStrength.repeated',
  'passwordStrength.sequence',
  'passwordStrength.good',
  'passwordStrength.long',
] as const satisfies readonly MessageKey[];

/**
 * A password input. Paste and password managers always work (no handlers block them); the
 * value is never rendered back into the HTML. The buttons and meter appear only with JS.
 */
export function passwordField(o: PasswordFieldOptions): SafeHtml {
  const id = `f-${o.name}`;
  const { t } = o;
  // "Show" or "Hide" on screen; its name also says which field ("Show New password"), since the
  // reset page has two. The word is the state: no aria-pressed to contradict it.
  const toggle = html`<button type="button" class="button button--icon password-toggle" data-password-toggle="${id}" aria-controls="${id}" data-label-show="${t('passwordField.show')}" data-label-hide="${t('passwordField.hide')}" hidden><span class="password-toggle__word">${t('passwordField.show')}</span><span class="visually-hidden"> ${o.label}</span></button>`;
  const generator = o.generator
    ? html`<button type="button" class="button button--icon password-key" data-password-generate="${id}"${o.confirmName ? html` data-password-confirm="f-${o.confirmName}"` : ''} aria-label="${t('passwordField.generate')}" title="${t('passwordField.generate')}" aria-controls="${id}" hidden>${keyIcon}</button>`
    : '';
  const meter = o.meter
    ? html`<div class="strength" data-strength-for="${id}" data-messages="${JSON.stringify(
        Object.fromEntries(strengthKeys.map((key) => [key.slice('passwordStrength.'.length), t(key)])),
      )}" hidden>
  <div class="strength__bar" aria-hidden="true"><div class="strength__fill"></div></div>
  <p class="strength__text" id="${id}-strength"></p>
  <p class="visually-hidden strength__announce" aria-live="polite"></p>
</div>
<p class="password-generated" id="${id}-generated" role="status" hidden>${t('passwordField.generated')}</p>`
    : '';
  return html`<div class="password-field">${field({
    name: o.name,
    label: o.label,
    type: 'password',
    t,
    errors: o.errors,
    autocomplete: o.autocomplete,
    required: true,
    // No maxlength: browsers count it in UTF-16 units, the policy in characters (an emoji is
    // two units), so it would cut a valid password; the server says when one is too long.
    hint: o.hint,
    note: o.note,
    describedBy: o.describedBy,
    autofocus: o.autofocus ?? false,
    addon: html`${generator}${toggle}`,
  })}${meter}</div>`;
}

/** "New password" + "Confirm new password", the key button filling both (the reset page). */
export function newPasswordFields(o: {
  readonly t: Translate;
  readonly errors?: FieldErrors | undefined;
  readonly name?: string;
  readonly confirmName?: string;
  readonly label?: string;
  readonly confirmLabel?: string;
  /** The name of the field that takes the focus when the page loads, if one should. */
  readonly autofocus?: string | undefined;
  /** A neutral note under New password (after a refusal: "enter it in both fields again"). */
  readonly note?: string | undefined;
}): SafeHtml {
  const name = o.name ?? 'newPassword';
  const confirmName = o.confirmName ?? 'confirmPassword';
  return html`${passwordField({
    name,
    label: o.label ?? o.t('passwordField.newLabel'),
    t: o.t,
    errors: o.errors,
    autocomplete: 'new-password',
    generator: true,
    meter: true,
    confirmName,
    hint: o.t('passwordField.hint'),
    note: o.note,
    autofocus: o.autofocus === name,
  })}${passwordField({
    name: confirmName,
    label: o.confirmLabel ?? o.t('passwordField.confirmLabel'),
    t: o.t,
    errors: o.errors,
    autocomplete: 'new-password',
    autofocus: o.autofocus === confirmName,
  })}`;
}

export const passwordFieldMessages = defineMessages(
  {
    'passwordField.generate': 'Key: generate a strong password',
    'passwordField.generated':
      'We generated a strong password and show it in clear text: save it in your password manager or write it down before you continue.',
    'passwordField.show': 'Show',
    'passwordField.hide': 'Hide',
    'passwordField.hint': 'At least 8 characters, 15 or more is better. Any characters, spaces too.',
    'passwordField.newLabel': 'New password',
    'passwordField.again':
      'For your security the passwords are not sent back: enter the new one in both fields again.',
    'passwordField.confirmLabel': 'Confirm new password',
    'passwordStrength.level0': 'Too short',
    'passwordStrength.level1': 'Weak',
    'passwordStrength.level2': 'Fair',
    'passwordStrength.level3': 'Good',
    'passwordStrength.level4': 'Strong',
    'passwordStrength.short': 'Too short: at least 8 characters are required ({n} to go).',
    'passwordStrength.recommend': 'Longer is stronger: 15 or more characters, or a few unrelated words.',
    'passwordStrength.common': 'This is one of the most common passwords: anyone would guess it.',
    'passwordStrength.personal': 'It contains your email or name: it will be refused, choose another.',
    'passwordStrength.repeated': 'Repeated characters are easy to guess.',
    'passwordStrength.sequence': 'Sequences such as 1234 or qwerty are easy to guess.',
    'passwordStrength.good': 'Hard to guess. Keep it in a password manager.',
    'passwordStrength.long': 'Long enough to be hard to guess, even with simple characters.',
  },
  {
    'passwordField.generate': 'Klíč: vygenerovat silné heslo',
    'passwordField.generated':
      'Vygenerovali jsme silné heslo a zobrazujeme ho čitelně: než budete pokračovat, uložte si ho do správce hesel nebo si ho zapište.',
    'passwordField.show': 'Zobrazit',
    'passwordField.hide': 'Skrýt',
    'passwordField.hint': 'Alespoň 8 znaků, lépe 15 a více. Jakékoli znaky včetně mezer.',
    'passwordField.newLabel': 'Nové heslo',
    'passwordField.again':
      'Z bezpečnostních důvodů hesla neposíláme zpět: zadejte nové heslo znovu do obou polí.',
    'passwordField.confirmLabel': 'Potvrzení nového hesla',
    'passwordStrength.level0': 'Příliš krátké',
    'passwordStrength.level1': 'Slabé',
    'passwordStrength.level2': 'Průměrné',
    'passwordStrength.level3': 'Dobré',
    'passwordStrength.level4': 'Silné',
    'passwordStrength.short': 'Příliš krátké: vyžaduje se alespoň 8 znaků (zbývá {n}).',
    'passwordStrength.recommend': 'Delší je silnější: 15 a více znaků nebo několik nesouvisejících slov.',
    'passwordStrength.common': 'Toto je jedno z nejběžnějších hesel: uhodl by ho kdokoli.',
    'passwordStrength.personal': 'Obsahuje váš e-mail nebo jméno: bude odmítnuto, zvolte jiné.',
    'passwordStrength.repeated': 'Opakované znaky se snadno uhodnou.',
    'passwordStrength.sequence': 'Řady jako 1234 nebo qwerty se snadno uhodnou.',
    'passwordStrength.good': 'Těžko uhodnutelné. Uložte si ho do správce hesel.',
    'passwordStrength.long': 'Dost dlouhé na to, aby se těžko hádalo, i s jednoduchými znaky.',
  },
);
