import { GroupCommit } from '../../../src/database/group-commit';

/** A write whose batches finish only when the test says so. */
function controlledWrite() {
  const batches: Array<{ key: string; items: number[]; finish: () => void }> = [];
  const write = (key: string, items: number[]) =>
    new Promise<Array<number | Error>>((resolve) => {
      batches.push({
        key,
        items,
        finish: () => resolve(items.map((i) => (i < 0 ? new Error(`bad ${i}`) : i * 10))),
      });
    });
  return { batches, write };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('writes a lone item at once, and batches what arrives while a write of its key runs', async () => {
    const { batches, write } = controlledWrite();
    const group = new GroupCommit(write, 10);
    const first = group.submit('u1', 1);
    await tick();
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    const later = [2, 3, 4].map((i) => group.submit('u1', i));
    await tick();
    expect(batches).toHaveLength(1); // waiting for the running batch
    batches[0].finish();
    expect(await first).toBe(10);
    await tick();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3, 4]]);
    batches[1].finish();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it('writes different keys concurrently, and never more than maxBatch items at once', async () => {
    const { batches, write } = controlledWrite();
    const group = new GroupCommit(write, 2);
    const a = [1, 2, 3, 4].map((i) => group.submit('a', i));
    const b = group.submit('b', 9);
    await tick();
    expect(batches.map((x) => [x.key, x.items])).toEqual([
      ['a', [1]],
      ['b', [9]],
    ]);
    batches[0].finish();
    await tick();
    batches[2].finish();
    await tick();
    batches[3].finish();
    batches[1].finish();
    expect(await Promise.all(a)).toEqual([10, 20, 30, 40]);
    expect(await b).toBe(90);
    expect(batches.filter((x) => x.key === 'a').map((x) => x.items)).toEqual([[1], [2, 3], [4]]);
  });

  it('fails only the item the write answers with an Error', async () => {
    const { batches, write } = controlledWrite();
    const group = new GroupCommit(write, 10);
    const first = group.submit('u', 1);
    const rest = [2, -3, 4].map((i) => group.submit('u', i));
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
    const group = new GroupCommit(async (_key, items: number[]) => {
      calls.push(items);
      await tick();
      if (items.includes(13)) throw new Error('unique violation');
      return items;
    }, 10);
    const all = [1, 2, 13, 4].map((i) => group.submit('u', i));
    const settled = await Promise.allSettled(all);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(calls).toEqual([[1], [2, 13, 4], [2], [13], [4]]);
    // The key is free again afterwards.
    expect(await group.submit('u', 5)).toBe(5);
  });
});
