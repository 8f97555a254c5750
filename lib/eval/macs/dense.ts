// MAC counter of Dense: in*out per position (a Dense applied to a [1, ..., in]
// tensor works on every leading position).
import type { MacCounter } from './types.js';
import { product } from './types.js';

export const denseMacs: MacCounter = (_layer, inputs, output) => {
  const input = inputs[0] ?? [];
  const units = output[output.length - 1] ?? 0;
  const positions = product(input.slice(1, -1));
  return positions * (input[input.length - 1] ?? 0) * units;
};
