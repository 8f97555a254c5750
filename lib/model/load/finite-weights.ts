// Finds NaN or ±Infinity in float32 weight bytes: such a model scores 0
// (its outputs are meaningless and it can poison averaged metrics).
import { fail, type LoadFailure } from './load-failure.js';
import type { WeightSpec } from './weights-manifest.js';

/** `data` holds `specs` back to back as little-endian float32, as tfjs lays them out. */
export function checkFiniteWeights(data: ArrayBuffer, specs: readonly WeightSpec[], where: string): LoadFailure | null {
  const view = new DataView(data);
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    for (let i = 0; i < count; i++) {
      const v = view.getFloat32(offset + 4 * i, true);
      if (!Number.isFinite(v)) {
        return fail('non-finite-weights', `${where}: weight ${JSON.stringify(spec.name)}[${i}] is ${v}, expected a finite number`);
      }
    }
    offset += 4 * count;
  }
  return null;
}
