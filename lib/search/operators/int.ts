// Int genes work on the grid index k (value = min + k*step) as a real number
// in [-0.5, K+0.5], so that after rounding every grid point, the ends
// included, gets an equal share: SBX and polynomial mutation, then rounding.
// On a short grid polynomial mutation mostly rounds back to the same value,
// which in a discrete space only wastes an evaluation; such a mutation moves
// one grid step instead.
import type { IntGene } from '../space.js';
import { intTop } from '../space.js';
import type { GeneOperators } from './gene-operators.js';
import { polynomialMutation, sbx } from './real.js';

const top = (g: IntGene) => (intTop(g) - g.min) / g.step;
const toIndex = (g: IntGene, v: number) => (v - g.min) / g.step;
function fromIndex(g: IntGene, k: number): number {
  const i = Math.min(top(g), Math.max(0, Math.round(k)));
  return g.min + i * g.step;
}

export const intOperators: GeneOperators<IntGene> = {
  sample: (gene, rng) => gene.min + rng.int(top(gene) + 1) * gene.step,
  crossover(gene, a, b, params, rng) {
    const [c1, c2] = sbx(toIndex(gene, a as number), toIndex(gene, b as number), -0.5, top(gene) + 0.5, params.etaCrossover, rng);
    return [fromIndex(gene, c1), fromIndex(gene, c2)];
  },
  mutate(gene, v, params, rng) {
    const k = toIndex(gene, v as number);
    const out = fromIndex(gene, polynomialMutation(k, -0.5, top(gene) + 0.5, params.etaMutation, rng));
    if (out !== v || top(gene) === 0) return out;
    const dir = k === 0 ? 1 : k === top(gene) ? -1 : rng.next() < 0.5 ? -1 : 1;
    return fromIndex(gene, k + dir);
  },
};
