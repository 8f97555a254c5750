// MAC counter of BatchNormalization. PyTorch's eval-mode export folds a
// BatchNorm into the Conv right before it (torch/csrc/jit/passes/onnx/
// eval_peephole.cpp, fuseConvBatchNorm; graph.ts decides when); the fused
// conv carries the bias add (conv.ts), the BatchNorm costs nothing. Anywhere
// else it stays a BatchNormalization op: 31 MACs per output element.
import { batchNormOp } from './onnx-tool-costs.js';
import type { MacCounter } from './types.js';
import { NO_COST, volume } from './types.js';

export const batchNormMacs: MacCounter = (use) => (use.folded ? NO_COST : { macs: batchNormOp(volume(use.output)), weightMacs: 0 });
