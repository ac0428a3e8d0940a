import { availableParallelism } from "node:os";

/**
 * How many QEMU guests a test runs at once: TCG keeps one host core busy per guest, and the test
 * runner itself runs one file at a time, so each core can carry one guest.
 */
export const GUEST_CONCURRENCY = Math.max(1, Math.min(4, availableParallelism()));

/**
 * Runs `task` for every item with at most `limit` running at a time, and gives the results in the
 * items' order. The first failure is thrown once every started task has ended, so no guest is left
 * running behind a failed test.
 */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && failures.length === 0) {
      const index = next;
      next += 1;
      try {
        results[index] = await task(items[index]!, index);
      } catch (failure) {
        failures.push(failure);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failures.length > 0) throw failures[0];
  return results;
}
