export interface BatchWriter<T, R> {
  /** Resolves with this item's result once its batch is written. */
  submit(item: T): Promise<R>;
  /** Resolves when everything submitted so far has been written (later items may still be pending). */
  flushed(): Promise<void>;
}

/**
 * Group commit: items that arrive while a write is under way wait and go together in the next
 * one, so a burst costs a few transactions (and fsyncs on SQLite), not one per item, without
 * adding latency when traffic is light. One write at a time; if a write throws, every item of
 * that batch gets `onError`'s fallback result.
 */
export function createBatchWriter<T, R>(
  write: (items: readonly T[]) => Promise<readonly R[]>,
  onError: (error: unknown, items: readonly T[]) => R,
): BatchWriter<T, R> {
  let queue: { item: T; seq: number; done: (result: R) => void }[] = [];
  let writing: Promise<void> | null = null;
  let submitted = 0;
  let written = 0;
  let barriers: { seq: number; resolve: () => void }[] = [];

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const items = batch.map((entry) => entry.item);
      let results: readonly R[];
      try {
        results = await write(items);
      } catch (error) {
        const fallback = onError(error, items);
        results = items.map(() => fallback);
      }
      for (let i = 0; i < batch.length; i++) batch[i]!.done(results[i] as R);
      written = batch[batch.length - 1]!.seq;
      const reached = barriers.filter((b) => b.seq <= written);
      barriers = barriers.filter((b) => b.seq > written);
      for (const barrier of reached) barrier.resolve();
    }
  };

  const kick = () => {
    if (writing) return;
    // setImmediate: outcomes finishing in the same I/O turn (many SMTP/SMPP answers arrive
    // together) join one transaction instead of each starting its own.
    writing = new Promise<void>((resolve) => setImmediate(resolve)).then(drain).finally(() => {
      writing = null;
      if (queue.length > 0) kick();
    });
  };

  return {
    submit(item) {
      return new Promise((resolve) => {
        queue.push({ item, seq: ++submitted, done: resolve });
        kick();
      });
    },
    flushed() {
      const seq = submitted;
      if (written >= seq) return Promise.resolve();
      return new Promise((resolve) => barriers.push({ seq, resolve }));
    },
  };
}
