// skip_connect: identity in a normal cell; in a reduction cell a factorised
// reduction (ReLU, two 1x1 stride-2 convs, the second on the input shifted by
// one pixel, concatenated, BN) so that no pixel phase is dropped.
import * as tfl from '@tensorflow/tfjs-layers';
import { apply, bn, conv, relu, type BuildContext, type Sym } from '../context.js';
import type { CellOpBuilder } from '../types.js';

export function factorizedReduce(ctx: BuildContext, x: Sym, channels: number, p: string): Sym {
  const r = relu(ctx, x, `${p}_relu`);
  const half = Math.floor(channels / 2);
  const a = conv(ctx, r, `${p}_conv1`, { filters: half, kernel: 1, stride: 2 });
  let shifted = apply(tfl.layers.cropping2D({ cropping: [[1, 0], [1, 0]], name: ctx.name(`${p}_shift`) }), r);
  shifted = apply(tfl.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]], name: ctx.name(`${p}_shift_pad`) }), shifted);
  const b = conv(ctx, shifted, `${p}_conv2`, { filters: channels - half, kernel: 1, stride: 2 });
  const cat = apply(tfl.layers.concatenate({ axis: -1, name: ctx.name(`${p}_concat`) }), [a, b]);
  return bn(ctx, cat, `${p}_bn`);
}

export const skipConnect: CellOpBuilder = (ctx, x, c, stride, p) => (stride === 1 ? x : factorizedReduce(ctx, x, c, p));
