// conv block: kxk conv (no bias), BN, ReLU, optional squeeze-excitation.
import { bn, conv, relu } from '../context.js';
import type { BlockBuilder } from '../types.js';
import { squeezeExcitation } from './squeeze-excitation.js';

export const convBlock: BlockBuilder = (ctx, x, s, p) => {
  let y = conv(ctx, x, `${p}_conv`, { filters: s.width, kernel: s.kernel, stride: s.stride });
  y = relu(ctx, bn(ctx, y, `${p}_bn`), `${p}_relu`);
  return s.se ? squeezeExcitation(ctx, y, p) : y;
};
