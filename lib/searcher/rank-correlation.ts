// Rank agreement between two scorings of the same items (a cheap fidelity's
// accuracy against the final recipe's): Kendall's tau-b, which counts
// concordant and discordant pairs and corrects for ties on either side (as
// scipy.stats.kendalltau's default), and whether a signal's top k holds the
// reference's best. Pure: numbers in, numbers out.

/** Kendall's tau-b of paired scores; NaN when either side is constant or fewer than 2 pairs. */
export function kendallTau(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError(`kendallTau: ${x.length} x values and ${y.length} y values, expected as many`);
  let concordant = 0, discordant = 0, tiesX = 0, tiesY = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = Math.sign((x[i] as number) - (x[j] as number));
      const dy = Math.sign((y[i] as number) - (y[j] as number));
      if (dx === 0 && dy === 0) continue; // tied on both: in neither count
      if (dx === 0) tiesX++;
      else if (dy === 0) tiesY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  }
  const n0 = concordant + discordant;
  const denominator = Math.sqrt((n0 + tiesX) * (n0 + tiesY));
  return denominator === 0 ? NaN : (concordant - discordant) / denominator;
}

/** Whether the item the reference scores highest is among the signal's k highest (ties in the signal counted in its favour). */
export function bestInTop(signal: readonly number[], reference: readonly number[], k: number): boolean {
  if (signal.length !== reference.length) throw new RangeError(`bestInTop: ${signal.length} signal values and ${reference.length} reference values, expected as many`);
  if (reference.length === 0) return false;
  let best = 0;
  reference.forEach((v, i) => { if (v > (reference[best] as number)) best = i; });
  const above = signal.filter((v) => v > (signal[best] as number)).length;
  return above < k;
}
