// The settings of a search run, saved as run.json (kind "naschain/search-run",
// version 1) when the run starts; --resume reads them back so that a resumed
// run continues exactly the run that was started.
import { invalid } from '../core/errors.js';
import type { Genome } from '../search/genome.js';
import { parseSearchSpace, type SearchSpace } from '../search/space.js';
import type { Fidelity, Limits } from './types.js';

export const SEARCH_RUN_KIND = 'naschain/search-run';
export const SEARCH_RUN_VERSION = 1;

export interface SearchSettings {
  kind: typeof SEARCH_RUN_KIND;
  version: number;
  space: SearchSpace;
  dataset: string;
  seed: number;
  population: number;
  /** Generations including the initial population. */
  generations: number;
  /** Whole run, final training included; undefined: no time limit. */
  timeBudgetMs?: number;
  /** Fraction of the time budget for the NSGA-II search; promotions get up to `promoteShare` more; the rest is final training. */
  searchShare: number;
  promoteShare: number;
  limits: Limits;
  /** rungs[0] evaluates every NSGA-II candidate; rungs[1..] are successive-halving promotions. */
  rungs: Fidelity[];
  /** How many rung-0 candidates enter rung 1 (best by non-domination rank, then crowding). */
  promoteCount: number;
  /** Each promotion keeps ceil(n / eta). */
  eta: number;
  /** At most this many front members are trained with the full recipe. */
  finalCount: number;
  finalEpochs: number;
  learningRate: number;
  /** 'random': the baseline of bench/search-vs-random.ts, uniform random genomes through the same pipeline (default 'nsga2'). */
  sampler?: 'nsga2' | 'random';
  /** Genomes put first into the initial population. */
  initial: Genome[];
  /** NSGA-II draws again a new genome that is over a limit (counted untrained) instead of handing it out; default false (`--draw-feasible`). */
  drawFeasible?: boolean;
}

export function checkSettings(raw: unknown, source = 'search run settings'): SearchSettings {
  const s = raw as SearchSettings;
  if (typeof s !== 'object' || s === null) throw invalid(source, raw, 'an object');
  if (s.kind !== SEARCH_RUN_KIND) throw invalid(`${source}.kind`, s.kind, JSON.stringify(SEARCH_RUN_KIND));
  if (s.version !== SEARCH_RUN_VERSION) throw invalid(`${source}.version`, s.version, String(SEARCH_RUN_VERSION));
  const posInt = (k: 'population' | 'generations' | 'promoteCount' | 'finalCount' | 'finalEpochs') => {
    if (!Number.isInteger(s[k]) || s[k] < 1) throw invalid(`${source}.${k}`, s[k], 'an integer >= 1');
  };
  (['population', 'generations', 'promoteCount', 'finalCount', 'finalEpochs'] as const).forEach(posInt);
  if (!Array.isArray(s.rungs) || s.rungs.length === 0) throw invalid(`${source}.rungs`, s.rungs, 'at least one fidelity');
  s.rungs.forEach((r, i) => {
    if (!(Number.isInteger(r.trainImages) && r.trainImages > 0 && Number.isInteger(r.epochs) && r.epochs > 0 && (r.batchSize === undefined || (Number.isInteger(r.batchSize) && r.batchSize > 0)))) throw invalid(`${source}.rungs[${i}]`, r, 'positive integer trainImages and epochs');
  });
  if (!(s.eta >= 1)) throw invalid(`${source}.eta`, s.eta, 'a number >= 1');
  if (s.drawFeasible !== undefined && typeof s.drawFeasible !== 'boolean') throw invalid(`${source}.drawFeasible`, s.drawFeasible, 'true or false');
  if (s.timeBudgetMs !== undefined && !(s.timeBudgetMs > 0)) throw invalid(`${source}.timeBudgetMs`, s.timeBudgetMs, 'a positive number');
  for (const k of ['maxParams', 'maxMacs', 'maxBytes'] as const) {
    if (!(s.limits?.[k] > 0)) throw invalid(`${source}.limits.${k}`, s.limits?.[k], 'a positive number');
  }
  return { ...s, space: parseSearchSpace(s.space, `${source}.space`) };
}
