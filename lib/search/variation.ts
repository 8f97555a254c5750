// Genome-level variation: each gene handled by the operators of its kind.
import type { Rng } from '../core/rng.js';
import type { Gene, SearchSpace } from './space.js';
import type { Genome, GeneValue } from './genome.js';
import { GENE_OPERATORS, type GeneOperators, type RealParams } from './operators/index.js';

export interface VariationParams extends RealParams {
  /** Probability that a pair of parents is crossed at all (else children copy them). */
  crossoverProb: number;
  /** Per-gene mutation probability; default 1 / number of genes. */
  mutationProb: number;
}

// The registry is keyed by kind; the cast joins each gene with its own kind's operators.
const ops = (g: Gene) => GENE_OPERATORS[g.kind] as GeneOperators<Gene>;

export function sampleGenome(space: SearchSpace, rng: Rng): Genome {
  const out: Genome = {};
  for (const g of space.genes) out[g.name] = ops(g).sample(g, rng);
  return out;
}

export function crossoverGenomes(space: SearchSpace, a: Genome, b: Genome, p: VariationParams, rng: Rng): [Genome, Genome] {
  const c1: Genome = {}, c2: Genome = {};
  const cross = rng.next() < p.crossoverProb;
  for (const g of space.genes) {
    const va = a[g.name] as GeneValue, vb = b[g.name] as GeneValue;
    const [x, y] = cross ? ops(g).crossover(g, va, vb, p, rng) : [va, vb];
    c1[g.name] = x;
    c2[g.name] = y;
  }
  return [c1, c2];
}

export function mutateGenome(space: SearchSpace, genome: Genome, p: VariationParams, rng: Rng): Genome {
  const out: Genome = { ...genome };
  for (const g of space.genes) {
    if (rng.next() < p.mutationProb) out[g.name] = ops(g).mutate(g, genome[g.name] as GeneValue, p, rng);
  }
  return out;
}
