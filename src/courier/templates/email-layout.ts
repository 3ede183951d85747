import { escapeHtml } from '../../web/html.js';
import type { EmailContent } from '../outbox.js';

export interface EmailLayoutInput {
  readonly locale: string;
  /** The Subject header; also the HTML <title>. */
  readonly subject: string;
  readonly heading: string;
  /** Plain text; each becomes a paragraph. Escaped, never interpreted as HTML. */
  readonly paragraphs: readonly string[];
  /** The one button of the message (activation, password reset); must be an http(s) URL. */
  readonly action?: { readonly label: string; readonly url: string };
  /** Replaces the default "why you got this" line. */
  readonly footer?: string;
}

const layoutTexts: Readonly<Record<string, { readonly linkHint: string; readonly footer: string }>> = {
  en: {
    linkHint: 'If the button does not work, copy this link into your browser:',
    footer:
      'You received this email because of an action in your Gatehouse account. If it was not you, you can ignore it.',
  },
  cs: {
    linkHint: 'Pokud tlačítko nefunguje, zkopírujte tento odkaz do prohlížeče:',
    footer:
      'Tento e-mail jste dostali kvůli akci ve vašem účtu Gatehouse. Pokud jste to nebyli vy, můžete jej ignorovat.',
  },
};

/**
 * The shared transactional email: a heading, paragraphs, an optional button with the link
 * also written out, and a footer, as a simple HTML part (inline styles: mail clients drop
 * style sheets) and the matching plain-text part. Every value is escaped.
 */
export function renderEmail(input: EmailLayoutInput): EmailContent {
  const texts = layoutTexts[input.locale] ?? layoutTexts.en!;
  const footer = input.footer ?? texts.footer;
  if (input.action && !/^https?:\/\//.test(input.action.url))
    throw new Error('email action URL must be http(s)');
  return {
    subject: input.subject.replace(/[\r\n]+/g, ' '),
    text: renderText(input, footer),
    html: renderHtml(input, texts.linkHint, footer),
  };
}

function renderText(input: EmailLayoutInput, footer: string): string {
  const blocks = [input.heading, ...input.paragraphs];
  if (input.action) blocks.push(`${input.action.label}:\n${input.action.url}`);
  blocks.push('--', footer);
  return `${blocks.join('\n\n')}\n`;
}

function renderHtml(input: EmailLayoutInput, linkHint: string, footer: string): string {
  const e = escapeHtml;
  const paragraph = (text: string) =>
    `<p style="margin:0 0 16px;font-size:16px;line-height:1.5;color:#1a202c;">${e(text).replace(/\n/g, '<br>')}</p>`;
  const action = input.action
    ? `<p style="margin:24px 0;"><a href="${e(input.action.url)}" style="display:inline-block;padding:12px 24px;background:#1f5fbf;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600;font-size:16px;">${e(input.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;line-height:1.5;color:#4a5568;">${e(linkHint)}<br><a href="${e(input.action.url)}" style="color:#1f5fbf;word-break:break-all;">${e(input.action.url)}</a></p>`
    : '';
  return `<!doctype html>
<html lang="${e(input.locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(input.subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 0;">
<tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:32px;">
<tr><td>
<h1 style="margin:0 0 24px;font-size:22px;line-height:1.3;color:#1a202c;">${e(input.heading)}</h1>
${input.paragraphs.map(paragraph).join('\n')}
${action}
<hr style="border:none;border-top:1px solid #e2e8f0;margin:24px 0;">
<p style="margin:0;font-size:12px;line-height:1.5;color:#718096;">${e(footer)}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}
