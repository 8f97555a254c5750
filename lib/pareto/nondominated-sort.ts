// Deb's fast non-dominated sort: splits points into fronts F1, F2, ... where
// F1 is the Pareto set and each later front is the Pareto set of what is left.
import { dominates, type Objectives } from './dominance.js';

/** Fronts as lists of indices into points, best first; each list ascending. */
export function nonDominatedSort(points: readonly Objectives[]): number[][] {
  const n = points.length;
  const dominatedBy: number[][] = Array.from({ length: n }, () => []);
  const count = new Array<number>(n).fill(0);
  const fronts: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const pi = points[i] as Objectives, pj = points[j] as Objectives;
      if (dominates(pi, pj)) {
        (dominatedBy[i] as number[]).push(j);
        count[j] = (count[j] as number) + 1;
      } else if (dominates(pj, pi)) {
        (dominatedBy[j] as number[]).push(i);
        count[i] = (count[i] as number) + 1;
      }
    }
  }
  for (let i = 0; i < n; i++) if (count[i] === 0) current.push(i);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominatedBy[i] as number[]) {
        count[j] = (count[j] as number) - 1;
        if (count[j] === 0) next.push(j);
      }
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** Rank of every point: 0 for the first front, 1 for the second, ... */
export function paretoRanks(points: readonly Objectives[]): number[] {
  const rank = new Array<number>(points.length).fill(0);
  nonDominatedSort(points).forEach((front, r) => { for (const i of front) rank[i] = r; });
  return rank;
}

/**
 * Indices of the non-dominated points, ascending. Points are visited in
 * lexicographic order, where a dominator always comes before what it dominates,
 * so each point is checked only against the front found so far: O(n * front).
 */
export function paretoFront(points: readonly Objectives[]): number[] {
  const lex = (a: Objectives, b: Objectives) => {
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return (a[k] as number) - (b[k] as number);
    return 0;
  };
  const order = [...points.keys()].sort((i, j) => lex(points[i] as Objectives, points[j] as Objectives) || i - j);
  const front: number[] = [];
  for (const i of order) {
    const p = points[i] as Objectives;
    if (!front.some((j) => dominates(points[j] as Objectives, p))) front.push(i);
  }
  return front.sort((a, b) => a - b);
}
