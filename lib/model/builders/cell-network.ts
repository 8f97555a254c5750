// Genome of search-spaces/cell.json -> network, DARTS-style: a 3x3 conv stem
// (3C channels, BN), `layers` cells (reduction cells at layers/3 and 2*layers/3
// double C and halve the resolution), global average pooling, Dense logits.
// A cell preprocesses its two inputs to C channels (1x1 ReLU-conv-BN, or a
// factorised reduction when the older input is at twice the resolution), builds
// 4 nodes as sums of two operations and concatenates the nodes no node uses.
import * as tfl from '@tensorflow/tfjs-layers';
import { invalid } from '../../core/errors.js';
import type { Genome } from '../../search/genome.js';
import { add, apply, bn, conv, relu, type BuildContext, type Sym } from './context.js';
import { factorizedReduce } from './cell-ops/skip-connect.js';
import type { NetworkIo } from './io.js';
import { cellOp } from './registry.js';

const NODES = 4;

interface NodeGenes { in1: number; op1: string; in2: number; op2: string }

function nodeGenes(genome: Genome, kind: 'normal' | 'reduce'): NodeGenes[] {
  return Array.from({ length: NODES }, (_, n) => {
    const get = (key: string) => genome[`${kind}_n${n}_${key}`];
    const [in1, op1, in2, op2] = [get('in1'), get('op1'), get('in2'), get('op2')];
    if (typeof in1 !== 'number' || typeof in2 !== 'number' || in1 > n + 1 || in2 > n + 1) throw invalid(`cell genome ${kind}_n${n} inputs`, [in1, in2], `integers from 0 to ${n + 1}`);
    if (typeof op1 !== 'string' || typeof op2 !== 'string') throw invalid(`cell genome ${kind}_n${n} ops`, [op1, op2], 'operation names');
    return { in1, op1, in2, op2 };
  });
}

function reluConvBn(ctx: BuildContext, x: Sym, c: number, p: string): Sym {
  return bn(ctx, conv(ctx, relu(ctx, x, `${p}_relu`), `${p}_conv`, { filters: c, kernel: 1 }), `${p}_bn`);
}

/** `f` run once, on first use. */
function once<T>(f: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: f() }).v;
}

function cell(ctx: BuildContext, s0: () => Sym, s1: () => Sym, c: number, nodes: NodeGenes[], reduction: boolean, reductionPrev: boolean, p: string): Sym {
  // Inputs are preprocessed (and the cells that make them built) only when a node reads them:
  // layers off the output's path would never belong to the model, so model.dispose() would
  // not free their weights (cells whose nodes never read input 1 leave every other cell off it).
  const pre: (() => Sym)[] = [
    () => (reductionPrev ? factorizedReduce(ctx, s0(), c, `${p}_pre0`) : reluConvBn(ctx, s0(), c, `${p}_pre0`)),
    () => reluConvBn(ctx, s1(), c, `${p}_pre1`),
  ];
  const states: (Sym | undefined)[] = [undefined, undefined];
  const state = (i: number): Sym => (states[i] ??= (pre[i] as () => Sym)()) as Sym;
  const used = new Set<number>();
  nodes.forEach((g, n) => {
    const branch = (input: number, op: string, k: number) => cellOp(op)(ctx, state(input), c, reduction && input < 2 ? 2 : 1, `${p}_n${n}_${k}`);
    states.push(add(ctx, [branch(g.in1, g.op1, 1), branch(g.in2, g.op2, 2)], `${p}_n${n}_add`));
    used.add(g.in1).add(g.in2);
  });
  const outs = (states.slice(2) as Sym[]).filter((_, i) => !used.has(i + 2));
  return outs.length === 1 ? (outs[0] as Sym) : apply(tfl.layers.concatenate({ axis: -1, name: ctx.name(`${p}_out`) }), outs);
}

export function buildCellNetwork(ctx: BuildContext, input: Sym, genome: Genome, io: NetworkIo): Sym {
  const c0 = genome.init_channels, layers = genome.layers;
  if (typeof c0 !== 'number' || typeof layers !== 'number') throw invalid('cell genome init_channels/layers', [c0, layers], 'numbers');
  const normal = nodeGenes(genome, 'normal'), reduce = nodeGenes(genome, 'reduce');
  const stem = once(() => bn(ctx, conv(ctx, input, 'stem_conv', { filters: 3 * c0, kernel: 3 }), 'stem_bn'));
  const reductions = new Set([Math.floor(layers / 3), Math.floor((2 * layers) / 3)]);
  // Each cell's output is built on first use, from the last cell back: a cell no later cell reads is never built.
  let [s0, s1] = [stem, stem];
  let c = c0;
  let reductionPrev = false;
  for (let i = 0; i < layers; i++) {
    const reduction = reductions.has(i);
    if (reduction) c *= 2;
    const args = [s0, s1, c, reduction ? reduce : normal, reduction, reductionPrev] as const;
    const out = once(() => cell(ctx, ...args, `c${i}`));
    [s0, s1] = [s1, out];
    reductionPrev = reduction;
  }
  const x = apply(tfl.layers.globalAveragePooling2d({ name: ctx.name('gap') }), s1());
  return apply(tfl.layers.dense({ units: io.numClasses, kernelInitializer: ctx.init('logits'), name: ctx.name('logits') }), x);
}
