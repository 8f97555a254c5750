// A deterministic stand-in for the tfjs evaluator: params and MACs from the
// genome's widths, accuracy from a smooth function of size plus a hash-based
// jitter, failures for chosen genomes. Lets specs run whole searches in ms.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { genomeHash, type Genome } from '../../lib/search/genome.js';
import type { Evaluator, Fidelity, Measured, TrainOutcome } from '../../lib/searcher/types.js';
import { roundMacs, roundParams } from '../../lib/eval/rounding.js';

export class SyntheticEvaluator implements Evaluator {
  readonly trainImages = 1000;
  calls: { kind: 'evaluate' | 'finalize'; hash: string }[] = [];
  constructor(private readonly opts: { failWhen?: (g: Genome) => boolean; onEvaluate?: (n: number, f: Fidelity) => void; onFinalize?: (n: number) => void } = {}) {}

  measure(g: Genome): Measured {
    let params = 0;
    for (let s = 1; s <= 4; s++) params += Number(g[`s${s}_width`]) * Number(g[`s${s}_depth`]) * (g[`s${s}_block`] === 'resnet-basic' ? 90 : 30);
    const macs = params * 120;
    return { params, macs, paramsRounded: roundParams(params), macsRounded: roundMacs(macs) };
  }

  private acc(g: Genome, f: Fidelity): number {
    const jitter = parseInt(genomeHash(g).slice(0, 6), 16) / 0xffffff;
    const p = this.measure(g).params;
    return Math.min(99, 60 + 8 * Math.log10(p) + 3 * jitter + 2 * Math.log2(f.trainImages * f.epochs / 100));
  }

  async evaluate(g: Genome, f: Fidelity): Promise<TrainOutcome> {
    this.calls.push({ kind: 'evaluate', hash: genomeHash(g) });
    this.opts.onEvaluate?.(this.calls.length, f);
    if (this.opts.failWhen?.(g)) throw new Error('loss NaN (synthetic)');
    return { accuracy: this.acc(g, f), seconds: 0.01 };
  }

  async finalize(g: Genome, epochs: number, dir: string): Promise<TrainOutcome> {
    this.calls.push({ kind: 'finalize', hash: genomeHash(g) });
    this.opts.onFinalize?.(this.calls.filter((c) => c.kind === 'finalize').length);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.json'), '{}');
    return { accuracy: this.acc(g, { trainImages: this.trainImages, epochs }), seconds: 0.02 };
  }
}
