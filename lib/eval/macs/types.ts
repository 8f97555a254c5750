// The contract of a per-layer MAC counter. Convention (upstream's counter):
// only the multiply-accumulates of weight layers count (conv, depthwise,
// dense, ...); bias adds, BN, activations, pooling, element-wise merges,
// reshapes and padding count 0.
import type * as tfl from '@tensorflow/tfjs-layers';

/** Concrete shapes, batch axis first (batch 1). */
export type ConcreteShape = number[];

export type MacCounter = (layer: tfl.layers.Layer, inputs: ConcreteShape[], output: ConcreteShape) => number;

/** Layer config values a counter reads (Keras config names). */
export function configOf(layer: tfl.layers.Layer): Record<string, unknown> {
  return layer.getConfig() as Record<string, unknown>;
}

export function product(xs: number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}
