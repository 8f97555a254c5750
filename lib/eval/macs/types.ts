// The contract of a per-layer MAC counter: one call per USE of a layer (a
// layer applied at several places in the graph is counted at each), with the
// concrete shapes of that use and whether a BatchNormalization is folded
// into it (see graph.ts). A counter returns upstream's count for the ONNX ops
// PyTorch would export for that use (onnx-tool-costs.ts) and the weight-only
// multiply-accumulates this project counted before issue 13.
import type * as tfl from '@tensorflow/tfjs-layers';
import { NaschainError } from '../../core/errors.js';

/** Concrete shapes, batch axis first (batch 1). */
export type ConcreteShape = number[];

export interface LayerUse {
  layer: tfl.layers.Layer;
  /** The layer's config (tfjs names: kernelSize, useBias, activation, ...). */
  config: Record<string, unknown>;
  inputs: ConcreteShape[];
  output: ConcreteShape;
  /** A conv whose output goes only into a BatchNormalization that PyTorch's export folds into it: it gains a bias add. */
  foldsBatchNorm: boolean;
  /** A BatchNormalization folded into the conv before it: it costs nothing. */
  folded: boolean;
}

export interface UseCost {
  /** onnx_tool 0.9.0's MACs of the ops this use exports to. */
  macs: number;
  /** Conv/depthwise/dense weight multiply-accumulates only. */
  weightMacs: number;
}

export type MacCounter = (use: LayerUse) => UseCost;

/** Layer config values a counter reads (tfjs config names). */
export function configOf(layer: tfl.layers.Layer): Record<string, unknown> {
  return layer.getConfig() as Record<string, unknown>;
}

export function product(xs: number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

export function volume(shape: ConcreteShape): number {
  return product(shape);
}

/** A config value by its tfjs name or its Keras (snake_case) name. */
export function option(cfg: Record<string, unknown>, camel: string, snake: string): unknown {
  return cfg[camel] ?? cfg[snake];
}

/** An integer or a list of integers in a config, as a list of `rank` integers. */
export function intList(cfg: Record<string, unknown>, camel: string, snake: string, rank: number, layerName: string): number[] {
  const v = option(cfg, camel, snake);
  const list = Array.isArray(v) ? v : Array.from({ length: rank }, () => v);
  if (list.length !== rank || !list.every((d) => Number.isInteger(d) && (d as number) > 0)) {
    throw new NaschainError('UNSUPPORTED', `MAC count of layer ${layerName}: ${camel} ${JSON.stringify(v)} is not ${rank} positive integers`);
  }
  return list as number[];
}

export const NO_COST: UseCost = { macs: 0, weightMacs: 0 };
