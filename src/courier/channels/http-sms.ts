import {
  type Channel,
  type OutgoingMessage,
  permanentFailure,
  type SendResult,
  sent,
  temporaryFailure,
} from './channel.js';

export interface HttpSmsChannelOptions {
  /** `https://user:pass@gateway.example/send`; credentials in the URL go as HTTP Basic auth. */
  readonly url: string;
  readonly timeoutMs?: number;
}

/**
 * SMS through an HTTP gateway: POST {"to","text","reference"} as JSON. 2xx = accepted (a JSON
 * `id` in the answer becomes the provider id), 4xx = refused for good, 5xx, 429 or no answer = retry.
 * The contract is in docs/courier.md.
 */
export function createHttpSmsChannel(options: HttpSmsChannelOptions): Channel {
  const url = new URL(options.url);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (url.username) {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    // fetch refuses a URL with credentials in it.
    url.username = '';
    url.password = '';
  }
  const endpoint = url.toString();
  const timeoutMs = options.timeoutMs ?? 15_000;

  return {
    name: 'http-sms',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const text = message.content.text;
      if (typeof text !== 'string' || !text) return permanentFailure('malformed content');
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers,
          body: JSON.stringify({ to: message.recipient, text, reference: message.id }),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (error) {
        return temporaryFailure(`gateway unreachable: ${(error as Error).name}`);
      }
      const body = await response.text().catch(() => '');
      if (response.ok) return sent(readProviderId(body));
      const detail = `gateway answered ${response.status}`;
      // 408 and 429 are "later", whatever their 4xx class says.
      if (response.status >= 500 || response.status === 408 || response.status === 429) {
        return temporaryFailure(detail);
      }
      return permanentFailure(detail);
    },
    close: async () => {},
  };
}

function readProviderId(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { id?: unknown };
    if (typeof parsed.id === 'string' && parsed.id) return parsed.id.slice(0, 200);
    if (typeof parsed.id === 'number') return String(parsed.id);
  } catch {
    // Not JSON: the gateway accepted it without an id.
  }
  return null;
}
