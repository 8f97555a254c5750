// The operator set of one gene kind: how to sample, cross and mutate a value.
import type { Rng } from '../../core/rng.js';
import type { Gene, GeneKind } from '../space.js';
import type { GeneValue } from '../genome.js';
import type { RealParams } from './real.js';

export interface GeneOperators<G extends Gene> {
  sample(gene: G, rng: Rng): GeneValue;
  crossover(gene: G, a: GeneValue, b: GeneValue, params: RealParams, rng: Rng): [GeneValue, GeneValue];
  mutate(gene: G, value: GeneValue, params: RealParams, rng: Rng): GeneValue;
}

export type OperatorRegistry = { [K in GeneKind]: GeneOperators<Extract<Gene, { kind: K }>> };
