// The one list of wasm kernels naschain adds to tfjs-backend-wasm so that
// training works there, and fast: gradients it lacks, and replacements for
// ones it gets wrong or runs slowly. Adding a kernel is one file plus one entry
// here (plus its spec).
import * as tf from '@tensorflow/tfjs-core';
import { makeBatchNormConfig } from './batch-norm.js';
import { makeCastConfig } from './cast.js';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.js';
import { depthwiseBackpropFilterConfig } from './depthwise-backprop-filter.js';
import { depthwiseBackpropInputConfig } from './depthwise-backprop-input.js';
import { makeIdentityConfig } from './identity.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { makeMeanConfig, makeSumConfig } from './outer-reduce.js';
import { makeTileConfig } from './tile.js';

export interface WasmKernelEntry {
  kernelName: string;
  /** Builds the config; `previous` is the kernel it replaces, for cases it hands back. */
  make: (previous: tf.KernelConfig | undefined) => tf.KernelConfig;
  /** Set when tfjs-backend-wasm ships this kernel but it is wrong or slow: why ours replaces it. */
  replaces?: string;
}

const fixed = (config: tf.KernelConfig) => () => config;

export const WASM_KERNELS: readonly WasmKernelEntry[] = [
  { kernelName: tf.Conv2DBackpropFilter, make: fixed(conv2dBackpropFilterConfig) },
  { kernelName: tf.DepthwiseConv2dNativeBackpropFilter, make: fixed(depthwiseBackpropFilterConfig) },
  { kernelName: tf.DepthwiseConv2dNativeBackpropInput, make: fixed(depthwiseBackpropInputConfig) },
  {
    kernelName: tf.Conv2DBackpropInput, make: fixed(conv2dBackpropInputConfig),
    replaces: 'tfjs-backend-wasm 4.22 Conv2DBackpropInput is a direct loop, ~3x slower than a forward XNNPACK conv',
  },
  {
    kernelName: tf.MaxPoolGrad, make: fixed(maxPoolGradConfig),
    replaces: 'tfjs-backend-wasm 4.22 MaxPoolGrad drops the gradient of windows whose maximum is negative',
  },
  {
    kernelName: tf.Tile, make: makeTileConfig,
    replaces: 'tfjs-backend-wasm 4.22 Tile is a per-element loop; batch-norm gradients tile full activations',
  },
  {
    kernelName: tf.Sum, make: makeSumConfig,
    replaces: 'tfjs-backend-wasm 4.22 Sum over outer axes transposes the whole tensor first (batch-norm gradients)',
  },
  {
    kernelName: tf.Mean, make: makeMeanConfig,
    replaces: 'tfjs-backend-wasm 4.22 Mean over outer axes transposes the whole tensor first (batch-norm moments, global pooling)',
  },
  {
    kernelName: tf.FusedBatchNorm, make: makeBatchNormConfig,
    replaces: 'tfjs-backend-wasm 4.22 FusedBatchNorm is a scalar loop; a 1x1 depthwise conv with bias (XNNPACK) is ~10x faster',
  },
  {
    kernelName: tf.Identity, make: makeIdentityConfig,
    replaces: 'tfjs-backend-wasm 4.22 Identity copies the tensor; sharing the immutable buffer is free',
  },
  {
    kernelName: tf.Cast, make: makeCastConfig,
    replaces: 'tfjs-backend-wasm 4.22 Cast copies even when the dtype does not change',
  },
];

const registered = new Set<string>();

/**
 * Registers every kernel of the list: missing ones, and replacements (once).
 * Returns the kernel names registered by this call; a second call registers nothing.
 */
export function registerWasmGradientKernels(): string[] {
  const added: string[] = [];
  for (const { kernelName, make, replaces } of WASM_KERNELS) {
    if (registered.has(kernelName)) continue;
    const existing = tf.getKernel(kernelName, 'wasm');
    if (existing !== undefined) {
      if (replaces === undefined) continue;
      tf.unregisterKernel(kernelName, 'wasm');
    }
    tf.registerKernel(make(existing));
    registered.add(kernelName);
    added.push(kernelName);
  }
  return added;
}
