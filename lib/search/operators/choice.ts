// Choice genes: uniform sampling, uniform crossover (swap with probability
// 0.5), random-reset mutation to a different option.
import type { ChoiceGene } from '../space.js';
import type { GeneOperators } from './gene-operators.js';

export const choiceOperators: GeneOperators<ChoiceGene> = {
  sample: (gene, rng) => gene.options[rng.int(gene.options.length)] as ChoiceGene['options'][number],
  crossover: (_gene, a, b, _params, rng) => (rng.next() < 0.5 ? [b, a] : [a, b]),
  mutate(gene, value, _params, rng) {
    const others = gene.options.filter((o) => o !== value);
    return others.length === 0 ? value : (others[rng.int(others.length)] as ChoiceGene['options'][number]);
  },
};
