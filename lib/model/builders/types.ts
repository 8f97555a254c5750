// The contract of a macro-space block builder: one block of a stage, from its
// input tensor to its output, given the stage's genes.
import type { BuildContext, Sym } from './context.js';

export interface BlockSpec {
  /** Output channels. */
  width: number;
  kernel: number;
  /** 2 on the first block of a downsampling stage, else 1. */
  stride: number;
  se: boolean;
  /** Hidden width ratio (mbconv only). */
  expansion: number;
}

export type BlockBuilder = (ctx: BuildContext, x: Sym, spec: BlockSpec, prefix: string) => Sym;

/** A cell operation: maps a C-channel tensor to a C-channel tensor, halving the resolution when stride is 2. */
export type CellOpBuilder = (ctx: BuildContext, x: Sym, channels: number, stride: number, prefix: string) => Sym;
