// NSGA-II survival: feasible individuals by non-dominated rank, the last front
// that fits cut by crowding distance; if too few are feasible, the least
// violating infeasible ones fill the rest.
import { crowdingDistance, nonDominatedSort, type Objectives } from '../pareto/index.js';

export interface Ranked {
  objectives: Objectives;
  violation: number;
  /** 0 for the first front; infeasible individuals rank after every front. */
  rank: number;
  crowding: number;
}

/** Returns the indices of the survivors with their rank and crowding, in survival order. */
export function rankAndCrowdingSurvival(items: readonly { objectives: Objectives; violation: number }[], n: number): { index: number; rank: number; crowding: number }[] {
  const feasible: number[] = [], infeasible: number[] = [];
  items.forEach((it, i) => (it.violation > 0 ? infeasible : feasible).push(i));
  const fronts = nonDominatedSort(feasible.map((i) => (items[i] as { objectives: Objectives }).objectives)).map((f) => f.map((k) => feasible[k] as number));
  const out: { index: number; rank: number; crowding: number }[] = [];
  for (let r = 0; r < fronts.length && out.length < n; r++) {
    const front = fronts[r] as number[];
    const cd = crowdingDistance(front.map((i) => (items[i] as { objectives: Objectives }).objectives));
    const members = front.map((index, k) => ({ index, rank: r, crowding: cd[k] as number }));
    if (out.length + members.length > n) members.sort((a, b) => b.crowding - a.crowding || a.index - b.index);
    out.push(...members.slice(0, n - out.length));
  }
  if (out.length < n) {
    const rest = [...infeasible].sort((a, b) => (items[a] as { violation: number }).violation - (items[b] as { violation: number }).violation || a - b);
    out.push(...rest.slice(0, n - out.length).map((index) => ({ index, rank: fronts.length, crowding: 0 })));
  }
  return out;
}
