import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { transposeNHWCtoCHWN, transposeNHWCtoHWNC } from '../../../lib/backend/wasm-kernels/heap-transpose.js';
import { assertClose, runOn, seededValues } from '../compare-backends.js';

// Shapes with a batch not a multiple of the tile (8), one channel, and channels either side of 16.
const SHAPES: [number, number, number, number][] = [[3, 2, 5, 1], [13, 4, 3, 7], [8, 1, 1, 17], [2, 3, 3, 32]];

function viaKernel(fn: (b: BackendWasm, x: tf.TensorInfo) => tf.TensorInfo, x: tf.Tensor): tf.Tensor {
  const info = fn(tf.backend() as BackendWasm, x);
  return tf.engine().makeTensorFromTensorInfo(info);
}

for (const shape of SHAPES) {
  test(`heap transposes match tf.transpose: ${shape}`, async () => {
    const v = seededValues(shape, `tr${shape}`);
    const [want1, want2] = await runOn('cpu', () => {
      const x = tf.tensor4d(v, shape);
      return [tf.transpose(x, [3, 1, 2, 0]), tf.transpose(x, [1, 2, 0, 3])];
    });
    const [got1, got2] = await runOn('wasm', () => {
      const x = tf.tensor4d(v, shape);
      return [viaKernel(transposeNHWCtoCHWN, x), viaKernel(transposeNHWCtoHWNC, x)];
    });
    assertClose(got1!, want1!, 0, 'NHWC->CHWN');
    assertClose(got2!, want2!, 0, 'NHWC->HWNC');
  });
}
