import type { Translate } from '../web/i18n/catalogue.js';
import { html, type SafeHtml } from '../web/html.js';
import type { MessageRow } from './store.js';

export interface OutboxViewOptions {
  readonly t: Translate;
  /** Only links under this base (PUBLIC_URL) become clickable; anything else stays text. */
  readonly publicBase: string;
  readonly limit: number;
}

/** The dev outbox: each message's recipient, time and text part, newest first. */
export function renderOutbox(rows: readonly MessageRow[], o: OutboxViewOptions): SafeHtml {
  const { t } = o;
  return html`<section class="card card--wide outbox">
  <h1 class="card__title">${t('outbox.title')}</h1>
  <p>${t('outbox.lead')}</p>
  <p><a class="button button--secondary button--small" href="/dev/outbox">${t('outbox.refresh')}</a></p>
  ${
    rows.length === 0
      ? html`<p class="outbox__empty">${t('outbox.empty')}</p>`
      : html`<ol class="outbox__list">${rows.map((row) => html`<li>${renderMessage(row, o)}</li>`)}</ol>
  ${rows.length >= o.limit ? html`<p>${t('outbox.showing', { count: o.limit })}</p>` : ''}`
  }
</section>`;
}

function renderMessage(row: MessageRow, o: OutboxViewOptions): SafeHtml {
  const { t } = o;
  const content = parseContent(row.content);
  const isEmail = row.channel === 'email';
  const code = isEmail ? null : findCode(content.text);
  const heading = isEmail
    ? `${t('outbox.email')}: ${content.subject}`
    : `${t('outbox.sms')}: ${row.recipient}`;
  return html`<article class="card outbox__message" id="message-${row.id}" data-channel="${row.channel}" data-recipient="${row.recipient}">
  <h2>${heading}</h2>
  <table class="table">
    <tr><th scope="row">${t('outbox.to')}</th><td class="mono outbox__recipient">${row.recipient}</td></tr>
    ${isEmail ? html`<tr><th scope="row">${t('outbox.subject')}</th><td>${content.subject}</td></tr>` : ''}
    <tr><th scope="row">${t('outbox.time')}</th><td><time datetime="${new Date(row.created_at).toISOString()}">${formatTime(row.created_at)}</time></td></tr>
    <tr><th scope="row">${t('outbox.status')}</th><td><span class="badge${statusClass(row.status)}">${row.status}</span></td></tr>
    <tr><th scope="row">${t('outbox.template')}</th><td class="mono">${row.template}</td></tr>
  </table>
  ${code ? html`<p class="outbox__code">${t('outbox.code')}: <strong class="code-input mono" data-code="${code}">${code}</strong></p>` : ''}
  <div class="outbox__text" lang="${row.locale}">${linkify(content.text, o.publicBase)}</div>
</article>`;
}

/**
 * Escapes the whole text and turns only http(s) URLs under PUBLIC_URL into links, so a link
 * planted in user-supplied content (a name, a message) never becomes clickable here.
 */
export function linkify(text: string, publicBase: string): SafeHtml {
  const base = publicBase.replace(/\/+$/, '');
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"']+/g)) {
    const url = match[0].replace(/[.,;:!?)\]]+$/, '');
    const start = match.index;
    parts.push(withLineBreaks(text.slice(last, start)));
    const clickable = url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`);
    parts.push(clickable ? html`<a href="${url}">${url}</a>` : withLineBreaks(url));
    last = start + url.length;
  }
  parts.push(withLineBreaks(text.slice(last)));
  return html`${parts}`;
}

function withLineBreaks(text: string): SafeHtml {
  return html`${text.split('\n').map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}`;
}

function parseContent(json: string): { subject: string; text: string } {
  try {
    const parsed = JSON.parse(json) as { subject?: unknown; text?: unknown };
    return {
      subject: typeof parsed.subject === 'string' ? parsed.subject : '',
      text: typeof parsed.text === 'string' ? parsed.text : '',
    };
  } catch {
    return { subject: '', text: '' };
  }
}

function findCode(text: string): string | null {
  return /(?<!\d)(\d{6})(?!\d)/.exec(text)?.[1] ?? null;
}

function formatTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function statusClass(status: MessageRow['status']): string {
  if (status === 'sent' || status === 'delivered') return ' badge--ok';
  if (status === 'failed' || status === 'dead') return ' badge--bad';
  return '';
}
