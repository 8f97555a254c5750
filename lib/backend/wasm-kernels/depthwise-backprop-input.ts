// DepthwiseConv2dNativeBackpropInput on wasm: a stride-1 depthwise correlation
// (wasm's XNNPACK DepthwiseConv2dNative, explicit padding) of the spread dy
// with the flipped filter; with a channel multiplier m > 1 each of the m
// slices is convolved as its own channel and the m results summed.
import * as tf from '@tensorflow/tfjs-core';
import { convGeometry } from './conv-geometry.js';
import { spreadDyForInputGrad } from './input-grad-layout.js';
import { withScope } from './kernel-scope.js';

function depthwiseBackpropInput(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const a = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const g = convGeometry('DepthwiseConv2dNativeBackpropInput', a.inputShape, filter.shape, a.strides, a.dilations, a.pad, a.dimRoundingMode, true, undefined);
  const mult = filter.shape[3] as number;
  return withScope(args.backend, 'wasm', (s) => {
    const { dy: spread, pad } = spreadDyForInputGrad(s, dy, g);
    const flipped = s.run('Reverse', { x: filter }, { dims: [0, 1] });
    const f = mult === 1 ? flipped : s.reshape(flipped, [g.fh, g.fw, g.inC * mult, 1]);
    const out = s.run('DepthwiseConv2dNative', { x: spread, filter: f }, {
      strides: [1, 1], pad, dilations: [g.dh, g.dw], dataFormat: 'NHWC'
    });
    if (mult === 1) return out;
    const five = s.reshape(out, [g.batch, g.inH, g.inW, g.inC, mult]);
    return s.run('Sum', { x: five }, { axis: [4], keepDims: false });
  });
}

export const depthwiseBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput as unknown as tf.KernelFunc,
};
