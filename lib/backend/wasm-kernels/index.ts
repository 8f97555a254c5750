// The one list of gradient kernels that tfjs-backend-wasm lacks and training
// needs. Adding a kernel is one file plus one entry here (plus its spec).
import * as tf from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { depthwiseBackpropFilterConfig } from './depthwise-backprop-filter.js';
import { depthwiseBackpropInputConfig } from './depthwise-backprop-input.js';

export const WASM_GRADIENT_KERNELS: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
];

/** Registers each kernel of the list that wasm does not already have; returns the names registered now. */
export function registerWasmGradientKernels(): string[] {
  const added: string[] = [];
  for (const config of WASM_GRADIENT_KERNELS) {
    if (tf.getKernel(config.kernelName, config.backendName) !== undefined) continue;
    tf.registerKernel(config);
    added.push(config.kernelName);
  }
  return added;
}
