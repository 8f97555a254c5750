// ResNet basic block: kxk conv, BN, ReLU, kxk conv, BN, optional
// squeeze-excitation on the residual branch, plus an identity shortcut (or a
// 1x1 strided conv + BN projection when the shape changes), ReLU after the sum.
import { add, bn, channelsOf, conv, relu } from '../context.js';
import type { BlockBuilder } from '../types.js';
import { squeezeExcitation } from './squeeze-excitation.js';

export const resnetBasicBlock: BlockBuilder = (ctx, x, s, p) => {
  let y = conv(ctx, x, `${p}_conv1`, { filters: s.width, kernel: s.kernel, stride: s.stride });
  y = relu(ctx, bn(ctx, y, `${p}_bn1`), `${p}_relu1`);
  y = bn(ctx, conv(ctx, y, `${p}_conv2`, { filters: s.width, kernel: s.kernel }), `${p}_bn2`);
  if (s.se) y = squeezeExcitation(ctx, y, p);
  const shortcut = s.stride === 1 && channelsOf(x) === s.width
    ? x
    : bn(ctx, conv(ctx, x, `${p}_proj`, { filters: s.width, kernel: 1, stride: s.stride }), `${p}_proj_bn`);
  return relu(ctx, add(ctx, [y, shortcut], `${p}_add`), `${p}_relu2`);
};
