import type { Db } from '../db/database.js';
import { type MessageOutcome, recordOutcomes } from './store.js';

export interface OutcomeRecorder {
  /** Resolves once the outcome is committed (or its batch failed: see onError). */
  record(outcome: MessageOutcome): Promise<void>;
  /** Resolves when everything handed in so far has been written. */
  flushed(): Promise<void>;
}

export interface RecorderHooks {
  onCommitted(outcomes: readonly MessageOutcome[]): void;
  onError(error: unknown): void;
}

/**
 * Group commit: outcomes that finish while a write is under way wait and go together in the
 * next transaction, so a burst of sends costs a few commits (and fsyncs), not one each.
 * Only one write runs at a time; no connection is held while sending.
 */
export function createOutcomeRecorder(db: Db, hooks: RecorderHooks): OutcomeRecorder {
  let queue: { outcome: MessageOutcome; done: () => void }[] = [];
  let writing: Promise<void> | null = null;

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const outcomes = batch.map((entry) => entry.outcome);
      try {
        await recordOutcomes(db, outcomes);
        hooks.onCommitted(outcomes);
      } catch (error) {
        hooks.onError(error);
      }
      for (const entry of batch) entry.done();
    }
  };

  const kick = () => {
    if (writing) return;
    writing = drain().finally(() => {
      writing = null;
      if (queue.length > 0) kick();
    });
  };

  return {
    record(outcome) {
      return new Promise((resolve) => {
        queue.push({ outcome, done: resolve });
        kick();
      });
    },
    async flushed() {
      while (writing) await writing;
    },
  };
}
