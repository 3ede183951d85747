import type { EmailContent } from '../../courier/outbox.js';
import { translator } from '../../web/i18n/catalogue.js';
import type { Locale } from '../../web/i18n/locales.js';
import { escapeHtml } from '../../web/html.js';

function wrapHtml(locale: Locale, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="margin:0;background:#f5f7fa;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a2230">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#fff;border:1px solid #cfd6e0;border-radius:8px">
<tr><td style="padding:24px 24px 0;font-weight:700;font-size:18px;color:#1549a8">Gatehouse</td></tr>
<tr><td style="padding:16px 24px 24px;font-size:16px;line-height:1.5">${body}</td></tr>
</table></td></tr></table></body></html>`;
}

/** The activation email: subject "User account registration", one link built from PUBLIC_URL. */
export function renderActivationEmail(locale: Locale, link: string): EmailContent {
  const t = translator(locale);
  const text = `${t('email.activation.greeting')}\n\n${t('email.activation.text')}\n\n${link}\n\n${t('email.activation.ignore')}\n\nGatehouse\n`;
  const body = `<p>${escapeHtml(t('email.activation.greeting'))}</p>
<p>${escapeHtml(t('email.activation.text'))}</p>
<p><a href="${escapeHtml(link)}" style="display:inline-block;background:#1549a8;color:#fff;padding:10px 20px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(t('email.activation.button'))}</a></p>
<p style="font-size:14px;color:#4a5568;word-break:break-all">${escapeHtml(link)}</p>
<p style="font-size:14px;color:#4a5568">${escapeHtml(t('email.activation.ignore'))}</p>`;
  return { subject: t('email.activation.subject'), text, html: wrapHtml(locale, body) };
}

/** Told to the owner of an email someone tried to register again; never contains the attempt's data. */
export function renderDuplicateNoticeEmail(
  locale: Locale,
  email: string,
  urls: { readonly loginUrl: string; readonly forgotUrl: string },
): EmailContent {
  const t = translator(locale);
  const text = t('email.notice.text', { email, loginUrl: urls.loginUrl, forgotUrl: urls.forgotUrl });
  const body = text
    .split('\n\n')
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return { subject: t('email.notice.subject'), text: `${text}\n`, html: wrapHtml(locale, body) };
}
