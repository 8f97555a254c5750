// Inverted residual (MobileNet v2 / EfficientNet MBConv): 1x1 expansion to
// in*expansion channels (skipped at expansion 1), depthwise kxk, optional
// squeeze-excitation, linear 1x1 projection, identity shortcut when the block
// keeps shape.
import { add, bn, channelsOf, conv, depthwise, relu } from '../context.js';
import type { BlockBuilder } from '../types.js';
import { squeezeExcitation } from './squeeze-excitation.js';

export const mbconvBlock: BlockBuilder = (ctx, x, s, p) => {
  const cin = channelsOf(x);
  let y = x;
  if (s.expansion !== 1) {
    y = conv(ctx, y, `${p}_expand`, { filters: cin * s.expansion, kernel: 1 });
    y = relu(ctx, bn(ctx, y, `${p}_expand_bn`), `${p}_expand_relu`);
  }
  y = depthwise(ctx, y, `${p}_dw`, s.kernel, s.stride);
  y = relu(ctx, bn(ctx, y, `${p}_dw_bn`), `${p}_dw_relu`);
  if (s.se) y = squeezeExcitation(ctx, y, p);
  y = bn(ctx, conv(ctx, y, `${p}_project`, { filters: s.width, kernel: 1 }), `${p}_project_bn`);
  return s.stride === 1 && cin === s.width ? add(ctx, [x, y], `${p}_add`) : y;
};
