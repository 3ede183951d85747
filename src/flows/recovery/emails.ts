import type { EmailContent } from '../../courier/outbox.js';
import { renderEmail } from '../../courier/templates/email-layout.js';
import { translator } from '../../web/i18n/catalogue.js';
import type { Locale } from '../../web/i18n/locales.js';

/** The "Forgotten login details" email; the link is built from PUBLIC_URL only. */
export function renderResetEmail(locale: Locale, link: string): EmailContent {
  const t = translator(locale);
  return renderEmail({
    locale,
    subject: t('recovery.email.subject'),
    heading: t('recovery.email.subject'),
    paragraphs: [t('recovery.email.greeting'), t('recovery.email.body'), t('recovery.email.action')],
    action: { label: t('recovery.email.button'), url: link },
    footer: t('recovery.email.expiry'),
  });
}

/** Tells the holder that the password changed, with the way to support if it was not them. */
export function renderPasswordChangedEmail(locale: Locale, supportLink: string): EmailContent {
  const t = translator(locale);
  return renderEmail({
    locale,
    subject: t('recovery.changed.subject'),
    heading: t('recovery.changed.subject'),
    paragraphs: [
      t('recovery.email.greeting'),
      t('recovery.changed.body'),
      `${t('recovery.changed.warning')} ${supportLink}`,
    ],
  });
}
