interface Waiting<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Writes items one batch at a time: items that arrive while a batch is being written wait and
 * go together into the next batch, one transaction. At low load every batch holds one item and
 * nothing waits; under load one lock, a few statements and one commit serve many items.
 *
 * `write` gets the batch and answers per item, in order, a result or an Error for that item.
 * When it throws, the whole transaction failed: the items are written again one by one, so a
 * single bad item (a unique violation, say) fails alone.
 */
export class GroupCommit<I, O> {
  /** The items waiting for the next batch; null while no batch is being written. */
  private waiting: Array<Waiting<I, O>> | null = null;

  constructor(
    private readonly write: (items: I[]) => Promise<Array<O | Error>>,
    private readonly maxBatch: number,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (this.waiting) {
        this.waiting.push({ item, resolve, reject });
        return;
      }
      // No writer running: this call becomes it, until the queue is empty.
      this.waiting = [{ item, resolve, reject }];
      void this.drain(this.waiting);
    });
  }

  private async drain(queue: Array<Waiting<I, O>>): Promise<void> {
    while (queue.length > 0) {
      await this.writeBatch(queue.splice(0, this.maxBatch));
    }
    this.waiting = null;
  }

  private async writeBatch(batch: Array<Waiting<I, O>>): Promise<void> {
    let results: Array<O | Error>;
    try {
      results = await this.write(batch.map((w) => w.item));
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      for (const one of batch) await this.writeBatch([one]);
      return;
    }
    batch.forEach((w, i) => {
      const result = results[i];
      if (result instanceof Error) w.reject(result);
      else w.resolve(result);
    });
  }
}
