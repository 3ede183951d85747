import { open } from 'node:fs/promises';

/**
 * Flushes SQLite's write-ahead log to disk a short while after a commit that did not wait for
 * it, off the main thread (libuv's pool), once for every commit made in that while. This bounds
 * what a power cut may forget to the last `delayMs`, as PostgreSQL's WAL writer does for
 * `synchronous_commit = off`. A later commit that does wait for the disk flushes it too.
 */
export class DeferredWalFlush {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();

  constructor(
    private readonly walPath: string,
    private readonly delayMs = 200,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly syncFile: (path: string) => Promise<void> = fsyncFile,
  ) {}

  /** Called after each commit that did not wait for the disk. */
  schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.#running.then(() => this.#flush());
    }, this.delayMs);
    // A pending flush never keeps the process alive: closing the database checkpoints anyway.
    this.#timer.unref();
  }

  /** Runs a pending flush now (closing the database, tests). */
  async flushNow(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#running = this.#running.then(() => this.#flush());
    }
    await this.#running;
  }

  async #flush(): Promise<void> {
    try {
      await this.syncFile(this.walPath);
    } catch (error) {
      // No log file means nothing is waiting (a checkpoint emptied and removed it).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.onError(error);
    }
  }
}

/** fsync() writes out every dirty page of the file, whichever descriptor wrote them. */
async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
