import { accountMessages } from '../../accounts/messages.js';
import { courierMessages } from '../../courier/messages.js';
import { signUpMessages } from '../../flows/signup-catalogue.js';
import { loginMessages } from '../../flows/login/messages.js';
import { recoveryMessages } from '../../flows/recovery/messages.js';
import { supportMessages } from '../../support/messages.js';
import { shellMessages } from '../messages.js';
import type { Locale } from './locales.js';

/**
 * Every feature's catalogue, merged. A feature adds its `defineMessages(...)` here.
 */
const en = {
  ...shellMessages.en,
  ...accountMessages.en,
  ...loginMessages.en,
  ...recoveryMessages.en,
  ...signUpMessages.en,
  ...courierMessages.en,
  ...supportMessages.en,
};
const cs: { readonly [K in keyof typeof en]: string } = {
  ...shellMessages.cs,
  ...accountMessages.cs,
  ...loginMessages.cs,
  ...recoveryMessages.cs,
  ...signUpMessages.cs,
  ...courierMessages.cs,
  ...supportMessages.cs,
};

export type MessageKey = keyof typeof en;
export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

const catalogues: Record<Locale, Readonly<Record<MessageKey, string>>> = { en, cs };

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(en, value);
}

/**
 * `defaults` fill placeholders that are facts of the whole site rather than of one message (the
 * countries SMS go to), so a field error that names them reads right wherever it is shown.
 */
export function translator(locale: Locale, defaults: MessageParams = {}): Translate {
  const catalogue = catalogues[locale];
  return (key, params) => {
    const text = catalogue[key] ?? en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (match, name: string) =>
      String(params?.[name] ?? defaults[name] ?? match),
    );
  };
}
