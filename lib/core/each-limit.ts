// Runs an async function over items with at most `limit` calls in flight,
// starting them in item order. Every call is awaited; the first error is
// rethrown after the running ones settle (no new call starts after it).
export async function eachLimit<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let cursor = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && cursor < items.length) {
      const i = cursor++;
      try {
        await fn(items[i] as T, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(Math.floor(limit) || 1, items.length)) }, lane));
  if (failure) throw failure.error;
}
