// Making one generation's new genomes: tournament, crossover, mutation, and
// duplicate elimination against every genome the search has seen; random
// genomes fill in when mating keeps producing duplicates or nobody survived.
// `admit` (optional, pure): a genome it refuses (over a parameter or MAC cap,
// counted without training) is drawn again, so a generation is full of
// candidates worth training; when the tries run out, the rest is filled
// without it (the evaluator then refuses those, as before).
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
  /** Whether a new genome may enter (deterministic); default: all may. */
  admit?: (g: Genome) => boolean;
}

export function makeOffspring(req: OffspringRequest, rng: Rng): Genome[] {
  const out: Genome[] = [];
  const refused = new Set<string>();
  const accept = (g: Genome, filtered = true) => {
    const admit = filtered ? req.admit : undefined;
    const h = genomeHash(g);
    if (out.length >= req.count || req.seen.has(h) || (admit && refused.has(h))) return;
    if (admit && !admit(g)) { refused.add(h); return; }
    req.seen.add(h);
    out.push(g);
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
  // Too few admitted: the rest without the filter (refused ones included), so the search goes on.
  if (req.admit) for (let t = 0; t < budget && out.length < req.count; t++) accept(sampleGenome(req.space, rng), false);
  return out;
}
