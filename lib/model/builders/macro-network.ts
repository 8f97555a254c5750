// Genome of search-spaces/macro.json -> network: stem (3x3 conv, BN, ReLU),
// stages 1-4 (s<i>_depth blocks of type s<i>_block; the first block of a stage
// changes the width and is strided when s<i>_downsample), global average
// pooling and a Dense layer of logits.
import * as tfl from '@tensorflow/tfjs-layers';
import { invalid } from '../../core/errors.js';
import type { Genome } from '../../search/genome.js';
import { apply, bn, conv, relu, type BuildContext, type Sym } from './context.js';
import type { NetworkIo } from './io.js';
import { blockBuilder } from './registry.js';

const STAGES = 4;

function gene<T extends string | number | boolean>(genome: Genome, name: string, type: 'string' | 'number' | 'boolean'): T {
  const v = genome[name];
  if (typeof v !== type) throw invalid(`macro genome ${name}`, v, `a ${type}`);
  return v as T;
}

export function buildMacroNetwork(ctx: BuildContext, input: Sym, genome: Genome, io: NetworkIo): Sym {
  let x = conv(ctx, input, 'stem_conv', { filters: gene<number>(genome, 'stem_width', 'number'), kernel: 3 });
  x = relu(ctx, bn(ctx, x, 'stem_bn'), 'stem_relu');
  for (let s = 1; s <= STAGES; s++) {
    const block = blockBuilder(gene<string>(genome, `s${s}_block`, 'string'));
    const depth = gene<number>(genome, `s${s}_depth`, 'number');
    const spec = {
      width: gene<number>(genome, `s${s}_width`, 'number'),
      kernel: gene<number>(genome, `s${s}_kernel`, 'number'),
      se: gene<boolean>(genome, `s${s}_se`, 'boolean'),
      expansion: gene<number>(genome, `s${s}_expansion`, 'number'),
    };
    const down = gene<boolean>(genome, `s${s}_downsample`, 'boolean');
    for (let b = 0; b < depth; b++) {
      x = block(ctx, x, { ...spec, stride: b === 0 && down ? 2 : 1 }, `s${s}b${b}`);
    }
  }
  x = apply(tfl.layers.globalAveragePooling2d({ name: ctx.name('gap') }), x);
  return apply(tfl.layers.dense({ units: io.numClasses, kernelInitializer: ctx.init('logits'), name: ctx.name('logits') }), x);
}
