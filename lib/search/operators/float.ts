// Float genes: uniform sampling (in log space for log genes), SBX and
// polynomial mutation, also in log space for log genes.
import type { FloatGene } from '../space.js';
import type { GeneOperators } from './gene-operators.js';
import { polynomialMutation, sbx } from './real.js';

const fwd = (g: FloatGene, v: number) => (g.log ? Math.log(v) : v);
function back(g: FloatGene, v: number): number {
  const x = g.log ? Math.exp(v) : v;
  return Math.min(g.max, Math.max(g.min, x));
}

export const floatOperators: GeneOperators<FloatGene> = {
  sample: (g, rng) => back(g, fwd(g, g.min) + rng.next() * (fwd(g, g.max) - fwd(g, g.min))),
  crossover(g, a, b, params, rng) {
    const [c1, c2] = sbx(fwd(g, a as number), fwd(g, b as number), fwd(g, g.min), fwd(g, g.max), params.etaCrossover, rng);
    return [back(g, c1), back(g, c2)];
  },
  mutate: (g, v, params, rng) => back(g, polynomialMutation(fwd(g, v as number), fwd(g, g.min), fwd(g, g.max), params.etaMutation, rng)),
};
