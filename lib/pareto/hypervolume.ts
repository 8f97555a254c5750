// Exact hypervolume (minimisation) of a point set against a reference point,
// for 2 and 3 objectives. 2-D is a sweep; 3-D slices along the third objective
// and sums 2-D areas between consecutive slice heights (HSO-style), O(n^2 log n).
import { invalid } from '../core/errors.js';
import type { Objectives } from './dominance.js';

/** Area dominated by 2-D points and bounded by ref; points not strictly better than ref in both count for nothing. */
export function hypervolume2d(points: readonly Objectives[], ref: Objectives): number {
  const rx = ref[0] as number, ry = ref[1] as number;
  const pts = points
    .filter((p) => (p[0] as number) < rx && (p[1] as number) < ry)
    .map((p) => [p[0] as number, p[1] as number] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let area = 0;
  let bestY = ry;
  for (const [x, y] of pts) {
    if (y < bestY) {
      area += (rx - x) * (bestY - y);
      bestY = y;
    }
  }
  return area;
}

function hypervolume3d(points: readonly Objectives[], ref: Objectives): number {
  const rz = ref[2] as number;
  const pts = points
    .filter((p) => (p[0] as number) < (ref[0] as number) && (p[1] as number) < (ref[1] as number) && (p[2] as number) < rz)
    .sort((a, b) => (a[2] as number) - (b[2] as number));
  let volume = 0;
  for (let i = 0; i < pts.length; i++) {
    const z = (pts[i] as Objectives)[2] as number;
    const nextZ = i + 1 < pts.length ? ((pts[i + 1] as Objectives)[2] as number) : rz;
    if (nextZ === z) continue;
    // Every point at or below this height dominates the slab [z, nextZ).
    volume += hypervolume2d(pts.slice(0, i + 1), ref) * (nextZ - z);
  }
  return volume;
}

/** Exact hypervolume for 2 or 3 objectives; every point must have ref's length. */
export function hypervolume(points: readonly Objectives[], ref: Objectives): number {
  const m = ref.length;
  if (m !== 2 && m !== 3) throw invalid('hypervolume reference point', ref, '2 or 3 objectives');
  for (const p of points) {
    if (p.length !== m) throw invalid('hypervolume point', p, `${m} objectives like the reference point`);
    if (p.some((v) => !Number.isFinite(v))) throw invalid('hypervolume point', p, 'finite numbers');
  }
  return m === 2 ? hypervolume2d(points, ref) : hypervolume3d(points, ref);
}
