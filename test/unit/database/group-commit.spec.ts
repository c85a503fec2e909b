import { GroupCommit } from '../../../src/database/group-commit';

/** A write whose batches finish only when the test says so. */
function controlledWrite() {
  const batches: Array<{ items: number[]; finish: () => void }> = [];
  const write = (items: number[]) =>
    new Promise<Array<number | Error>>((resolve) => {
      batches.push({
        items,
        finish: () => resolve(items.map((i) => (i < 0 ? new Error(`bad ${i}`) : i * 10))),
      });
    });
  return { batches, write };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('writes a lone item at once, and batches what arrives while a write runs', async () => {
    const { batches, write } = controlledWrite();
    const group = new GroupCommit(write, 10);
    const first = group.submit(1);
    await tick();
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    const later = [2, 3, 4].map((i) => group.submit(i));
    await tick();
    expect(batches).toHaveLength(1); // waiting for the running batch
    batches[0].finish();
    expect(await first).toBe(10);
    await tick();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3, 4]]);
    batches[1].finish();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it('never writes more than maxBatch items at once', async () => {
    const { batches, write } = controlledWrite();
    const group = new GroupCommit(write, 2);
    const all = [1, 2, 3, 4, 5].map((i) => group.submit(i));
    await tick();
    expect(batches.map((x) => x.items)).toEqual([[1]]);
    batches[0].finish();
    await tick();
    batches[1].finish();
    await tick();
    batches[2].finish();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
    expect(batches.map((x) => x.items)).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('fails only the item the write answers with an Error', async () => {
    const { batches, write } = controlledWrite();
    const group = new GroupCommit(write, 10);
    const first = group.submit(1);
    const rest = [2, -3, 4].map((i) => group.submit(i));
    await tick();
    batches[0].finish();
    await first;
    await tick();
    batches[1].finish();
    const settled = await Promise.allSettled(rest);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('when a whole batch throws, writes its items one by one so only the bad one fails', async () => {
    const calls: number[][] = [];
    const group = new GroupCommit(async (items: number[]) => {
      calls.push(items);
      await tick();
      if (items.includes(13)) throw new Error('unique violation');
      return items;
    }, 10);
    const all = [1, 2, 13, 4].map((i) => group.submit(i));
    const settled = await Promise.allSettled(all);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(calls).toEqual([[1], [2, 13, 4], [2], [13], [4]]);
    // The writer is free again afterwards.
    expect(await group.submit(5)).toBe(5);
  });
});
