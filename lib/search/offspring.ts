// Making one generation's new genomes: tournament, crossover, mutation, and
// duplicate elimination against every genome the search has seen; random
// genomes fill in when mating keeps producing duplicates or nobody survived.
import type { Rng } from '../core/rng.js';
import type { SearchSpace } from './space.js';
import { genomeHash, type Genome } from './genome.js';
import type { Individual } from './trial.js';
import { binaryTournament } from './selection.js';
import { crossoverGenomes, mutateGenome, sampleGenome, type VariationParams } from './variation.js';

export interface OffspringRequest {
  space: SearchSpace;
  parents: readonly Individual[];
  count: number;
  params: VariationParams;
  /** Tries per wanted genome before giving up (small discrete spaces run out). */
  maxAttempts: number;
  /** Hashes already used; new genomes are added to it. */
  seen: Set<string>;
}

export function makeOffspring(req: OffspringRequest, rng: Rng): Genome[] {
  const out: Genome[] = [];
  const accept = (g: Genome) => {
    const h = genomeHash(g);
    if (out.length < req.count && !req.seen.has(h)) {
      req.seen.add(h);
      out.push(g);
    }
  };
  const budget = req.count * req.maxAttempts;
  if (req.parents.length > 0) {
    for (let t = 0; t < budget && out.length < req.count; t++) {
      const a = binaryTournament(req.parents, rng), b = binaryTournament(req.parents, rng);
      const [c1, c2] = crossoverGenomes(req.space, a.genome, b.genome, req.params, rng);
      accept(mutateGenome(req.space, c1, req.params, rng));
      accept(mutateGenome(req.space, c2, req.params, rng));
    }
  }
  for (let t = 0; t < budget && out.length < req.count; t++) accept(sampleGenome(req.space, rng));
  return out;
}
