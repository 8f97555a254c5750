// MACs of one forward pass of one image, as upstream scores them: onnx_tool
// 0.9.0's total over the eval-mode ONNX export of the equivalent PyTorch
// model (registry.ts maps each layer class). Every use of a layer is counted
// (graph.ts), BatchNorms after convs are folded as PyTorch's export folds
// them, and the weight-only count of earlier versions is kept beside it.
import type * as tfl from '@tensorflow/tfjs-layers';
import { NaschainError, invalid } from '../../core/errors.js';
import { MAC_COUNTERS } from './registry.js';
import { foldedBatchNorms, layerUses } from './graph.js';

export interface MacCount {
  /** What upstream scores: onnx_tool's total MACs of the equivalent ONNX graph. */
  total: number;
  /** Conv/depthwise/dense weight multiply-accumulates only (this project's count before issue 13). */
  weightOnly: number;
  /** Per layer name, summed over its uses. */
  perLayer: Record<string, number>;
  /** Layer uses counted (a layer applied N times counts N). */
  uses: number;
}

/** `inputShape` is one image without the batch axis, e.g. [32, 32, 3]. */
export function countMacs(model: tfl.LayersModel, inputShape: number[]): MacCount {
  if (model.inputs.length !== 1) throw invalid('MAC count model inputs', model.inputs.length, 'exactly 1');
  if (inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) throw invalid('MAC count input shape', inputShape, 'positive integers');
  const { uses, outputIds } = layerUses(model, inputShape);
  const folds = foldedBatchNorms(uses, outputIds);
  const foldTargets = new Set(folds.values());
  const result: MacCount = { total: 0, weightOnly: 0, perLayer: {}, uses: 0 };
  uses.forEach((u, i) => {
    let macs: number;
    let weightMacs: number;
    if (isModel(u.layer)) {
      const inner = countMacs(u.layer, (u.inputs[0] ?? []).slice(1));
      ({ total: macs, weightOnly: weightMacs } = inner);
      result.uses += inner.uses - 1;
    } else {
      const counter = MAC_COUNTERS.get(u.className);
      if (!counter) throw new NaschainError('UNSUPPORTED', `MAC count: layer ${u.layer.name} has class ${u.className}, which has no MAC counter`);
      ({ macs, weightMacs } = counter({ layer: u.layer, config: u.config, inputs: u.inputs, output: u.output, foldsBatchNorm: foldTargets.has(i), folded: folds.has(i) }));
    }
    result.perLayer[u.layer.name] = (result.perLayer[u.layer.name] ?? 0) + macs;
    result.total += macs;
    result.weightOnly += weightMacs;
    result.uses += 1;
  });
  return result;
}

function isModel(layer: tfl.layers.Layer): layer is tfl.LayersModel {
  return 'layers' in layer && Array.isArray((layer as { layers?: unknown }).layers);
}
