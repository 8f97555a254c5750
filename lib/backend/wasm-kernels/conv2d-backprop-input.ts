// Conv2DBackpropInput on wasm, replacing tfjs-backend-wasm's own (a direct
// loop, ~6x slower than its forward conv on the reference CNN): a stride-1
// forward Conv2D (XNNPACK) of the spread dy with the filter flipped in space
// and with in/out channels swapped, padded explicitly by the conv itself.
import * as tf from '@tensorflow/tfjs-core';
import { convGeometry } from './conv-geometry.js';
import { spreadDyForInputGrad } from './input-grad-layout.js';
import { withScope } from './kernel-scope.js';

function conv2dBackpropInput(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const a = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const g = convGeometry('Conv2DBackpropInput', a.inputShape, filter.shape, a.strides, 1, a.pad, a.dimRoundingMode, false, a.dataFormat);
  return withScope(args.backend, 'wasm', (s) => {
    const { dy: spread, pad } = spreadDyForInputGrad(s, dy, g);
    const flipped = s.run('Reverse', { x: filter }, { dims: [0, 1] });
    const swapped = s.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
    return s.run('Conv2D', { x: spread, filter: swapped }, {
      strides: [1, 1], pad, dilations: [1, 1], dataFormat: 'NHWC',
    });
  });
}

export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as tf.KernelFunc,
};
