// Gradient functions naschain registers over tfjs's own, for every backend:
// same values, less work. Registered when a backend is initialised, after
// tfjs-layers (whose node bundle registers its own copies on import) has loaded.
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { batchNormGradConfig } from './batch-norm-grad.js';
import { meanGradConfig, sumGradConfig } from './reduce-grads.js';

export const GRADIENTS: readonly tf.GradConfig[] = [meanGradConfig, sumGradConfig, batchNormGradConfig];

export function registerGradients(): void {
  for (const g of GRADIENTS) tf.registerGradient(g);
}
