// Upstream's rounding of the scored metrics, as pure functions. The validator
// compares and ranks the rounded values; the exact ones are kept for reports.

/** Rounds a positive integer to `digits` significant digits (half away from zero). */
export function roundSignificant(value: number, digits: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const scale = 10 ** (magnitude - digits + 1);
  // Math.round on value/scale: both are integers-as-doubles here, so exact for counts < 2^53.
  return Math.sign(value) * Math.round(Math.abs(value) / scale) * scale;
}

/** Parameters to 1 significant digit: 123,456 -> 100,000; 157,000 -> 200,000. */
export function roundParams(params: number): number {
  return roundSignificant(params, 1);
}

/** MACs to 1 significant digit up to 7 integer digits, else 2: 43,210,000 -> 43,000,000. */
export function roundMacs(macs: number): number {
  const digits = String(Math.trunc(Math.abs(macs))).length;
  return roundSignificant(macs, digits <= 7 ? 1 : 2);
}

/** Accuracy in percent floored to an integer, as the validator scores it. */
export function floorAccuracy(percent: number): number {
  return Math.floor(percent);
}
