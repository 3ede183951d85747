import type { EmailContent } from '../../courier/outbox.js';
import { translator } from '../../web/i18n/catalogue.js';
import type { Locale } from '../../web/i18n/locales.js';
import { html } from '../../web/html.js';

/** A small, self-contained HTML email (inline styles: mail clients drop stylesheets). */
function layout(locale: Locale, title: string, paragraphs: ReturnType<typeof html>[]): string {
  return html`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="margin:0;padding:24px;background:#f5f7fa;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a2230">
<div style="max-width:560px;margin:0 auto;background:#fff;border:1px solid #cfd6e0;border-radius:8px;padding:24px">
<p style="margin:0 0 16px;font-weight:700;color:#1549a8">Gatehouse</p>
${paragraphs}
</div></body></html>`.value;
}

/** The "Forgotten login details" email; the link is built from PUBLIC_URL only. */
export function renderResetEmail(locale: Locale, link: string): EmailContent {
  const t = translator(locale);
  const subject = t('recovery.email.subject');
  const text = [
    t('recovery.email.greeting'),
    '',
    t('recovery.email.body'),
    '',
    t('recovery.email.action'),
    link,
    '',
    t('recovery.email.expiry'),
    '',
    t('recovery.email.signature'),
  ].join('\n');
  const body = layout(locale, subject, [
    html`<p>${t('recovery.email.greeting')}</p>`,
    html`<p>${t('recovery.email.body')}</p>`,
    html`<p>${t('recovery.email.action')}</p>`,
    html`<p><a href="${link}" style="display:inline-block;background:#1549a8;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${t('recovery.email.button')}</a></p>`,
    html`<p style="word-break:break-all;font-size:13px;color:#4a5568">${link}</p>`,
    html`<p style="font-size:14px;color:#4a5568">${t('recovery.email.expiry')}</p>`,
    html`<p>${t('recovery.email.signature')}</p>`,
  ]);
  return { subject, text, html: body };
}

/** Tells the holder that the password changed, with the way to support if it was not them. */
export function renderPasswordChangedEmail(locale: Locale, supportLink: string): EmailContent {
  const t = translator(locale);
  const subject = t('recovery.changed.subject');
  const text = [
    t('recovery.email.greeting'),
    '',
    t('recovery.changed.body'),
    '',
    t('recovery.changed.warning'),
    supportLink,
    '',
    t('recovery.email.signature'),
  ].join('\n');
  const body = layout(locale, subject, [
    html`<p>${t('recovery.email.greeting')}</p>`,
    html`<p>${t('recovery.changed.body')}</p>`,
    html`<p>${t('recovery.changed.warning')} <a href="${supportLink}">${supportLink}</a></p>`,
    html`<p>${t('recovery.email.signature')}</p>`,
  ]);
  return { subject, text, html: body };
}
