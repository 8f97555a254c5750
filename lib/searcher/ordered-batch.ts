// Runs a batch of jobs with up to `lanes` at once and hands their results back
// in the batch's own order, whatever order they finish in: the searcher's
// records and its tell order stay those of a one-at-a-time run. A result that
// finishes before an earlier one is handed to `early` (the run folder keeps it
// so that a kill does not lose it) and committed when its turn comes.
export interface OrderedBatch<T> {
  /** One entry per item: its value when already known (nothing is run), else undefined. */
  known: readonly (T | undefined)[];
  run(i: number): Promise<T>;
  /** Called before each start; a throw stops the batch (no new starts; the running ones are awaited). */
  beforeStart?(): void;
  early?(i: number, value: T): void;
  /** Called once per item, in item order, as soon as it and every earlier item are done. */
  commit(i: number, value: T): void;
}

export async function runOrdered<T>(b: OrderedBatch<T>, lanes: number): Promise<void> {
  const n = b.known.length;
  const values: (T | undefined)[] = [...b.known];
  const todo = values.flatMap((v, i) => (v === undefined ? [i] : []));
  let next = 0;
  const flush = () => {
    while (next < n && values[next] !== undefined) {
      b.commit(next, values[next] as T);
      next++;
    }
  };
  flush();
  let cursor = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && cursor < todo.length) {
      const i = todo[cursor++] as number;
      try {
        b.beforeStart?.();
        const v = await b.run(i);
        values[i] = v;
        if (i !== next) b.early?.(i, v);
        flush();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, todo.length)) }, lane));
  if (failure) throw failure.error;
}
