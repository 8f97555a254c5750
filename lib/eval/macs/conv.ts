// MAC counters of the convolution family, channels-last shapes [1, H, W, C].
// PyTorch equivalents: Conv2D -> nn.Conv2d; DepthwiseConv2D -> nn.Conv2d with
// groups = in channels; SeparableConv2D -> that depthwise conv (no bias) then
// a 1x1 nn.Conv2d (with the layer's bias); Conv1D -> nn.Conv1d (the same
// rule in one dimension); Conv2DTranspose -> nn.ConvTranspose2d, exported as
// ConvTranspose (onnx-tool-costs.ts, convTransposeOp). Each Conv exports to an ONNX Conv whose
// cost is out_volume * (kh * kw * cin / groups) plus out_volume with a bias;
// a BatchNormalization folded into the (last) conv gives it a bias.
import { NaschainError } from '../../core/errors.js';
import { fusedActivationMacs } from './activation.js';
import { convOp, convTransposeOp } from './onnx-tool-costs.js';
import type { ConcreteShape, LayerUse, MacCounter } from './types.js';
import { intList, option, product, volume } from './types.js';

function channelsLast(use: LayerUse): void {
  const df = option(use.config, 'dataFormat', 'data_format');
  if (df !== undefined && df !== 'channelsLast' && df !== 'channels_last') {
    throw new NaschainError('UNSUPPORTED', `MAC count of layer ${use.layer.name}: data format ${String(df)} is not supported, expected channelsLast`);
  }
}

function inChannels(inputs: ConcreteShape[]): number {
  const s = inputs[0] ?? [];
  return s[s.length - 1] ?? 0;
}

function hasBias(use: LayerUse): boolean {
  return option(use.config, 'useBias', 'use_bias') !== false;
}

function depthMultiplier(use: LayerUse): number {
  const m = option(use.config, 'depthMultiplier', 'depth_multiplier');
  return typeof m === 'number' ? m : 1;
}

function kernelVolume(use: LayerUse): number {
  return product(intList(use.config, 'kernelSize', 'kernel_size', use.output.length - 2, use.layer.name));
}

/** Conv2D: Conv with weight [cout, cin/groups, kh, kw]. */
export const convMacs: MacCounter = (use) => {
  channelsLast(use);
  const groups = typeof use.config.groups === 'number' ? use.config.groups : 1;
  const reduce = kernelVolume(use) * (inChannels(use.inputs) / groups);
  const out = volume(use.output);
  return { macs: convOp(out, reduce, hasBias(use) || use.foldsBatchNorm) + fusedActivationMacs(use), weightMacs: out * reduce };
};

/** DepthwiseConv2D: Conv with groups = cin, weight [cin*m, 1, kh, kw]. */
export const depthwiseMacs: MacCounter = (use) => {
  channelsLast(use);
  const out = volume(use.output);
  const reduce = kernelVolume(use);
  return { macs: convOp(out, reduce, hasBias(use) || use.foldsBatchNorm) + fusedActivationMacs(use), weightMacs: out * reduce };
};

/** SeparableConv2D: depthwise Conv (no bias) at the output resolution, then a 1x1 Conv from cin*m to cout. */
export const separableMacs: MacCounter = (use) => {
  channelsLast(use);
  const cout = use.output[use.output.length - 1] ?? 0;
  const positions = volume(use.output) / (cout || 1);
  const mid = inChannels(use.inputs) * depthMultiplier(use);
  const depthwise = convOp(positions * mid, kernelVolume(use), false);
  const pointwise = convOp(positions * cout, mid, hasBias(use) || use.foldsBatchNorm);
  return { macs: depthwise + pointwise + fusedActivationMacs(use), weightMacs: positions * mid * kernelVolume(use) + positions * cout * mid };
};

/** Conv2DTranspose: ConvTranspose with weight [cin, cout, kh, kw]; never folds a BatchNorm (torch folds only Conv). */
export const convTransposeMacs: MacCounter = (use) => {
  channelsLast(use);
  const cout = use.output[use.output.length - 1] ?? 0;
  const out = volume(use.output);
  const input = volume(use.inputs[0] ?? []);
  return { macs: convTransposeOp(out, cout, kernelVolume(use), hasBias(use)) + fusedActivationMacs(use), weightMacs: input * kernelVolume(use) * cout };
};
