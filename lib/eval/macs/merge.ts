// MAC counters of the merge layers over n inputs. PyTorch equivalents and
// their ops: Add -> a + b + ... ((n-1) Add); Multiply -> a * b * ... ((n-1)
// Mul); Maximum -> torch.maximum chained ((n-1) Max); Minimum -> torch.minimum
// chained ((n-1) Min); Average -> (a + b + ...)
// / n ((n-1) Add and one Div); Concatenate -> torch.cat (Concat, 0). Each
// element-wise op costs its per-element rule times the output volume.
import { ELEMENTWISE } from './onnx-tool-costs.js';
import type { MacCounter } from './types.js';
import { volume } from './types.js';

const chain = (perElement: number, extra = 0): MacCounter => (use) => ({
  macs: ((use.inputs.length - 1) * perElement + extra) * volume(use.output),
  weightMacs: 0,
});

export const addMacs = chain(ELEMENTWISE.Add);
export const multiplyMacs = chain(ELEMENTWISE.Mul);
export const maximumMacs = chain(ELEMENTWISE.Max);
export const minimumMacs = chain(ELEMENTWISE.Min);
export const averageMacs = chain(ELEMENTWISE.Add, ELEMENTWISE.Div);
