// Phase 1 of a search run (search-run.ts): rung 0 over the space, a generation
// at a time, until the generations or the search phase's share of the budget
// run out, or the time to the promotions' share's end would no longer hold
// the promotions (promotion-estimate.ts). NSGA-II (lib/search) by default;
// `sampler: 'random'` draws fresh uniform genomes through the same pipeline
// (the bench's baseline). Both resume through the run's record cache;
// NSGA-II's state is replaced atomically after each generation's tells.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rngFor } from '../core/rng.js';
import { genomeHash, type Genome } from '../search/genome.js';
import { Nsga2 } from '../search/nsga2.js';
import { sampleGenome } from '../search/variation.js';
import { RUN_FILES, readJson, writeJsonAtomic } from './run-files.js';
import { objectivesOf } from './select.js';
import type { SearchSettings } from './settings.js';
import type { CandidateRecord, Fidelity } from './types.js';
import type { Wanted } from './search-run.js';

/** What the phase needs of its run. */
export interface SearchPhaseHost {
  readonly dir: string;
  readonly settings: SearchSettings;
  now(): number;
  /** Whether the run is past `share` of its budget, or would be after `lookaheadMs` more. */
  overBudget(share: number, lookaheadMs?: number): boolean;
  /** Estimated milliseconds of the promotions if the phase ended now (promotion-estimate.ts). */
  promotionEstimateMs(): number;
  /** Within the limits, counted untrained (drawFeasible's test). */
  feasible(g: Genome): boolean;
  evaluateAll(items: readonly Wanted[], opts?: { longestFirst?: boolean }): Promise<CandidateRecord[]>;
}

const BUDGET_STOP = 'time budget of the search phase';

/**
 * Why the phase stops before a generation like the last one (`lastGenMs`), or
 * undefined: past its share, or it would leave the promotions less than their
 * estimate before the promotions' share ends.
 */
function budgetStop(host: SearchPhaseHost, lastGenMs: number): string | undefined {
  const s = host.settings;
  if (host.overBudget(s.searchShare, lastGenMs)) return BUDGET_STOP;
  const promotions = host.promotionEstimateMs();
  if (host.overBudget(s.searchShare + s.promoteShare, lastGenMs + promotions)) {
    return `${BUDGET_STOP} (the rest kept for the promotions, estimated at ${(promotions / 60_000).toFixed(1)} min)`;
  }
  return undefined;
}

/** Runs the phase; returns why it stopped. */
export function runSearchPhase(host: SearchPhaseHost): Promise<string> {
  return host.settings.sampler === 'random' ? randomPhase(host) : nsga2Phase(host);
}

function atRung0(s: SearchSettings, genome: Genome, generation: number): Wanted {
  return { genome, phase: 'search', rung: 0, generation, fidelity: s.rungs[0] as Fidelity };
}

/** `population` fresh uniform genomes per generation. */
async function randomPhase(host: SearchPhaseHost): Promise<string> {
  const s = host.settings;
  const seen = new Set<string>();
  let lastGenMs = 0;
  for (let gen = 0; gen < s.generations; gen++) {
    const stop = budgetStop(host, lastGenMs);
    if (stop !== undefined) return stop;
    const t0 = host.now();
    const rng = rngFor(s.seed, `random/gen${gen}`);
    const batch: Wanted[] = [];
    for (let tries = 0; batch.length < s.population && tries < 50 * s.population; tries++) {
      const g = sampleGenome(s.space, rng);
      const h = genomeHash(g);
      if (seen.has(h)) continue;
      seen.add(h);
      batch.push(atRung0(s, g, gen));
    }
    await host.evaluateAll(batch, { longestFirst: true });
    lastGenMs = host.now() - t0;
  }
  return `${s.generations} generations`;
}

async function nsga2Phase(host: SearchPhaseHost): Promise<string> {
  const s = host.settings;
  const statePath = join(host.dir, RUN_FILES.state);
  const admit = s.drawFeasible ? (g: Genome) => host.feasible(g) : undefined;
  const nsga = existsSync(statePath)
    ? Nsga2.fromJSON(readJson(statePath, 'NSGA-II state'), undefined, admit)
    : Nsga2.create({ space: s.space, seed: s.seed, popSize: s.population, nObjectives: 3, initial: s.initial, termination: { maxGenerations: s.generations } }, undefined, admit);
  let lastGenMs = 0;
  for (;;) {
    const stop = nsga.stopReason();
    if (stop !== undefined) return stop;
    const midGeneration = nsga.toJSON().batch.some((t) => t.status !== 'complete' && t.status !== 'failed');
    const overBudget = midGeneration ? undefined : budgetStop(host, lastGenMs);
    if (overBudget !== undefined) return overBudget;
    const t0 = host.now();
    const genomes = nsga.ask();
    if (genomes.length === 0) return nsga.stopReason() ?? 'no genomes left';
    const done = await host.evaluateAll(genomes.map((g) => atRung0(s, g, nsga.generation)), { longestFirst: true });
    for (const [i, g] of genomes.entries()) {
      const r = done[i] as CandidateRecord;
      if (r.status === 'failed') nsga.tell(g, { failed: true, reason: r.reason ?? 'failed' });
      else nsga.tell(g, r.status === 'complete' ? objectivesOf(r) : [0, r.params ?? 0, r.macs ?? 0], r.violation);
    }
    writeJsonAtomic(statePath, nsga.toJSON());
    lastGenMs = host.now() - t0;
  }
}
