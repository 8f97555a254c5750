// Default settings of `naschain search`, from the validation preset of the
// dataset and the size of its training set. The fidelity ladder and budget
// split are chosen so that a --time-budget 60 run on full Fashion-MNIST spends
// about 24 minutes searching (NSGA-II at rung 0 until 40 %), about 5 on
// promotions (until 48 %) and the rest training the front with the full recipe:
// on a 2-core machine that is 8 epochs for the most accurate survivor and a
// small one (the time a 47k-param, 2M-MAC model needs for 8 epochs: ~14 min).
// The embedded quick-start subset trains fast, so it searches longer (60 % + 15 %).
import type { ValiConfig } from '../core/vali-config.js';
import type { Genome } from '../search/genome.js';
import type { SearchSpace } from '../search/space.js';
import { SEARCH_RUN_KIND, SEARCH_RUN_VERSION, type SearchSettings } from './settings.js';
import type { Fidelity } from './types.js';

/** The embedded quick-start dataset trains its final models for fewer epochs by default (see the command's help). */
export const QUICK_DATASET = 'fashion-mnist-small';
export const QUICK_FINAL_EPOCHS = 4;
/**
 * Ten minutes: on 2 cores the final training gets time for the survivors at several epochs, which lifts
 * the best past the preset's 80%. At 6 minutes (enough before promotions took one record per network) the
 * survivors included an 808k-param, 28.8M-MAC model whose 2 epochs (~5.2 min) did not fit the 3.0 min
 * left: all trained 1 epoch and the best reached 78.75%, below the minimum. Four final epochs, not two,
 * since the recipe shuffles each epoch: at 2 epochs the best of a fresh clone's run fell to 78.95%
 * (4,818 params); with 4 the plan cut them to 3 to fit and the best reached 82.40% at the same 4,818
 * params (84,010 params: 82.20%), the run ending in 504 s of 600.
 */
export const QUICK_BUDGET_MINUTES = 10;

export interface SearchRequest {
  space: SearchSpace;
  config: ValiConfig;
  trainImages: number;
  seed: number;
  population?: number;
  generations?: number;
  timeBudgetMinutes?: number;
  maxParams?: number;
  maxMacs?: number;
  finalEpochs?: number;
  /** See SearchSettings.drawFeasible (default off). */
  drawFeasible?: boolean;
  initial: Genome[];
}

/** Rung 0 sees ~1/25 of the data for one epoch, rung 1 ~1/8 for 2, rung 2 ~1/3 for 2 (at least 256 images each). */
export function defaultRungs(trainImages: number, quick: boolean): Fidelity[] {
  const at = (f: number) => Math.max(256, Math.min(trainImages, Math.round((trainImages * f) / 128) * 128));
  // Batch 32 at the rungs: a brief run at the recipe's batch 128 makes too few SGD steps to rank models (1024 images: 8 steps, near chance).
  const rungs = quick ? [{ trainImages: at(0.1), epochs: 1 }, { trainImages: at(0.25), epochs: 1 }] : [{ trainImages: at(1 / 25), epochs: 1 }, { trainImages: at(1 / 8), epochs: 2 }, { trainImages: at(1 / 3), epochs: 2 }];
  return rungs.map((r) => ({ ...r, batchSize: 32 }));
}

export function defaultSettings(r: SearchRequest): SearchSettings {
  const quick = r.config.dataset === QUICK_DATASET;
  const maxBytes = r.config.maxDownloadBytes;
  return {
    kind: SEARCH_RUN_KIND, version: SEARCH_RUN_VERSION,
    space: r.space, dataset: r.config.dataset, seed: r.seed,
    population: r.population ?? (quick ? 6 : 16),
    generations: r.generations ?? (quick ? 2 : 30),
    ...(r.timeBudgetMinutes !== undefined ? { timeBudgetMs: r.timeBudgetMinutes * 60_000 } : quick ? { timeBudgetMs: QUICK_BUDGET_MINUTES * 60_000 } : {}),
    searchShare: quick ? 0.6 : 0.4, promoteShare: quick ? 0.15 : 0.08,
    limits: { maxParams: r.maxParams ?? Math.floor(maxBytes / 4), maxMacs: r.maxMacs ?? r.config.maxMacs, maxBytes },
    rungs: defaultRungs(r.trainImages, quick),
    promoteCount: quick ? 4 : 12, eta: 3,
    finalCount: quick ? 2 : 3,
    finalEpochs: r.finalEpochs ?? (quick ? QUICK_FINAL_EPOCHS : r.config.trainEpochs),
    learningRate: r.config.learningRate,
    initial: r.initial,
    drawFeasible: r.drawFeasible ?? false,
  };
}
