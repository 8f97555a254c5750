// The input gradient of a strided, padded, dilated convolution is a stride-1
// correlation of dy, spread out by the stride, with the spatially flipped
// filter at the same dilation. This builds the spread dy and the explicit
// padding for that correlation (the forward conv kernel pads for free).
import type * as tf from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './conv-geometry.js';
import type { KernelScope } from './kernel-scope.js';

export type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

export function spreadDyForInputGrad(s: KernelScope, dy: tf.TensorInfo, g: ConvGeometry): { dy: tf.TensorInfo; pad: ExplicitPad } {
  const c = dy.shape[3] as number;
  let d = dy;
  if (g.sh > 1 || g.sw > 1) {
    // Insert (stride-1) zeros after each row/column: a pad of size-1 axes, no gather.
    const six = s.reshape(dy, [g.batch, g.outH, 1, g.outW, 1, c]);
    const spread = s.run('PadV2', { x: six }, {
      paddings: [[0, 0], [0, 0], [0, g.sh - 1], [0, 0], [0, g.sw - 1], [0, 0]],
      constantValue: 0,
    });
    d = s.reshape(spread, [g.batch, g.outH * g.sh, g.outW * g.sw, c]);
  }
  const effH = (g.fh - 1) * g.dh + 1;
  const effW = (g.fw - 1) * g.dw + 1;
  const beforeH = effH - 1 - g.top;
  const beforeW = effW - 1 - g.left;
  const afterH = g.inH + effH - 1 - beforeH - (d.shape[1] as number);
  const afterW = g.inW + effW - 1 - beforeW - (d.shape[2] as number);
  if (beforeH < 0 || beforeW < 0 || afterH < 0 || afterW < 0) {
    // Rows/cols of the spread dy that reach no input pixel (explicit pads wider
    // than the filter, trailing stride zeros): crop them.
    const h = d.shape[1] as number;
    const w = d.shape[2] as number;
    d = s.run('StridedSlice', { x: d }, {
      begin: [0, Math.max(0, -beforeH), Math.max(0, -beforeW), 0],
      end: [g.batch, h - Math.max(0, -afterH), w - Math.max(0, -afterW), c],
      strides: [1, 1, 1, 1],
      beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
    });
  }
  const pad: ExplicitPad = [[0, 0], [Math.max(0, beforeH), Math.max(0, afterH)], [Math.max(0, beforeW), Math.max(0, afterW)], [0, 0]];
  return { dy: d, pad };
}
