import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Options } from '@node-rs/argon2';

/**
 * Argon2id on threads of its own, one per core, each working through its own queue of jobs.
 *
 * On libuv's shared pool (the library's async calls) a thread that finished a hash took the next
 * only once the main thread, busy with other requests, had handed it over, so a core idled in
 * between; running one hash more than there are cores kept the cores busy but made the kernel
 * share them among the hashes, each with 19 MiB to keep in the caches. Here a job goes to the
 * thread with the fewest waiting as soon as it arrives, and a thread that ends a hash starts the
 * next one in its queue without the main thread: exactly one hash per core, never a core idle
 * while jobs wait (about 7% more logins a second on 2 cores: docs/architecture.md). At most
 * `size` hashes hold their 19 MiB at once, whatever the burst.
 *
 * A thread that dies (out of memory, say) fails the jobs it held, which the caller sees as an
 * error; the next job starts a new thread.
 */
export class HashPool {
  readonly #threads: (HashThread | undefined)[];
  #nextJob = 0;

  constructor(
    readonly size: number,
    private readonly argon2Module: string = require.resolve('@node-rs/argon2'),
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`size must be a positive integer, got ${size}`);
    this.#threads = Array.from({ length: size }, () => undefined);
  }

  hash(password: string, options: Options): Promise<string> {
    return this.#run({ kind: 'hash', password, options }) as Promise<string>;
  }

  /** Rejects when the hash is not one the library can read, as the library's own verify does. */
  verify(passwordHash: string, password: string, options: Options): Promise<boolean> {
    return this.#run({ kind: 'verify', passwordHash, password, options }) as Promise<boolean>;
  }

  /** Threads started so far and still running (diagnosis and tests). */
  get threads(): number {
    return this.#threads.filter((thread) => thread !== undefined).length;
  }

  #run(job: Job): Promise<string | boolean> {
    let slot = 0;
    for (let i = 1; i < this.size; i++) {
      if ((this.#threads[i]?.waiting.size ?? 0) < (this.#threads[slot]?.waiting.size ?? 0)) slot = i;
    }
    const thread = this.#threads[slot] ?? this.#start(slot);
    this.#threads[slot] = thread;
    const id = this.#nextJob++;
    return new Promise((resolve, reject) => {
      // Held only while it has work: an idle pool never keeps the process alive.
      if (thread.waiting.size === 0) thread.worker.ref();
      thread.waiting.set(id, { resolve, reject });
      thread.worker.postMessage({ id, ...job });
    });
  }

  #start(slot: number): HashThread {
    const worker = new Worker(threadProgram, { eval: true, workerData: { argon2: this.argon2Module } });
    worker.unref();
    const thread: HashThread = { worker, waiting: new Map() };
    const settle = (id: number, outcome: (job: WaitingJob) => void) => {
      const job = thread.waiting.get(id);
      if (!job) return;
      thread.waiting.delete(id);
      if (thread.waiting.size === 0) worker.unref();
      outcome(job);
    };
    worker.on('message', (reply: JobReply) =>
      settle(reply.id, (job) => (reply.ok ? job.resolve(reply.value) : job.reject(new Error(reply.error)))),
    );
    const fail = (error: Error) => {
      if (this.#threads[slot] === thread) this.#threads[slot] = undefined;
      for (const id of [...thread.waiting.keys()]) settle(id, (job) => job.reject(error));
      void worker.terminate();
    };
    worker.on('error', (error) => fail(new Error(`a hashing thread failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new Error(`a hashing thread exited with code ${code}`)));
    return thread;
  }
}

type Job =
  | { readonly kind: 'hash'; readonly password: string; readonly options: Options }
  | {
      readonly kind: 'verify';
      readonly passwordHash: string;
      readonly password: string;
      readonly options: Options;
    };

type JobReply = { id: number; ok: true; value: string | boolean } | { id: number; ok: false; error: string };

interface WaitingJob {
  resolve(value: string | boolean): void;
  reject(error: Error): void;
}

interface HashThread {
  readonly worker: Worker;
  readonly waiting: Map<number, WaitingJob>;
}

const require = createRequire(import.meta.url);

// The thread's whole program, run as CommonJS (`eval`), so the same text serves the compiled
// server and the TypeScript sources the tests run. The synchronous calls are the point: jobs
// wait in the thread's message queue and each starts as soon as the one before it ends.
const threadProgram = `
const { parentPort, workerData } = require('node:worker_threads');
const { hashSync, verifySync } = require(workerData.argon2);
parentPort.on('message', (job) => {
  try {
    const value = job.kind === 'hash'
      ? hashSync(job.password, job.options)
      : verifySync(job.passwordHash, job.password, job.options);
    parentPort.postMessage({ id: job.id, ok: true, value });
  } catch (error) {
    parentPort.postMessage({ id: job.id, ok: false, error: String(error && error.message ? error.message : error) });
  }
});
`;
