import { availableParallelism } from "node:os";

/**
 * How many test files run side by side: one per core but the last, and never fewer than two.
 * Most of a file's time goes to waiting on one child process at a time (gp, emerge, a QEMU guest)
 * that keeps one core busy, so on a two-core machine a second file fills the other core.
 */
export const TEST_WORKERS = Math.max(2, availableParallelism() - 1);

/**
 * How many QEMU guests a test runs at once: TCG keeps one host core busy per guest. The guests of
 * two files may meet on the same cores; that slows them, and the boot timeouts allow for it.
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
