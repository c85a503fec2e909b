import { Fifo } from '../../../src/simulator/state/fifo';

describe('Fifo', () => {
  it('gives items back oldest first, across compactions', () => {
    const fifo = new Fifo<number>([1, 2]);
    const expected: number[] = [1, 2];
    // Enough pushes and shifts to compact the array several times (after 1,024 dropped items).
    for (let i = 3; i <= 5000; i++) {
      fifo.push(i);
      expected.push(i);
      if (i % 3 !== 0) {
        expect(fifo.shift()).toBe(expected.shift());
      }
      expect(fifo.length).toBe(expected.length);
    }
    expect(fifo.at(0)).toBe(expected[0]);
    expect(fifo.at(fifo.length - 1)).toBe(5000);
    expect(fifo.at(fifo.length)).toBeUndefined();
    expect(fifo.at(-1)).toBeUndefined();
    expect(fifo.toArray()).toEqual(expected);
  });

  it('is empty after clear and when everything was shifted', () => {
    const fifo = new Fifo(['a', 'b']);
    expect(fifo.shift()).toBe('a');
    expect(fifo.shift()).toBe('b');
    expect(fifo.shift()).toBeUndefined();
    expect(fifo.length).toBe(0);
    fifo.push('c');
    fifo.clear();
    expect(fifo.length).toBe(0);
    expect(fifo.toArray()).toEqual([]);
  });
});
