// Crowding distance (Deb et al., NSGA-II): how much room a point has around it
// inside its front, summed over objectives after scaling each to its range.
// Boundary points get Infinity so they always survive truncation.
import type { Objectives } from './dominance.js';

/**
 * Crowding distance of each point of one front, in the order given. Ties in an
 * objective are ordered by index so that the result never depends on the sort's
 * stability.
 */
export function crowdingDistance(front: readonly Objectives[]): number[] {
  const n = front.length;
  const dist = new Array<number>(n).fill(0);
  if (n === 0) return dist;
  if (n <= 2) return dist.fill(Infinity);
  const m = (front[0] as Objectives).length;
  for (let k = 0; k < m; k++) {
    const v = (i: number) => (front[i] as Objectives)[k] as number;
    const order = [...Array(n).keys()].sort((a, b) => v(a) - v(b) || a - b);
    const first = order[0] as number, last = order[n - 1] as number;
    const range = v(last) - v(first);
    dist[first] = Infinity;
    dist[last] = Infinity;
    if (range === 0) continue;
    for (let r = 1; r < n - 1; r++) {
      const i = order[r] as number;
      dist[i] = (dist[i] as number) + (v(order[r + 1] as number) - v(order[r - 1] as number)) / range;
    }
  }
  return dist;
}
