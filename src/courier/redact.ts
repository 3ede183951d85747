/**
 * What the outbox keeps of a message once it has left for good (sent, failed or dead): its
 * subject, so support staff can still see what was sent and when, but not its body. Bodies
 * carry live activation and reset links and SMS codes, which the flows store only as hashes:
 * a copy of the database must not hold them in clear. The dev outbox's messages keep theirs
 * (development only: reading them there is the point).
 */
export function redactContent(content: string): string {
  let subject: unknown;
  try {
    subject = (JSON.parse(content) as Record<string, unknown>).subject;
  } catch {
    subject = undefined;
  }
  return JSON.stringify({ ...(typeof subject === 'string' ? { subject } : {}), redacted: true });
}
