// What every block builder receives: a name scope (so layer names are stable and
// unique within one model, which keeps saved model.json files reproducible) and
// a seed source for weight initialisers, plus small helpers for the layer
// pattern every block uses (bias-free conv, then BN with PyTorch's defaults).
import * as tfl from '@tensorflow/tfjs-layers';
import { deriveSeed } from '../../core/rng.js';

export type Sym = tfl.SymbolicTensor;

export class BuildContext {
  private readonly used = new Set<string>();

  /** `seed` roots every initialiser seed: deriveSeed(seed, layerName). */
  constructor(readonly seed: number) {}

  /** A layer name unique in this model: `base`, or `base_2`, `base_3`... on reuse. */
  name(base: string): string {
    let n = base;
    for (let i = 2; this.used.has(n); i++) n = `${base}_${i}`;
    this.used.add(n);
    return n;
  }

  /** A seeded He-uniform initialiser for the kernel of layer `layerName`. */
  init(layerName: string): ReturnType<typeof tfl.initializers.heUniform> {
    return tfl.initializers.heUniform({ seed: deriveSeed(this.seed, layerName) });
  }
}

const apply = (layer: tfl.layers.Layer, x: Sym | Sym[]): Sym => layer.apply(x) as Sym;

export interface ConvSpec { filters: number; kernel: number; stride?: number; dilation?: number; bias?: boolean }

export function conv(ctx: BuildContext, x: Sym, name: string, s: ConvSpec): Sym {
  const n = ctx.name(name);
  return apply(tfl.layers.conv2d({
    filters: s.filters, kernelSize: s.kernel, strides: s.stride ?? 1, padding: 'same', dilationRate: s.dilation ?? 1,
    useBias: s.bias ?? false, kernelInitializer: ctx.init(n), name: n,
  }), x);
}

export function depthwise(ctx: BuildContext, x: Sym, name: string, kernel: number, stride = 1): Sym {
  const n = ctx.name(name);
  return apply(tfl.layers.depthwiseConv2d({ kernelSize: kernel, strides: stride, padding: 'same', useBias: false, depthwiseInitializer: ctx.init(n), name: n }), x);
}

/** BatchNorm as PyTorch's defaults (momentum 0.1 there is 0.9 in Keras terms; epsilon 1e-5), like the reference CNN. */
export function bn(ctx: BuildContext, x: Sym, name: string): Sym {
  return apply(tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, name: ctx.name(name) }), x);
}

export function relu(ctx: BuildContext, x: Sym, name: string): Sym {
  return apply(tfl.layers.reLU({ name: ctx.name(name) }), x);
}

/**
 * The sum of `xs`. A tensor given twice (a cell node of skip_connect + skip_connect
 * on one input: x + x) goes in once as itself and again through a Reshape to its
 * own shape, a new tensor: tfjs-layers' inference counts a layer's recipients per
 * layer but releases per input, so a tensor fed twice to one layer is disposed
 * while another layer still needs it ("Cannot read properties of undefined
 * (reading 'backend')" in the first model.predict).
 */
export function add(ctx: BuildContext, xs: Sym[], name: string): Sym {
  const seen = new Set<Sym>();
  const inputs = xs.map((x) => {
    if (!seen.has(x)) { seen.add(x); return x; }
    return apply(tfl.layers.reshape({ targetShape: x.shape.slice(1) as number[], name: ctx.name(`${name}_copy`) }), x);
  });
  return apply(tfl.layers.add({ name: ctx.name(name) }), inputs);
}

export function channelsOf(x: Sym): number {
  return x.shape[x.shape.length - 1] as number;
}

export function spatialOf(x: Sym): [number, number] {
  return [x.shape[1] as number, x.shape[2] as number];
}

export { apply };
