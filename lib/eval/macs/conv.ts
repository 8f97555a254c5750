// MAC counters of the convolution family. Channels-last shapes [1, H, W, C].
import type { ConcreteShape, MacCounter } from './types.js';
import { configOf, product } from './types.js';
import { NaschainError } from '../../core/errors.js';

function kernelSize(cfg: Record<string, unknown>, rank: number): number[] {
  const k = cfg.kernel_size ?? cfg.kernelSize;
  const ks = Array.isArray(k) ? (k as number[]) : Array.from({ length: rank }, () => k as number);
  return ks;
}

function channelsLast(cfg: Record<string, unknown>, layerName: string): void {
  const df = cfg.data_format ?? cfg.dataFormat;
  if (df !== undefined && df !== 'channelsLast' && df !== 'channels_last') {
    throw new NaschainError('UNSUPPORTED', `MAC count of layer ${layerName}: data format ${String(df)} is not supported, expected channelsLast`);
  }
}

function spatial(output: ConcreteShape): number {
  return product(output.slice(1, -1));
}

function inChannels(inputs: ConcreteShape[]): number {
  const s = inputs[0] ?? [];
  return s[s.length - 1] ?? 0;
}

/** Conv1D/2D/3D: Hout*Wout*kh*kw*(cin/groups)*cout. */
export const convMacs: MacCounter = (layer, inputs, output) => {
  const cfg = configOf(layer);
  channelsLast(cfg, layer.name);
  const rank = output.length - 2;
  const groups = typeof cfg.groups === 'number' ? cfg.groups : 1;
  const cout = output[output.length - 1] ?? 0;
  return spatial(output) * product(kernelSize(cfg, rank)) * (inChannels(inputs) / groups) * cout;
};

/** DepthwiseConv2D: Hout*Wout*kh*kw*cin*multiplier. */
export const depthwiseMacs: MacCounter = (layer, inputs, output) => {
  const cfg = configOf(layer);
  channelsLast(cfg, layer.name);
  const mult = typeof cfg.depth_multiplier === 'number' ? cfg.depth_multiplier : (cfg.depthMultiplier as number | undefined) ?? 1;
  return spatial(output) * product(kernelSize(cfg, output.length - 2)) * inChannels(inputs) * mult;
};

/** SeparableConv2D: the depthwise part plus a 1x1 conv from cin*multiplier to cout, both at the output resolution. */
export const separableMacs: MacCounter = (layer, inputs, output) => {
  const cfg = configOf(layer);
  const mult = typeof cfg.depth_multiplier === 'number' ? cfg.depth_multiplier : (cfg.depthMultiplier as number | undefined) ?? 1;
  const cout = output[output.length - 1] ?? 0;
  return depthwiseMacs(layer, inputs, output) + spatial(output) * inChannels(inputs) * mult * cout;
};
