/** Dropped items are compacted away once there are this many and they are half the array. */
const COMPACT_AFTER = 1024;

/**
 * A first-in first-out list whose oldest item goes in O(1) (amortized). The simulator keeps its
 * last 1,000 exchanges and 5,000 accepted answers this way; `splice(0, 1)` on a full array moved
 * every remaining element, with a write barrier each: 4 µs at 1,000 items and 18 µs at 5,000
 * here, per request, more once the array is in the old generation of a busy heap.
 */
export class Fifo<T> {
  private items: Array<T | undefined> = [];
  /** Index of the oldest item still held. */
  private head = 0;

  constructor(items: Iterable<T> = []) {
    for (const item of items) this.items.push(item);
  }

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The i-th oldest item (0: the oldest). */
  at(i: number): T | undefined {
    return i >= 0 && i < this.length ? this.items[this.head + i] : undefined;
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined; // not kept alive by the array
    if (this.head >= COMPACT_AFTER && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** The items, oldest first, as a new array. */
  toArray(): T[] {
    return this.items.slice(this.head) as T[];
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
