import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies SQLite's write-ahead log into the database file on a worker thread, with its own
 * connection, so that no request waits for it. Left to SQLite, a checkpoint runs inside the
 * commit that crosses 1,000 pages of log: a few milliseconds of writes and two fsyncs on the
 * main thread, every few dozen registrations, stalling every request in flight (measured in
 * docs/architecture.md). The main connection runs with `wal_autocheckpoint = 0` while this works.
 *
 * A PASSIVE checkpoint never blocks the main connection's readers or its writer. The log starts
 * again from its beginning only when a write finds it wholly copied, which a steady stream of
 * writes may never allow. Past `restartFrames` pages the main connection is therefore asked to
 * copy the few pages left itself (`onLongLog`), between two of its transactions, so that its
 * next write starts the log anew: a short checkpoint once per that many pages, instead of a
 * long one every 1,000.
 */
export class BackgroundCheckpointer {
  #worker: Worker | undefined;
  /** Settles when the worker has ended, whenever that was. */
  #exited: Promise<unknown> = Promise.resolve();
  #statements = 0;
  #asked = false;
  #stopped = false;
  /** Checkpoints the worker has finished (tests and diagnosis). */
  completed = 0;

  constructor(
    private readonly file: string,
    private readonly hooks: {
      /** Called once if the worker fails; the caller then checkpoints on its own again. */
      readonly onFailure: (error: unknown) => void;
      /** The log holds more than `restartFrames` pages, though the worker has copied them. */
      readonly onLongLog: () => void;
    },
  ) {}

  /** Counts a statement run on the main connection; every so often asks for a checkpoint. */
  statementRan(): void {
    if (++this.#statements < statementsPerCheckpoint) return;
    this.#statements = 0;
    this.checkpointSoon();
  }

  /** Asks the worker for a checkpoint unless one is under way; starts it the first time. */
  checkpointSoon(): void {
    if (this.#asked || this.#stopped) return;
    this.#asked = true;
    this.#worker ??= this.#start();
    this.#worker.postMessage('checkpoint');
  }

  /** Waits for a checkpoint that is under way, then ends the worker and its connection. */
  async close(): Promise<void> {
    this.#stopped = true;
    const worker = this.#worker;
    if (!worker) return;
    // Referenced again, so a process with nothing else to do still waits for it to end.
    worker.ref();
    worker.postMessage('close');
    await this.#exited;
  }

  #start(): Worker {
    const worker = new Worker(workerProgram, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        file: this.file,
      },
    });
    this.#exited = new Promise((resolve) => worker.once('exit', resolve));
    // A checkpoint never keeps the process alive: closing the database checkpoints anyway.
    worker.unref();
    worker.on('message', (reply: CheckpointReply) => {
      this.#asked = false;
      if (!reply.ok) return this.#fail(new Error(`background checkpoint failed: ${reply.error}`));
      this.completed++;
      if (reply.log > restartFrames && !this.#stopped) this.hooks.onLongLog();
    });
    worker.on('error', (error) => this.#fail(error));
    // After close() or a failure this does nothing (#fail returns once stopped).
    worker.on('exit', (code) =>
      this.#fail(new Error(`background checkpoint worker exited with code ${code}`)),
    );
    return worker;
  }

  #fail(error: unknown): void {
    if (this.#stopped) return;
    this.#stopped = true;
    void this.#worker?.terminate();
    this.hooks.onFailure(error);
  }
}

/** Statements between two requests: each writes at most a few pages of log. */
const statementsPerCheckpoint = 128;
/** Pages of log (4 KiB each) past which the log is made to start again: 16 MiB. */
const restartFrames = 4096;

type CheckpointReply = { ok: true; log: number } | { ok: false; error: string };

const require = createRequire(import.meta.url);

// The worker's whole program, run as CommonJS (`eval`), so the same text serves the compiled
// server and the TypeScript sources the tests run.
const workerProgram = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, log });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error && error.message ? error.message : error) });
  }
});
`;
