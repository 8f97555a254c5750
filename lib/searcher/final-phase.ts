// The final phase: the planned front members are trained with the exact
// validation recipe, each saved as a model folder front/<NN>-<hash12>/ with its
// metrics.json; front.json lists the non-dominated ones by test accuracy.
// The plan was made on estimates; before each model after the first the time
// left is checked again, with the estimate corrected by how long the models
// trained so far took against theirs, and a model that no longer fits is
// skipped (logged), so a run ends near its budget instead of far past it.
// With a worker pool up to run.capacity models train at once.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/log.js';
import { floorAccuracy } from '../eval/rounding.js';
import { dominates } from '../pareto/dominance.js';
import { finalCostMs } from './final-plan.js';
import type { Gate } from './ordered-batch.js';
import { RUN_FILES, writeJsonAtomic } from './run-files.js';
import { objectivesOf } from './select.js';
import type { SearchRun } from './search-run.js';
import type { CandidateRecord } from './types.js';

export const MODEL_METRICS_KIND = 'naschain/model-metrics';

export interface FrontMember {
  dir: string;
  hash: string;
  accuracy: number;
  accuracyFloored: number;
  params: number;
  paramsRounded: number;
  macs: number;
  macsRounded: number;
  /** Not dominated by another final model. */
  onFront: boolean;
}

export async function runFinalPhase(run: SearchRun, plan: readonly string[], epochs: number, log?: Logger): Promise<FrontMember[]> {
  const s = run.settings;
  const finalRung = s.rungs.length;
  const fidelity = { trainImages: run.evaluator.trainImages, epochs };
  const members: { r: CandidateRecord; dir: string }[] = [];
  const planned: { source: CandidateRecord; dir: string; estimate: number }[] = [];
  for (const [i, hash] of plan.entries()) {
    const source = [...run.allRecords].reverse().find((r) => r.hash === hash && r.phase !== 'final' && r.status === 'complete');
    if (!source) continue;
    planned.push({ source, estimate: finalCostMs(source, fidelity.trainImages, epochs, run.finalCostFactor), dir: join(run.dir, RUN_FILES.models, `${String(i + 1).padStart(2, '0')}-${hash.slice(0, 12)}`) });
  }
  // Up to run.capacity models train at once, the planned order first; each after the first is checked against the time left when it
  // would start, its estimate corrected by what the models trained so far (this session or before) took against theirs.
  const gate = (j: number): Gate => {
    if (j === 0) return 'start';
    let estimated = 0;
    let took = 0;
    for (const p of planned) {
      const r = run.recordOf('final', finalRung, p.source.hash);
      if (r) { estimated += p.estimate; took += r.seconds * 1000; }
    }
    const { source, estimate } = planned[j] as (typeof planned)[number];
    const corrected = estimated > 0 ? (estimate * took) / estimated : estimate;
    if (corrected <= run.timeLeftMs()) return 'start';
    log?.info(`final phase: skipping ${source.hash.slice(0, 12)}: about ${(corrected / 60_000).toFixed(1)} min to train, ${(Math.max(0, run.timeLeftMs()) / 60_000).toFixed(1)} min left`);
    return 'skip';
  };
  const done = await run.evaluateSome(planned.map((c) => ({ genome: c.source.genome, phase: 'final', rung: finalRung, generation: finalRung, fidelity, saveTo: c.dir })), { gate });
  for (const [j, r] of done.entries()) {
    const { dir } = planned[j] as (typeof planned)[number];
    if (r === undefined || r.status !== 'complete' || !existsSync(dir)) continue;
    const acc = r.accuracy as number;
    writeJsonAtomic(join(dir, 'metrics.json'), {
      kind: MODEL_METRICS_KIND, version: 1, dataset: s.dataset, space: s.space.name,
      accuracy: acc, accuracyFloored: floorAccuracy(acc), params: r.params, paramsRounded: r.paramsRounded, macs: r.macs, macsRounded: r.macsRounded,
      learningRate: s.learningRate, epochs, hash: r.hash, genome: r.genome,
    });
    members.push({ r, dir });
  }
  const front = members.map(({ r, dir }) => ({
    dir, hash: r.hash, accuracy: r.accuracy as number, accuracyFloored: floorAccuracy(r.accuracy as number),
    params: r.params as number, paramsRounded: r.paramsRounded as number, macs: r.macs as number, macsRounded: r.macsRounded as number,
    onFront: !members.some((o) => o.r !== r && dominates(objectivesOf(o.r), objectivesOf(r))),
  })).sort((a, b) => a.params - b.params);
  writeJsonAtomic(join(run.dir, RUN_FILES.front), { kind: 'naschain/search-front', version: 1, dataset: s.dataset, epochs, learningRate: s.learningRate, models: front });
  return front;
}
