// Pure NSGA-II over data-defined search spaces: space and genome, operators per
// gene kind, ask/tell, termination, resumable state. No tfjs, no file I/O here:
// lib/search/space-file.ts loads spaces from disk.
export {
  parseSearchSpace, intTop, spaceSize, SEARCH_SPACE_KIND, SEARCH_SPACE_VERSION,
  type SearchSpace, type Gene, type GeneKind, type ChoiceGene, type IntGene, type FloatGene, type ChoiceValue,
} from './space.js';
export { canonicalGenomeJson, genomeHash, checkGenome, type Genome, type GeneValue } from './genome.js';
export { GENE_OPERATORS, DEFAULT_REAL_PARAMS, sbx, polynomialMutation, type GeneOperators, type OperatorRegistry, type RealParams } from './operators/index.js';
export { sampleGenome, crossoverGenomes, mutateGenome, type VariationParams } from './variation.js';
export { rankAndCrowdingSurvival, type Ranked } from './survival.js';
export { binaryTournament } from './selection.js';
export { makeOffspring, type OffspringRequest } from './offspring.js';
export { terminationReason, type Termination, type Progress } from './termination.js';
export type { Trial, TrialStatus, Individual, TellResult } from './trial.js';
export { Nsga2, type Nsga2Options, type Clock } from './nsga2.js';
export { NSGA2_STATE_KIND, NSGA2_STATE_VERSION, type Nsga2State, type Nsga2Settings } from './nsga2-state.js';
