// Just enough of numpy's float arithmetic to reproduce bittensor's weight
// processing bit for bit: values in a float32 array are rounded after every
// operation (Math.fround), and array sums use numpy's pairwise summation
// (8 accumulators, blocks of 128), not a left-to-right loop, which gives a
// different last bit. Float64 arrays use the same code with no rounding.

export type Dtype = 'float32' | 'float64';

/** Rounds a double to the dtype's precision. */
export function rounder(dtype: Dtype): (x: number) => number {
  return dtype === 'float32' ? Math.fround : (x: number) => x;
}

const BLOCK = 128;

function pairwise(a: readonly number[], start: number, n: number, r: (x: number) => number): number {
  if (n < 8) {
    let res = -0;
    for (let i = 0; i < n; i++) res = r(res + (a[start + i] as number));
    return res;
  }
  if (n <= BLOCK) {
    const acc: number[] = [];
    for (let j = 0; j < 8; j++) acc.push(a[start + j] as number);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) acc[j] = r((acc[j] as number) + (a[start + i + j] as number));
    }
    const [r0, r1, r2, r3, r4, r5, r6, r7] = acc as [number, number, number, number, number, number, number, number];
    let res = r(r(r(r0 + r1) + r(r2 + r3)) + r(r(r4 + r5) + r(r6 + r7)));
    for (; i < n; i++) res = r(res + (a[start + i] as number));
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return r(pairwise(a, start, n2, r) + pairwise(a, start + n2, n - n2, r));
}

/** numpy's `a.sum()` for a contiguous 1-D array of the given dtype (identity 0 plus the pairwise sum). */
export function npSum(a: readonly number[], dtype: Dtype): number {
  const r = rounder(dtype);
  return r(0 + pairwise(a, 0, a.length, r));
}

/** numpy's `np.cumsum`: a plain running sum, rounded at each step. */
export function npCumsum(a: readonly number[], dtype: Dtype): number[] {
  const r = rounder(dtype);
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    s = i === 0 ? (a[0] as number) : r(s + (a[i] as number));
    out.push(s);
  }
  return out;
}

/**
 * numpy's `np.quantile(a, q)` with the default 'linear' method on a float32
 * array: sorted values interpolated at q*(n-1) with numpy's two-sided lerp,
 * computed in float32 like numpy does for float32 input.
 */
export function npQuantileF32(a: readonly number[], q: number): number {
  const f = Math.fround;
  const s = [...a].sort((x, y) => x - y);
  const n = s.length;
  const virtual = q * (n - 1);
  const prev = Math.max(0, Math.min(n - 1, Math.floor(virtual)));
  const next = Math.min(n - 1, prev + 1);
  const gamma = f(virtual - prev);
  const lo = s[prev] as number, hi = s[next] as number;
  const diff = f(hi - lo);
  return gamma >= 0.5 ? f(hi - f(diff * f(1 - gamma))) : f(lo + f(diff * gamma));
}

/** Python's round() of a float to an integer: ties go to the even neighbour. */
export function pyRound(x: number): number {
  const fl = Math.floor(x);
  const d = x - fl;
  if (d > 0.5) return fl + 1;
  if (d < 0.5) return fl;
  return fl % 2 === 0 ? fl : fl + 1;
}
