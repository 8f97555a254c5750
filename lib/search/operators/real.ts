// Real-coded operators on a bounded interval, shared by int and float genes:
// simulated binary crossover (SBX) and polynomial mutation, both after Deb,
// in the bounded form pymoo uses.
import type { Rng } from '../../core/rng.js';

export interface RealParams {
  /** SBX distribution index: larger keeps children closer to their parents. */
  etaCrossover: number;
  /** Polynomial mutation distribution index: larger makes smaller steps. */
  etaMutation: number;
}

export const DEFAULT_REAL_PARAMS: RealParams = { etaCrossover: 15, etaMutation: 20 };

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** SBX on one variable; each variable is crossed with probability 0.5 and the children are swapped with probability 0.5. */
export function sbx(a: number, b: number, lo: number, hi: number, eta: number, rng: Rng): [number, number] {
  if (rng.next() >= 0.5 || Math.abs(a - b) < 1e-14 || hi <= lo) return [a, b];
  const y1 = Math.min(a, b), y2 = Math.max(a, b);
  const u = rng.next();
  const spread = (beta: number) => {
    const alpha = 2 - beta ** -(eta + 1);
    return u <= 1 / alpha ? (u * alpha) ** (1 / (eta + 1)) : (1 / (2 - u * alpha)) ** (1 / (eta + 1));
  };
  const bq1 = spread(1 + (2 * (y1 - lo)) / (y2 - y1));
  const bq2 = spread(1 + (2 * (hi - y2)) / (y2 - y1));
  let c1 = clamp(0.5 * (y1 + y2 - bq1 * (y2 - y1)), lo, hi);
  let c2 = clamp(0.5 * (y1 + y2 + bq2 * (y2 - y1)), lo, hi);
  if (rng.next() < 0.5) [c1, c2] = [c2, c1];
  return [c1, c2];
}

/** Polynomial mutation of one variable within [lo, hi]. */
export function polynomialMutation(x: number, lo: number, hi: number, eta: number, rng: Rng): number {
  if (hi <= lo) return x;
  const d1 = (x - lo) / (hi - lo), d2 = (hi - x) / (hi - lo);
  const pow = 1 / (eta + 1);
  const u = rng.next();
  let dq: number;
  if (u < 0.5) {
    const v = 2 * u + (1 - 2 * u) * (1 - d1) ** (eta + 1);
    dq = v ** pow - 1;
  } else {
    const v = 2 * (1 - u) + 2 * (u - 0.5) * (1 - d2) ** (eta + 1);
    dq = 1 - v ** pow;
  }
  return clamp(x + dq * (hi - lo), lo, hi);
}
