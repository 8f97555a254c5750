// DARTS' dil_conv_kxk: ReLU, depthwise kxk with dilation 2, pointwise 1x1, BN.
// The dilated depthwise conv is built from trainable built-in layers (see
// dilated-depthwise.ts for why).
import { bn, conv, relu } from '../context.js';
import type { CellOpBuilder } from '../types.js';
import { dilatedDepthwise } from './dilated-depthwise.js';

export function dilConv(kernel: number): CellOpBuilder {
  return (ctx, x, c, stride, p) => {
    const y = dilatedDepthwise(ctx, relu(ctx, x, `${p}_relu`), kernel, stride, p);
    return bn(ctx, conv(ctx, y, `${p}_pw`, { filters: c, kernel: 1 }), `${p}_bn`);
  };
}
