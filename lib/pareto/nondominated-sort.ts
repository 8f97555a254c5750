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

/** Indices of the non-dominated points, ascending. */
export function paretoFront(points: readonly Objectives[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < points.length; i++) {
    let dominated = false;
    for (let j = 0; j < points.length && !dominated; j++) {
      if (j !== i && dominates(points[j] as Objectives, points[i] as Objectives)) dominated = true;
    }
    if (!dominated) out.push(i);
  }
  return out;
}
