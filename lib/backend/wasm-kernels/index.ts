// The one list of wasm kernels naschain adds to tfjs-backend-wasm so that
// training works there: gradients it lacks, and replacements for ones it gets
// wrong. Adding a kernel is one file plus one entry here (plus its spec).
import * as tf from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { depthwiseBackpropFilterConfig } from './depthwise-backprop-filter.js';
import { depthwiseBackpropInputConfig } from './depthwise-backprop-input.js';
import { maxPoolGradConfig } from './max-pool-grad.js';

export interface WasmKernelEntry {
  config: tf.KernelConfig;
  /** Set when tfjs-backend-wasm ships this kernel but it is wrong or slow: why ours replaces it. */
  replaces?: string;
}

export const WASM_KERNELS: readonly WasmKernelEntry[] = [
  { config: conv2dBackpropFilterConfig },
  { config: depthwiseBackpropFilterConfig },
  { config: depthwiseBackpropInputConfig },
  { config: maxPoolGradConfig, replaces: 'tfjs-backend-wasm 4.22 MaxPoolGrad drops the gradient of windows whose maximum is negative' },
];

const ours = new Set<tf.KernelConfig>();

/**
 * Registers every kernel of the list: missing ones, and replacements (once).
 * Returns the kernel names registered by this call; a second call registers nothing.
 */
export function registerWasmGradientKernels(): string[] {
  const added: string[] = [];
  for (const { config, replaces } of WASM_KERNELS) {
    if (ours.has(config)) continue;
    const existing = tf.getKernel(config.kernelName, config.backendName);
    if (existing !== undefined) {
      if (replaces === undefined) continue;
      tf.unregisterKernel(config.kernelName, config.backendName);
    }
    tf.registerKernel(config);
    ours.add(config);
    added.push(config.kernelName);
  }
  return added;
}
