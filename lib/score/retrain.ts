// Upstream's guard against test-set leakage as a pure driver: retrain every
// front member once from fresh weights, let the retrained accuracy replace the
// submitted one, recompute the front, and repeat until every front member has
// been retrained. The retraining itself (tfjs) is passed in.
import { eachLimit } from '../core/each-limit.js';
import { paretoFrontOf } from './front.js';
import type { FrontConfig, ScoreRecord } from './types.js';

export interface RetrainRecord {
  uid: number;
  submitted: number;
  retrained: number;
  /** retrained >= submitted: the model kept its claim. */
  kept: boolean;
  /** True when the result came from `known` rather than a retrain in this call. */
  remembered: boolean;
}

export interface RetrainOutcome<T> {
  /** Every model, in input order, with accuracy replaced where it was retrained. */
  models: T[];
  /** The front after the last retrain (input order). */
  front: T[];
  /** One record per retrained model, in the order they were retrained. */
  retrained: RetrainRecord[];
}

export interface RetrainOptions<T> {
  /** Identity of a model for memoisation; default its uid. Use uid+commit across rounds. */
  key?: (m: T) => string;
  /** Results of earlier rounds by key: those models are not retrained again. */
  known?: ReadonlyMap<string, number>;
  /** Retrains of one front run at once (a worker pool's size); the records keep the front's order. Default 1. */
  concurrency?: number;
}

/**
 * retrain receives the model object as given in `models` and returns the new floored accuracy, 0 when the model fails to load or
 * train; a throw or a non-finite number also counts as 0, so one bad model never
 * stops the round.
 */
export async function retrainFront<T extends ScoreRecord>(
  models: readonly T[],
  config: FrontConfig,
  retrain: (m: T) => Promise<number>,
  options: RetrainOptions<T> = {},
): Promise<RetrainOutcome<T>> {
  const key = options.key ?? ((m: T) => String(m.uid));
  const known = options.known ?? new Map<string, number>();
  const current = models.map((m) => ({ ...m }));
  const done = new Set<string>();
  const records: RetrainRecord[] = [];
  for (;;) {
    const unchecked = paretoFrontOf(current, config).filter((m) => !done.has(key(m)));
    if (unchecked.length === 0) break;
    const accs: number[] = [];
    await eachLimit(unchecked, options.concurrency ?? 1, async (m, j) => {
      const k = key(m);
      let acc: number;
      if (known.has(k)) acc = known.get(k) as number;
      else {
        try {
          acc = await retrain(models[current.indexOf(m)] as T);
        } catch {
          acc = 0;
        }
      }
      accs[j] = Number.isFinite(acc) ? acc : 0;
    });
    for (const [j, m] of unchecked.entries()) {
      const k = key(m);
      const acc = accs[j] as number;
      records.push({ uid: m.uid, submitted: m.accuracy, retrained: acc, kept: acc >= m.accuracy, remembered: known.has(k) });
      // Upstream sets the accuracy to the retrained value whether or not the model keeps its place.
      m.accuracy = acc;
      done.add(k);
    }
  }
  return { models: current, front: paretoFrontOf(current, config), retrained: records };
}
