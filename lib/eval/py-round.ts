// CPython's float round(x, ndigits), bit for bit. Upstream rounds its scored
// metrics with it (src/validator/forward.py, round_to_nearest_significant), so
// a model at an exact half (25,000 params, 12,500,000 MACs) must land where
// Python puts it: half to even on the *exact binary value* of the double.
//
// CPython (Objects/floatobject.c, double_round) formats x with ndigits
// decimals by _Py_dg_dtoa mode 3 (correctly rounded, ties to even on the
// exact value) and parses the digits back with the correctly rounded
// _Py_dg_strtod. This does the same: the exact value of the double as a
// BigInt fraction, half-even to an integer count of 10^-ndigits, then the
// engine's correctly rounded decimal parse (V8's Number(string) is).
import { NaschainError, invalid } from '../core/errors.js';

// CPython's bounds: beyond them the result is x itself, or a signed zero.
const NDIGITS_MAX = Math.trunc((53 - -1021) * 0.30103); // 323
const NDIGITS_MIN = -Math.trunc((1024 + 1) * 0.30103); // -308

/** |x| = mantissa * 2^exponent exactly, for a finite non-zero double. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 }; // subnormal
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** Python's `round(x, ndigits)` for a float x (a float result, as Python returns when ndigits is given). */
export function pyRound(x: number, ndigits: number): number {
  if (!Number.isInteger(ndigits)) throw invalid('round ndigits', ndigits, 'an integer');
  if (!Number.isFinite(x) || x === 0) return x;
  if (ndigits > NDIGITS_MAX) return x;
  if (ndigits < NDIGITS_MIN) return 0 * x;
  const { mantissa, exponent } = decompose(x);
  let num = exponent >= 0 ? mantissa << BigInt(exponent) : mantissa;
  let den = exponent >= 0 ? 1n : 1n << BigInt(-exponent);
  if (ndigits >= 0) num *= 10n ** BigInt(ndigits);
  else den *= 10n ** BigInt(-ndigits);
  let q = num / den;
  const twiceRest = 2n * (num % den);
  if (twiceRest > den || (twiceRest === den && q % 2n === 1n)) q += 1n;
  const rounded = Number(`${x < 0 ? '-' : ''}${q}e${-ndigits}`);
  if (!Number.isFinite(rounded)) throw new NaschainError('INVALID', `round(${x}, ${ndigits}): the result overflows a double (Python raises OverflowError)`);
  return rounded;
}

/**
 * Upstream's round_to_nearest_significant(x, n) (forward.py):
 *   magnitude = int(math.floor(math.log10(abs(x)))); factor = 10 ** magnitude
 *   return round(x / factor, n - 1) * factor
 * A float, as Python computes it: x / factor and the product are IEEE
 * operations on doubles (for x below 2^53 and factor = 10^m, m <= 22, Python's
 * int/int division and int-to-float conversion are exact or correctly
 * rounded, exactly like these), so the result can be a non-integer such as
 * 110000000.00000001 (round(1.1, 1) * 10**8) — upstream keeps that float.
 */
export function roundToNearestSignificant(x: number, n: number): number {
  if (!Number.isFinite(x)) throw new NaschainError('INVALID', `value to round: got ${x}, expected a finite number`);
  if (!Number.isInteger(n) || n < 1) throw invalid('significant digits', n, 'a positive integer');
  if (x === 0) return 0;
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  // 10 ** magnitude: an exact int in Python; Number(BigInt) rounds to nearest like int.__float__.
  const factor = magnitude >= 0 ? Number(10n ** BigInt(magnitude)) : 1 / Number(10n ** BigInt(-magnitude));
  return pyRound(x / factor, n - 1) * factor;
}

/** Upstream's round_flops_to_nearest_significant: 1 significant digit if int(|x|) has at most 7 digits, else 2. */
export function roundFlopsToNearestSignificant(x: number): number {
  if (!Number.isFinite(x)) throw new NaschainError('INVALID', `MAC count to round: got ${x}, expected a finite number`);
  if (x === 0) return 0;
  const digits = BigInt(Math.trunc(Math.abs(x))).toString().length;
  return roundToNearestSignificant(x, digits <= 7 ? 1 : 2);
}
