// Pareto dominance for minimisation over objective vectors, plus Deb's
// constraint-domination. Callers negate objectives they maximise (accuracy).

/** Objective values of one point, every one to be minimised. */
export type Objectives = readonly number[];

/** True when a is no worse than b everywhere and strictly better somewhere. */
export function dominates(a: Objectives, b: Objectives): boolean {
  let better = false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as number, y = b[k] as number;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/** A point with its total constraint violation (0 or less means feasible). */
export interface ConstrainedPoint {
  objectives: Objectives;
  violation: number;
}

/**
 * Deb's rule: a feasible point beats an infeasible one; of two infeasible points
 * the one with the smaller total violation wins; two feasible points compare by
 * plain dominance.
 */
export function constrainedDominates(a: ConstrainedPoint, b: ConstrainedPoint): boolean {
  const va = Math.max(0, a.violation), vb = Math.max(0, b.violation);
  if (va === 0 && vb === 0) return dominates(a.objectives, b.objectives);
  if (va === 0) return true;
  if (vb === 0) return false;
  return va < vb;
}
