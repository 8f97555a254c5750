import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng, type Rng } from '../../lib/core/rng.js';
import {
  dominates, constrainedDominates, nonDominatedSort, paretoRanks, paretoFront, crowdingDistance, hypervolume,
} from '../../lib/pareto/index.js';

test('dominance is strict somewhere and never worse anywhere', () => {
  assert.equal(dominates([1, 2], [1, 3]), true);
  assert.equal(dominates([1, 3], [1, 2]), false);
  assert.equal(dominates([1, 2], [1, 2]), false, 'equal points do not dominate each other');
  assert.equal(dominates([0, 3], [1, 2]), false, 'a trade-off is no dominance');
});

test('constraint-domination follows Deb: feasible first, then smaller violation, then dominance', () => {
  const feas = (o: number[]) => ({ objectives: o, violation: 0 });
  const inf = (o: number[], v: number) => ({ objectives: o, violation: v });
  assert.equal(constrainedDominates(feas([9, 9]), inf([0, 0], 0.1)), true);
  assert.equal(constrainedDominates(inf([0, 0], 0.1), feas([9, 9])), false);
  assert.equal(constrainedDominates(inf([9, 9], 0.1), inf([0, 0], 0.2)), true);
  assert.equal(constrainedDominates(inf([0, 0], 0.2), inf([9, 9], 0.2)), false);
  assert.equal(constrainedDominates(feas([0, 1]), feas([1, 1])), true);
  assert.equal(constrainedDominates(feas([0, 1]), { objectives: [1, 1], violation: -3 }), true, 'negative violation counts as feasible');
});

test('non-dominated sort finds the layered fronts', () => {
  const pts = [[1, 5], [2, 2], [5, 1], [3, 3], [4, 4], [2, 6], [6, 6], [2, 2]];
  assert.deepEqual(nonDominatedSort(pts), [[0, 1, 2, 7], [3, 5], [4], [6]]);
  assert.deepEqual(paretoRanks(pts), [0, 0, 0, 1, 2, 1, 3, 0]);
  assert.deepEqual(paretoFront(pts), [0, 1, 2, 7]);
  assert.deepEqual(nonDominatedSort([]), []);
});

test('non-dominated sort agrees with a brute-force peel on random points', () => {
  const rng = makeRng(11);
  for (let t = 0; t < 20; t++) {
    const pts = Array.from({ length: 30 }, () => [rng.int(6), rng.int(6), rng.int(6)]);
    let left = [...pts.keys()];
    const expected: number[][] = [];
    while (left.length) {
      // The oracle's own dominance (minimisation), not the library's: no worse in every objective, better in one.
      const beats = (a: number[], b: number[]) => a.every((v, k) => v <= b[k]!) && a.some((v, k) => v < b[k]!);
      const f = left.filter((i) => !left.some((j) => beats(pts[j]!, pts[i]!)));
      expected.push(f);
      left = left.filter((i) => !f.includes(i));
    }
    assert.deepEqual(nonDominatedSort(pts), expected);
  }
});

test('crowding distance: boundaries infinite, inner points by normalised neighbour gaps', () => {
  // Sorted by f1: 0,1,2,3 -> f1 range 3, f2 range 3.
  const d = crowdingDistance([[0, 3], [1, 2], [3, 0], [2, 1]]);
  assert.equal(d[0], Infinity);
  assert.equal(d[2], Infinity);
  // Point 1: f1 gap (2-0)/3, f2 gap (3-1)/3 -> 4/3. Point 3: (3-1)/3 + (2-0)/3 -> 4/3.
  assert.ok(Math.abs(d[1]! - 4 / 3) < 1e-12);
  assert.ok(Math.abs(d[3]! - 4 / 3) < 1e-12);
  assert.deepEqual(crowdingDistance([[1, 1], [2, 0]]), [Infinity, Infinity]);
  assert.deepEqual(crowdingDistance([]), []);
});

/** Exact brute force: count the grid cells (from all distinct coordinates) that some point dominates. */
function bruteHv(points: number[][], ref: number[]): number {
  const m = ref.length;
  const axes = Array.from({ length: m }, (_, k) => [...new Set([...points.map((p) => p[k]!), ref[k]!])].filter((v) => v <= ref[k]!).sort((a, b) => a - b));
  let total = 0;
  const walk = (k: number, lower: number[], vol: number) => {
    if (k === m) {
      if (points.some((p) => p.every((v, j) => v <= lower[j]!))) total += vol;
      return;
    }
    const ax = axes[k]!;
    for (let i = 0; i + 1 < ax.length; i++) walk(k + 1, [...lower, ax[i]!], vol * (ax[i + 1]! - ax[i]!));
  };
  walk(0, [], 1);
  return total;
}

function randomPoints(rng: Rng, n: number, m: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: m }, () => Math.round(rng.next() * 100) / 100));
}

test('hypervolume matches brute force in 2-D and 3-D on random points (with duplicates and points beyond ref)', () => {
  const rng = makeRng(5);
  for (let t = 0; t < 40; t++) {
    const m = t % 2 === 0 ? 2 : 3;
    const pts = randomPoints(rng, 1 + rng.int(14), m);
    pts.push([...pts[0]!]);
    const ref = Array.from({ length: m }, () => 0.9);
    const hv = hypervolume(pts, ref);
    assert.ok(Math.abs(hv - bruteHv(pts, ref)) < 1e-12, `trial ${t}: ${hv} vs ${bruteHv(pts, ref)}`);
  }
});

test('hypervolume of known shapes and its input checks', () => {
  assert.equal(hypervolume([[0, 0]], [1, 1]), 1);
  assert.equal(hypervolume([[0.5, 0], [0, 0.5]], [1, 1]), 0.75);
  assert.equal(hypervolume([[0, 0, 0]], [2, 1, 1]), 2);
  assert.equal(hypervolume([], [1, 1, 1]), 0);
  assert.equal(hypervolume([[1, 0]], [1, 1]), 0, 'a point on the reference boundary adds nothing');
  assert.throws(() => hypervolume([[0]], [1]), /hypervolume reference point: got \[1\], expected 2 or 3 objectives/);
  assert.throws(() => hypervolume([[0, 0, 0]], [1, 1]), /expected 2 objectives/);
  assert.throws(() => hypervolume([[0, NaN]], [1, 1]), /finite numbers/);
});
