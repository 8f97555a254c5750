// MAC counters of pooling. PyTorch equivalents: MaxPool2d / AvgPool2d (a
// 'same' padding adds a Pad, which costs 0) -> out_volume * kh * kw;
// GlobalAveragePooling2D -> AdaptiveAvgPool2d(1), exported as
// GlobalAveragePool -> in_volume + 4 * out_volume; GlobalMaxPooling2D ->
// AdaptiveMaxPool2d(1), exported as a MaxPool with an H x W kernel -> in_volume.
import { globalAveragePoolOp, poolOp } from './onnx-tool-costs.js';
import type { MacCounter } from './types.js';
import { intList, volume } from './types.js';

export const poolMacs: MacCounter = (use) => {
  const kernel = intList(use.config, 'poolSize', 'pool_size', use.output.length - 2, use.layer.name);
  return { macs: poolOp(volume(use.output), kernel), weightMacs: 0 };
};

export const globalAveragePoolMacs: MacCounter = (use) => ({
  macs: globalAveragePoolOp(volume(use.inputs[0] ?? []), volume(use.output)),
  weightMacs: 0,
});

export const globalMaxPoolMacs: MacCounter = (use) => {
  const input = use.inputs[0] ?? [];
  return { macs: poolOp(volume(use.output), input.slice(1, -1)), weightMacs: 0 };
};
