import type { Viewer } from '../web/context.js';
import type { Session } from './sessions.js';

export interface CachedViewer {
  readonly viewer: Viewer;
  readonly session: Session;
}

/**
 * A short in-process memory of checked sessions, keyed by token hash. Its lifetime bounds how
 * long another instance may still honour a session after a logout, a reset or a lock (the
 * instance that made the change forgets at once), so it stays around a second.
 */
export class SessionCache {
  private readonly entries = new Map<string, { value: CachedViewer; until: number }>();

  constructor(
    readonly ttlMs = 1500,
    private readonly maxEntries = 50_000,
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  get(idHash: string): CachedViewer | undefined {
    const entry = this.entries.get(idHash);
    if (!entry) return undefined;
    if (entry.until <= this.monotonicNow()) {
      this.entries.delete(idHash);
      return undefined;
    }
    return entry.value;
  }

  set(idHash: string, value: CachedViewer): void {
    if (this.ttlMs <= 0) return;
    // Crude but bounded: a flood of distinct sessions cannot grow memory without limit.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(idHash, { value, until: this.monotonicNow() + this.ttlMs });
  }

  forget(idHash: string): void {
    this.entries.delete(idHash);
  }

  forgetAccount(accountId: string): void {
    for (const [idHash, entry] of this.entries) {
      if (entry.value.viewer.accountId === accountId) this.entries.delete(idHash);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
