// Binary tournament for NSGA-II: constraint-domination first (Deb's rule),
// then lower rank, then larger crowding distance, then a coin.
import type { Rng } from '../core/rng.js';
import { constrainedDominates } from '../pareto/index.js';
import type { Ranked } from './survival.js';

export function binaryTournament<T extends Ranked>(pool: readonly T[], rng: Rng): T {
  const a = pool[rng.int(pool.length)] as T, b = pool[rng.int(pool.length)] as T;
  if (constrainedDominates(a, b)) return a;
  if (constrainedDominates(b, a)) return b;
  if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
  if (a.crowding !== b.crowding) return a.crowding > b.crowding ? a : b;
  return rng.next() < 0.5 ? a : b;
}
