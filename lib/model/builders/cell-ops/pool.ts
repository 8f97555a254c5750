// 3x3 max or average pooling, 'same' padding (tfjs pads bottom/right first
// where PyTorch pads both sides by 1; the output size is the same).
import * as tfl from '@tensorflow/tfjs-layers';
import { apply } from '../context.js';
import type { CellOpBuilder } from '../types.js';

export function pool(kind: 'max' | 'avg'): CellOpBuilder {
  return (ctx, x, _c, stride, p) => {
    const args = { poolSize: 3, strides: stride, padding: 'same' as const, name: ctx.name(`${p}_${kind}pool`) };
    return apply(kind === 'max' ? tfl.layers.maxPooling2d(args) : tfl.layers.averagePooling2d(args), x);
  };
}
