// Runs a batch of jobs with up to `lanes` at once and hands their results back
// in the batch's own order, whatever order they start or finish in: the
// searcher's records and its tell order stay those of a one-at-a-time run. A
// result that finishes before an earlier one is handed to `early` (the run
// folder keeps it so that a kill does not lose it) and committed when its turn
// comes.
// Start order: by default the batch's order; `startOrder` may put the longest
// jobs first (longest-processing-time scheduling), so that a batch does not
// end with one lane training its biggest job while the others idle. It never
// changes what is evaluated or the order of the commits.
// `gate`, asked before each start, lets a budget stop the batch ('stop': start
// nothing more) or leave one job out ('skip'); jobs not run are not committed.
export type Gate = 'start' | 'skip' | 'stop';

export interface OrderedBatch<T> {
  /** One entry per item: its value when already known (nothing is run), else undefined. */
  known: readonly (T | undefined)[];
  run(i: number): Promise<T>;
  /** Called before each start; a throw stops the batch (no new starts; the running ones are awaited) and is rethrown. */
  beforeStart?(): void;
  /** Asked before each start (after beforeStart); default 'start'. */
  gate?(i: number): Gate;
  /** The items to run, in the order to start them (a permutation of the unknown ones); default: item order. */
  startOrder?: readonly number[];
  early?(i: number, value: T): void;
  /** Called once per item that has a value, in item order, as soon as it and every earlier item are done or left out. */
  commit(i: number, value: T): void;
}

const LEFT_OUT = Symbol('left out');

export async function runOrdered<T>(b: OrderedBatch<T>, lanes: number): Promise<void> {
  const n = b.known.length;
  const values: (T | typeof LEFT_OUT | undefined)[] = [...b.known];
  const unknown = values.flatMap((v, i) => (v === undefined ? [i] : []));
  const todo = b.startOrder ? checkedOrder(b.startOrder, unknown) : unknown;
  let next = 0;
  const flush = () => {
    while (next < n && values[next] !== undefined) {
      const v = values[next];
      if (v !== LEFT_OUT) b.commit(next, v as T);
      next++;
    }
  };
  flush();
  let cursor = 0;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && !stopped && cursor < todo.length) {
      const i = todo[cursor++] as number;
      try {
        b.beforeStart?.();
        const gate = b.gate?.(i) ?? 'start';
        if (gate !== 'start') {
          values[i] = LEFT_OUT;
          stopped ||= gate === 'stop';
          flush();
          continue;
        }
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
  // Stopped: what never started is left out; the finished ones are committed in order.
  for (const i of todo.slice(cursor)) if (values[i] === undefined) values[i] = LEFT_OUT;
  flush();
}

function checkedOrder(order: readonly number[], unknown: readonly number[]): number[] {
  const want = new Set(unknown);
  if (order.length !== unknown.length || !order.every((i) => want.delete(i))) throw new Error('runOrdered: startOrder must list each item to run exactly once');
  return [...order];
}

/** Indexes of `costs` from the most to the least costly (ties: item order). */
export function longestFirst(costs: readonly number[]): number[] {
  return costs.map((c, i) => ({ c, i })).sort((a, b) => b.c - a.c || a.i - b.i).map((x) => x.i);
}

/** Wall time of `costs` scheduled longest-first on `lanes` lanes (each job to the lane free first). */
export function makespan(costs: readonly number[], lanes: number): number {
  const free = new Array<number>(Math.max(1, lanes)).fill(0);
  for (const i of longestFirst(costs)) {
    const k = free.indexOf(Math.min(...free));
    free[k] = (free[k] as number) + (costs[i] as number);
  }
  return Math.max(...free);
}
