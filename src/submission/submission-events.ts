import { Injectable, type OnApplicationShutdown } from '@nestjs/common';

/**
 * In-process notices between the parts of the pipeline, after their transactions commit:
 * "an invoice reached a final state" (the intake's clearance wait wakes at once instead of
 * polling) and "a queue row is due" (the worker loop claims at once instead of at its next
 * poll). Only a shortcut: other processes still see the same changes by polling the database.
 */
@Injectable()
export class SubmissionEvents implements OnApplicationShutdown {
  private readonly settledWaiters = new Map<string, Set<() => void>>();
  private readonly dueListeners = new Set<() => void>();
  private readonly timers = new Set<NodeJS.Timeout>();

  /** The invoice left `pending` (cleared, reported, dead letter): wakes its waiters. */
  settled(invoiceUuid: string): void {
    const waiters = this.settledWaiters.get(invoiceUuid);
    if (!waiters) return;
    this.settledWaiters.delete(invoiceUuid);
    for (const wake of waiters) wake();
  }

  /** Resolves when settled(invoiceUuid) is called or after `ms`, whichever comes first. */
  waitSettled(invoiceUuid: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let waiters = this.settledWaiters.get(invoiceUuid);
      if (!waiters) this.settledWaiters.set(invoiceUuid, (waiters = new Set()));
      const done = () => {
        clearTimeout(timer);
        const current = this.settledWaiters.get(invoiceUuid);
        current?.delete(done);
        if (current?.size === 0) this.settledWaiters.delete(invoiceUuid);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms)).unref();
      waiters.add(done);
    });
  }

  /** A queue row is due now, or will be after `afterMs` (a retry's backoff). */
  due(afterMs = 0): void {
    if (this.dueListeners.size === 0) return;
    if (afterMs <= 0) {
      for (const listener of this.dueListeners) listener();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.due();
    }, afterMs).unref();
    this.timers.add(timer);
  }

  /** Calls `listener` whenever a row becomes due; returns the unsubscribe function. */
  onDue(listener: () => void): () => void {
    this.dueListeners.add(listener);
    return () => this.dueListeners.delete(listener);
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
