import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** A cookie jar for `app.inject`, so tests act like one browser. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies) {
      if (cookie.maxAge === 0 || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }
  /** Forgets every cookie, as a browser that lost its session does. */
  clear(): void {
    this.cookies.clear();
  }
}

/** A simulated browser over `inject`: GET a page, then submit its form with the CSRF token. */
export class InjectBrowser {
  readonly jar = new CookieJar();
  constructor(
    private readonly app: FastifyInstance,
    private readonly headers: Record<string, string> = {},
  ) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'GET',
      url,
      headers: { ...this.headers, cookie: this.jar.header() },
    });
    this.jar.store(response);
    return response;
  }

  /** Fetches `pageUrl` for a CSRF token, then posts the form fields to `action`. */
  async submit(
    pageUrl: string,
    action: string,
    fields: Record<string, string>,
  ): Promise<LightMyRequestResponse> {
    const page = await this.get(pageUrl);
    const token = extractCsrfToken(page.body);
    return this.post(action, { _csrf: token, ...fields });
  }

  async post(url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: {
        ...this.headers,
        cookie: this.jar.header(),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams(fields).toString(),
    });
    this.jar.store(response);
    return response;
  }
}

export function extractCsrfToken(body: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(body);
  if (!match) throw new Error('page has no CSRF token');
  return match[1]!;
}
