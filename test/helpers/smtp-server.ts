import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtpServerOptions {
  /** Answer every RCPT TO with this SMTP code (4xx temporary, 5xx permanent) from the start. */
  readonly failWith?: number | null;
  /** Listen on this port (default: a free one). */
  readonly port?: number;
  /**
   * Keep each message whole but never answer its DATA: the sender cannot know it arrived.
   * For crash tests ("sent, not yet recorded").
   */
  readonly holdReplies?: boolean;
  /** Skip mailparser and keep only a count (benchmarks): `messages` stays empty. */
  readonly parse?: boolean;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:PORT`, ready for SMTP_URL. */
  readonly url: string;
  readonly port: number;
  /** Every accepted message, parsed, in arrival order. */
  readonly messages: ParsedMail[];
  /**
   * Every command line the client sent, as it went over the wire (smtp-server turns a punycode
   * domain back into Unicode in the addresses it hands on).
   */
  readonly commands: string[];
  /** Accepted messages, also when `parse: false`. */
  readonly received: number;
  /** Resolves with the first message (already here or still to come) that matches. */
  waitFor(predicate: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  /** Resolves once `count` messages have been accepted. */
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  /** Refuse every recipient with `code` (such as 451 or 550); null accepts again. */
  setFailure(code: number | null): void;
  /** Stops listening and drops open connections: the server is "down". */
  stop(): Promise<void>;
  /** Listens again on the same port, keeping the messages received so far. */
  start(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 without TLS, whose received mail is parsed
 * with mailparser. The courier's SMTP channel skips STARTTLS on loopback, so SMTP_URL=url works.
 */
export async function startTestSmtpServer(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = [];
  const commands: string[] = [];
  const silent = () => {};
  const logger = {
    debug(meta: { tnx?: string }, _format: string, line: unknown) {
      if (meta?.tnx === 'command') commands.push(String(line));
    },
    info: silent,
    warn: silent,
    error: silent,
    trace: silent,
    fatal: silent,
  };
  const waiters = new Set<() => void>();
  let failure: number | null = options.failWith ?? null;
  let received = 0;
  let server: SMTPServer | null = null;
  let port = options.port ?? 0;
  const parse = options.parse ?? true;

  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const createServer = () =>
    new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger,
      // Many pooled connections from a benchmark must not be turned away.
      maxClients: 1000,
      onAuth(_auth, _session, callback) {
        callback(null, { user: 'test' });
      },
      onRcptTo(_address, _session, callback) {
        if (failure !== null) {
          const error = new Error(failure >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & {
            responseCode: number;
          };
          error.responseCode = failure;
          callback(error);
          return;
        }
        callback();
      },
      onData(stream, _session, callback) {
        if (!parse) {
          stream.on('data', () => {});
          stream.on('end', () => {
            received++;
            notify();
            if (!options.holdReplies) callback();
          });
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            messages.push(mail);
            received++;
            notify();
            if (!options.holdReplies) callback();
          })
          .catch((error: Error) => callback(error));
      },
    });

  const listen = async () => {
    const instance = createServer();
    instance.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      instance.server.once('error', reject);
      instance.listen(port, '127.0.0.1', () => resolve());
    });
    port = (instance.server.address() as AddressInfo).port;
    server = instance;
  };

  const close = async () => {
    const instance = server;
    if (!instance) return;
    server = null;
    // Dropping connections instead of waiting for clients to quit: a stopped server is gone.
    for (const connection of instance.connections) connection._socket.destroy();
    await new Promise<void>((resolve) => instance.server.close(() => resolve()));
  };

  await listen();

  const handle: TestSmtpServer = {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    messages,
    commands,
    get received() {
      return received;
    },
    waitFor(predicate, timeoutMs = 10_000) {
      return waitUntil(waiters, () => messages.find(predicate), timeoutMs, 'an email matching the predicate');
    },
    async waitForCount(count, timeoutMs = 10_000) {
      await waitUntil(waiters, () => (received >= count ? true : undefined), timeoutMs, `${count} emails`);
    },
    setFailure(code) {
      failure = code;
    },
    stop: close,
    start: listen,
  };
  return handle;
}

/** Resolves when `check` returns a value, re-checking whenever the server signals a change. */
export function waitUntil<T>(
  waiters: Set<() => void>,
  check: () => T | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const found = check();
  if (found !== undefined) return Promise.resolve(found);
  return new Promise<T>((resolve, reject) => {
    const waiter = () => {
      const value = check();
      if (value === undefined) return;
      clearTimeout(timer);
      waiters.delete(waiter);
      resolve(value);
    };
    const timer = setTimeout(() => {
      waiters.delete(waiter);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    waiters.add(waiter);
  });
}
