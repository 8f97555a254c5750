// Squeeze-and-excitation: a per-channel gate computed from the global average
// of each channel (GAP, reshape to 1x1, 1x1 conv reducing to C/4, ReLU, 1x1 conv
// back to C, sigmoid), multiplied onto the input. Built-in layers only.
import * as tfl from '@tensorflow/tfjs-layers';
import { apply, channelsOf, conv, relu, type BuildContext, type Sym } from '../context.js';

export function squeezeExcitation(ctx: BuildContext, x: Sym, prefix: string, ratio = 4): Sym {
  const c = channelsOf(x);
  let g = apply(tfl.layers.globalAveragePooling2d({ name: ctx.name(`${prefix}_se_gap`) }), x);
  g = apply(tfl.layers.reshape({ targetShape: [1, 1, c], name: ctx.name(`${prefix}_se_reshape`) }), g);
  g = conv(ctx, g, `${prefix}_se_reduce`, { filters: Math.max(1, Math.floor(c / ratio)), kernel: 1, bias: true });
  g = relu(ctx, g, `${prefix}_se_relu`);
  g = conv(ctx, g, `${prefix}_se_expand`, { filters: c, kernel: 1, bias: true });
  g = apply(tfl.layers.activation({ activation: 'sigmoid', name: ctx.name(`${prefix}_se_sigmoid`) }), g);
  return apply(tfl.layers.multiply({ name: ctx.name(`${prefix}_se_scale`) }), [x, g]);
}
