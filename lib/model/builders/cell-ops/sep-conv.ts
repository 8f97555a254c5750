// DARTS' sep_conv_kxk: twice (ReLU, depthwise kxk, pointwise 1x1, BN); only the
// first depthwise conv is strided in a reduction cell.
import { bn, conv, depthwise, relu } from '../context.js';
import type { CellOpBuilder } from '../types.js';

export function sepConv(kernel: number): CellOpBuilder {
  return (ctx, x, c, stride, p) => {
    let y = x;
    for (const [i, s] of [[1, stride], [2, 1]] as const) {
      y = relu(ctx, y, `${p}_relu${i}`);
      y = depthwise(ctx, y, `${p}_dw${i}`, kernel, s);
      y = bn(ctx, conv(ctx, y, `${p}_pw${i}`, { filters: c, kernel: 1 }), `${p}_bn${i}`);
    }
    return y;
  };
}
