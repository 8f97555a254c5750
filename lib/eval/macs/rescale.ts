// MAC counters of the layers that rescale or resize an image. PyTorch
// equivalents: Rescaling(scale, offset) -> x * scale (+ offset): a Mul, and an
// Add when the offset is not 0, one op per element each; UpSampling2D ->
// nn.Upsample(scale_factor), exported as Resize: mode nearest costs 0 in
// onnx_tool 0.9.0, mode linear (interpolation 'bilinear') 4 per output element.
import { NaschainError } from '../../core/errors.js';
import { ELEMENTWISE, RESIZE_LINEAR } from './onnx-tool-costs.js';
import type { MacCounter } from './types.js';
import { volume } from './types.js';

export const rescalingMacs: MacCounter = (use) => {
  const offset = use.config.offset;
  const perElement = ELEMENTWISE.Mul + (offset === undefined || offset === null || offset === 0 ? 0 : ELEMENTWISE.Add);
  return { macs: perElement * volume(use.output), weightMacs: 0 };
};

export const upSamplingMacs: MacCounter = (use) => {
  const mode = use.config.interpolation ?? 'nearest';
  if (mode !== 'nearest' && mode !== 'bilinear') {
    throw new NaschainError('UNSUPPORTED', `MAC count of layer ${use.layer.name}: interpolation ${JSON.stringify(mode)} has no MAC rule, expected nearest or bilinear`);
  }
  return { macs: mode === 'nearest' ? 0 : RESIZE_LINEAR * volume(use.output), weightMacs: 0 };
};
