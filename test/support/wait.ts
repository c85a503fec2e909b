/** Polls `probe` every 25 ms until it gives a value (not undefined); throws after `ms`. */
export async function until<T>(
  probe: () => Promise<T | undefined>,
  ms = 20000,
  what = 'a condition',
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
