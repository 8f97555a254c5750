// The one list of blocks (macro space) and of cell operations (cell space):
// a gene value names its builder here. Adding a block is one file plus one entry.
import { NaschainError } from '../../core/errors.js';
import { convBlock } from './blocks/conv.js';
import { dwsepBlock } from './blocks/dwsep.js';
import { mbconvBlock } from './blocks/mbconv.js';
import { resnetBasicBlock } from './blocks/resnet-basic.js';
import { dilConv } from './cell-ops/dil-conv.js';
import { pool } from './cell-ops/pool.js';
import { sepConv } from './cell-ops/sep-conv.js';
import { skipConnect } from './cell-ops/skip-connect.js';
import type { BlockBuilder, CellOpBuilder } from './types.js';

export const BLOCK_BUILDERS: ReadonlyMap<string, BlockBuilder> = new Map<string, BlockBuilder>([
  ['conv', convBlock],
  ['dwsep', dwsepBlock],
  ['mbconv', mbconvBlock],
  ['resnet-basic', resnetBasicBlock],
]);

export const CELL_OPS: ReadonlyMap<string, CellOpBuilder> = new Map<string, CellOpBuilder>([
  ['sep_conv_3x3', sepConv(3)],
  ['sep_conv_5x5', sepConv(5)],
  ['dil_conv_3x3', dilConv(3)],
  ['dil_conv_5x5', dilConv(5)],
  ['max_pool_3x3', pool('max')],
  ['avg_pool_3x3', pool('avg')],
  ['skip_connect', skipConnect],
]);

export function blockBuilder(name: string): BlockBuilder {
  const b = BLOCK_BUILDERS.get(name);
  if (!b) throw new NaschainError('UNSUPPORTED', `block ${JSON.stringify(name)}: no builder, expected one of ${[...BLOCK_BUILDERS.keys()].join(', ')}`);
  return b;
}

export function cellOp(name: string): CellOpBuilder {
  const b = CELL_OPS.get(name);
  if (!b) throw new NaschainError('UNSUPPORTED', `cell operation ${JSON.stringify(name)}: no builder, expected one of ${[...CELL_OPS.keys()].join(', ')}`);
  return b;
}
