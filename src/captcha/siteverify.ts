/** Cloudflare Turnstile and hCaptcha: the token is checked by the provider's siteverify API. */
export const siteverifyUrls = {
  turnstile: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
  hcaptcha: 'https://api.hcaptcha.com/siteverify',
} as const;

export interface SiteverifyOptions {
  readonly url: string;
  readonly secretKey: string;
  readonly siteKey: string | undefined;
  readonly timeoutMs?: number;
}

/** True only on an explicit `success: true`; a timeout, a network error or garbage is false. */
export async function siteverify(options: SiteverifyOptions, token: string, ip: string): Promise<boolean> {
  const body = new URLSearchParams({ secret: options.secretKey, response: token, remoteip: ip });
  if (options.siteKey) body.set('sitekey', options.siteKey);
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    if (!response.ok) return false;
    const result = (await response.json()) as { success?: unknown };
    return result.success === true;
  } catch {
    return false;
  }
}
