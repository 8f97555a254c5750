// A depthwise kxk convolution with dilation 2, built so that it trains in
// TensorFlow.js: tfjs-core 4.22 has no gradient for dilated (depthwise)
// convolutions, so a model using dilationRate 2 could be neither searched nor
// retrained by a tfjs validator. Exact identity used instead: a dilation-2
// convolution equals an ordinary convolution applied to each of the four
// polyphase sub-images x[i::2, j::2], re-interleaved. One DepthwiseConv2D layer
// is shared by the four phases (same k*k*C weights and the same MACs as the
// dilated conv); the phases are taken with Cropping2D + a 1x1 stride-2 max pool
// and woven back with Concatenate + Reshape. Odd sizes are zero-padded to even
// and cropped back, which is exact too ('same' padding treats the outside as 0).
// With stride 2 only phase (0,0) is needed: subsample, then an undilated conv.
import * as tfl from '@tensorflow/tfjs-layers';
import { apply, channelsOf, spatialOf, type BuildContext, type Sym } from '../context.js';

export function dilatedDepthwise(ctx: BuildContext, x: Sym, kernel: number, stride: number, prefix: string): Sym {
  const dwName = ctx.name(`${prefix}_dw`);
  const dw = tfl.layers.depthwiseConv2d({ kernelSize: kernel, padding: 'same', useBias: false, depthwiseInitializer: ctx.init(dwName), name: dwName });
  const subsample = (t: Sym): Sym => apply(tfl.layers.maxPooling2d({ poolSize: 1, strides: 2, padding: 'valid', name: ctx.name(`${prefix}_phase`) }), t);
  if (stride === 2) return apply(dw, subsample(x));
  const [h, w] = spatialOf(x);
  const c = channelsOf(x);
  const padH = h % 2, padW = w % 2;
  const xe = padH || padW ? apply(tfl.layers.zeroPadding2d({ padding: [[0, padH], [0, padW]], name: ctx.name(`${prefix}_even`) }), x) : x;
  const H = h + padH, W = w + padW;
  const rows = [0, 1].map((i) => {
    const cols = [0, 1].map((j) => {
      const shifted = i || j ? apply(tfl.layers.cropping2D({ cropping: [[i, 0], [j, 0]], name: ctx.name(`${prefix}_shift`) }), xe) : xe;
      return apply(dw, subsample(shifted));
    });
    const pair = apply(tfl.layers.concatenate({ axis: -1, name: ctx.name(`${prefix}_cols`) }), cols);
    return apply(tfl.layers.reshape({ targetShape: [H / 2, W, c], name: ctx.name(`${prefix}_weave_cols`) }), pair);
  });
  const both = apply(tfl.layers.concatenate({ axis: 2, name: ctx.name(`${prefix}_rows`) }), rows);
  const y = apply(tfl.layers.reshape({ targetShape: [H, W, c], name: ctx.name(`${prefix}_weave_rows`) }), both);
  return padH || padW ? apply(tfl.layers.cropping2D({ cropping: [[0, padH], [0, padW]], name: ctx.name(`${prefix}_uneven`) }), y) : y;
}
