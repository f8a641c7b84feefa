/**
 * Runs work over a list a bounded number at a time: the lab provisions large estates
 * with several calls in flight, which moto answers on its own threads.
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
