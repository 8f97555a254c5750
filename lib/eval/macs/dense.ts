// MAC counter of Dense. PyTorch equivalent: nn.Linear, exported as Gemm (rank-2
// input with bias), MatMul (no bias), or MatMul + Add (higher rank): in every
// case positions * in * units multiplies plus positions * units adds with a
// bias. A Dense applied to a [1, ..., in] tensor works on every leading position.
import { fusedActivationMacs } from './activation.js';
import { gemmOp } from './onnx-tool-costs.js';
import type { MacCounter } from './types.js';
import { option, product } from './types.js';

export const denseMacs: MacCounter = (use) => {
  const input = use.inputs[0] ?? [];
  const units = use.output[use.output.length - 1] ?? 0;
  const k = input[input.length - 1] ?? 0;
  const outVolume = product(input.slice(0, -1)) * units;
  const bias = option(use.config, 'useBias', 'use_bias') !== false;
  return { macs: gemmOp(outVolume, k, bias) + fusedActivationMacs(use), weightMacs: outVolume * k };
};
