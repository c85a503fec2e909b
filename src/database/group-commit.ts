interface Waiting<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Writes the items of one key (an EGS unit) one batch at a time: items that arrive while a
 * batch of their key is being written wait and go together into the next batch, one
 * transaction. At low load every batch holds one item and nothing waits; under load one lock,
 * a few statements and one commit serve many items. Different keys write concurrently.
 *
 * `write` gets the batch and answers per item, in order, a result or an Error for that item.
 * When it throws, the whole transaction failed: the items are written again one by one, so a
 * single bad item (a unique violation, say) fails alone.
 */
export class GroupCommit<I, O> {
  private readonly waiting = new Map<string, Array<Waiting<I, O>>>();

  constructor(
    private readonly write: (key: string, items: I[]) => Promise<Array<O | Error>>,
    private readonly maxBatch: number,
  ) {}

  submit(key: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const queue = this.waiting.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      // No writer for this key: this call becomes it, until its queue is empty.
      const own: Array<Waiting<I, O>> = [{ item, resolve, reject }];
      this.waiting.set(key, own);
      void this.drain(key, own);
    });
  }

  private async drain(key: string, queue: Array<Waiting<I, O>>): Promise<void> {
    while (queue.length > 0) {
      await this.writeBatch(key, queue.splice(0, this.maxBatch));
    }
    this.waiting.delete(key);
  }

  private async writeBatch(key: string, batch: Array<Waiting<I, O>>): Promise<void> {
    let results: Array<O | Error>;
    try {
      results = await this.write(
        key,
        batch.map((w) => w.item),
      );
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      for (const one of batch) await this.writeBatch(key, [one]);
      return;
    }
    batch.forEach((w, i) => {
      const result = results[i];
      if (result instanceof Error) w.reject(result);
      else w.resolve(result);
    });
  }
}
