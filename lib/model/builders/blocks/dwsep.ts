// Depthwise-separable block (MobileNet v1): depthwise kxk, BN, ReLU, optional
// squeeze-excitation on the depthwise output, then pointwise 1x1, BN, ReLU.
import { bn, conv, depthwise, relu } from '../context.js';
import type { BlockBuilder } from '../types.js';
import { squeezeExcitation } from './squeeze-excitation.js';

export const dwsepBlock: BlockBuilder = (ctx, x, s, p) => {
  let y = depthwise(ctx, x, `${p}_dw`, s.kernel, s.stride);
  y = relu(ctx, bn(ctx, y, `${p}_dw_bn`), `${p}_dw_relu`);
  if (s.se) y = squeezeExcitation(ctx, y, p);
  y = conv(ctx, y, `${p}_pw`, { filters: s.width, kernel: 1 });
  return relu(ctx, bn(ctx, y, `${p}_pw_bn`), `${p}_pw_relu`);
};
