import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths whose values never reach a log line. */
export const redactedPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.confirmPassword',
  '*.code',
  '*.token',
  '*.secret',
  '*._csrf',
  'body',
];

/** Token-bearing paths and query strings are cut from logged URLs. */
export function redactUrl(url: string): string {
  return url
    .replace(/^(\/(?:api\/)?(?:activate|password\/reset)\/)[^/?#]+/, '$1[redacted]')
    .replace(/\?.*$/, '?[redacted]');
}

/** JSON lines on stdout (or `destination`, for tests that read the lines back). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; ip?: string; headers?: Record<string, string> }) => ({
        method: req.method,
        url: redactUrl(req.url),
        ip: req.ip,
        userAgent: req.headers?.['user-agent'],
      }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
