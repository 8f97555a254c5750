// Hand-picked small genomes that start the first population, so generation 0
// already holds models known to train well on small images (a plain
// conv net, a MobileNet-like net, a small ResNet) instead of random ones only.
// Only genomes valid in the given space are used (a custom space may differ).
import { checkGenome, type Genome } from '../search/genome.js';
import type { SearchSpace } from '../search/space.js';

function stage(i: number, block: string, depth: number, width: number, down: boolean, extra: Partial<Record<'kernel' | 'se' | 'expansion', number | boolean>> = {}): Genome {
  return {
    [`s${i}_block`]: block, [`s${i}_depth`]: depth, [`s${i}_width`]: width, [`s${i}_downsample`]: down,
    [`s${i}_kernel`]: extra.kernel ?? 3, [`s${i}_se`]: extra.se ?? false, [`s${i}_expansion`]: extra.expansion ?? 1,
  };
}

const MACRO: Genome[] = [
  // ~25k params: a plain conv net with two poolings by stride.
  { stem_width: 16, ...stage(1, 'conv', 1, 16, false), ...stage(2, 'conv', 1, 32, true), ...stage(3, 'conv', 1, 32, false), ...stage(4, 'conv', 1, 48, true) },
  // MobileNet-like: depthwise-separable and inverted residual stages.
  { stem_width: 16, ...stage(1, 'dwsep', 1, 24, true), ...stage(2, 'mbconv', 2, 32, false, { expansion: 3 }), ...stage(3, 'mbconv', 2, 48, true, { expansion: 3, se: true }), ...stage(4, 'dwsep', 1, 64, false) },
  // A small ResNet.
  { stem_width: 16, ...stage(1, 'resnet-basic', 1, 16, false), ...stage(2, 'resnet-basic', 1, 32, true), ...stage(3, 'resnet-basic', 1, 48, true), ...stage(4, 'conv', 1, 64, false) },
  // Tiny: the cheap end of the front.
  { stem_width: 16, ...stage(1, 'dwsep', 1, 16, true), ...stage(2, 'dwsep', 1, 24, true), ...stage(3, 'dwsep', 1, 32, false), ...stage(4, 'dwsep', 1, 48, true) },
];

function cellNodes(kind: 'normal' | 'reduce', ops: [number, string, number, string][]): Genome {
  const g: Genome = {};
  ops.forEach(([in1, op1, in2, op2], n) => Object.assign(g, { [`${kind}_n${n}_in1`]: in1, [`${kind}_n${n}_op1`]: op1, [`${kind}_n${n}_in2`]: in2, [`${kind}_n${n}_op2`]: op2 }));
  return g;
}

const CELL: Genome[] = [
  // A small DARTS-like cell: separable convs and skips, pooling in the reduction cell.
  {
    init_channels: 8, layers: 3,
    ...cellNodes('normal', [[0, 'sep_conv_3x3', 1, 'sep_conv_3x3'], [1, 'skip_connect', 2, 'sep_conv_3x3'], [0, 'skip_connect', 2, 'sep_conv_3x3'], [1, 'skip_connect', 3, 'sep_conv_3x3']]),
    ...cellNodes('reduce', [[0, 'max_pool_3x3', 1, 'sep_conv_3x3'], [1, 'max_pool_3x3', 2, 'skip_connect'], [0, 'avg_pool_3x3', 2, 'skip_connect'], [1, 'max_pool_3x3', 2, 'skip_connect']]),
  },
];

export function seedGenomes(space: SearchSpace): Genome[] {
  return [...MACRO, ...CELL].filter((g) => {
    try { checkGenome(space, g); return true; } catch { return false; }
  });
}
