/**
 * One ingest at a time per (connection, record) in this process, so a poll and a webhook that
 * see the same record together do not both read it as new. Across processes the intake's
 * UNIQUE(source, record_id) is the safety net.
 */
export class RecordLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
