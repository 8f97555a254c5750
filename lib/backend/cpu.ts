// The pure-JavaScript tfjs backend: always available, slow, and the reference
// the wasm kernels are checked against.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { NaschainError } from '../core/errors.js';
import type { BackendInfo, BackendModule } from './types.js';

export const cpuBackend: BackendModule = {
  name: 'cpu',
  async load(): Promise<BackendInfo> {
    const ok = await tf.setBackend('cpu');
    if (!ok) throw new NaschainError('BACKEND', 'backend cpu: tf.setBackend("cpu") failed; is @tensorflow/tfjs-backend-cpu installed?');
    await tf.ready();
    return { name: 'cpu', tfName: 'cpu', threads: 1, simd: false };
  },
};
