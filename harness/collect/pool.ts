/**
 * Runs work over a list a bounded number at a time: crisp's reads (a few AWS calls in flight
 * per run), caller identification, and the lab's provisioning of large estates.
 */

/** Runs `work` over `items`, at most `concurrency` at once, starting them in order. */
export async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
