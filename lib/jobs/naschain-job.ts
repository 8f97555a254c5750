// The jobs a naschain worker runs, as plain data: a search candidate (genome,
// fidelity, the run's evaluator settings) or a validator round job (evaluate
// or retrain a submitted model). One handler serves both, in a worker process
// of a local pool (job-worker.ts) and behind a Redis queue (queue-worker.ts).
// Datasets are loaded by name on first use and checked against the
// coordinator's sizes; evaluators are cached per run setting, so a worker that
// serves one run builds its evaluator once.
import type { ValiConfig } from '../core/vali-config.js';
import { NaschainError } from '../core/errors.js';
import { loadDataset } from '../data/load-dataset.js';
import type { ImageDataset } from '../data/types.js';
import type { SearchSpace } from '../search/space.js';
import { runCandidate, type CandidateRequest, type CandidateResult } from '../searcher/record.js';
import { TfjsEvaluator } from '../searcher/tfjs-evaluator.js';
import type { Limits } from '../searcher/types.js';
import { roundJobHandler, type RoundJob, type RoundJobResult } from '../validator/round/round-jobs.js';
import type { JobHandler } from '../worker/job-runner.js';
import { stableJson } from '../worker/job-id.js';

/** A dataset by name, with the sizes the coordinator loaded (a worker with other files refuses the job). */
export interface DatasetRef { name: string; train: number; test: number }

export function datasetRef(d: ImageDataset): DatasetRef {
  return { name: d.name, train: d.train.count, test: d.test.count };
}

/** The search run's evaluator settings (TfjsEvaluatorOptions with the dataset by name). */
export interface EvaluatorSetup { space: SearchSpace; dataset: DatasetRef; config: ValiConfig; holdout: number; seed: number }

export type NaschainJob =
  | { kind: 'candidate'; setup: EvaluatorSetup; limits: Limits; request: CandidateRequest }
  | { kind: 'round'; dataset: DatasetRef; job: RoundJob };

export type NaschainJobResult = CandidateResult | RoundJobResult;

export interface JobHandlerOptions { dataDir?: string | undefined }

export function naschainJobHandler(o: JobHandlerOptions = {}): JobHandler<NaschainJob, NaschainJobResult> {
  const datasets = new Map<string, Promise<ImageDataset>>();
  const evaluators = new Map<string, TfjsEvaluator>();
  const dataset = async (ref: DatasetRef): Promise<ImageDataset> => {
    let p = datasets.get(ref.name);
    if (!p) {
      // Never download in a worker: the coordinator has the files, and so must each worker's --data-dir.
      p = loadDataset(ref.name, { dataDir: o.dataDir, download: false });
      datasets.set(ref.name, p);
      p.catch(() => datasets.delete(ref.name));
    }
    const d = await p;
    if (d.train.count !== ref.train || d.test.count !== ref.test) {
      throw new NaschainError('INVALID', `dataset ${ref.name} on this worker has ${d.train.count} training and ${d.test.count} test images, the coordinator's has ${ref.train} and ${ref.test}`);
    }
    return d;
  };
  const evaluator = async (setup: EvaluatorSetup): Promise<TfjsEvaluator> => {
    const k = stableJson(setup);
    let ev = evaluators.get(k);
    if (!ev) {
      ev = new TfjsEvaluator({ space: setup.space, dataset: await dataset(setup.dataset), config: setup.config, holdout: setup.holdout, seed: setup.seed });
      if (evaluators.size >= 4) evaluators.clear();
      evaluators.set(k, ev);
    }
    return ev;
  };
  const rounds = new Map<string, JobHandler<RoundJob, RoundJobResult>>();
  return async (job, note) => {
    if (job?.kind === 'candidate') return runCandidate(await evaluator(job.setup), job.limits, () => Date.now(), job.request);
    if (job?.kind === 'round') {
      const d = await dataset(job.dataset);
      let h = rounds.get(d.name);
      if (!h) rounds.set(d.name, (h = roundJobHandler(d)));
      return h(job.job, note);
    }
    throw new NaschainError('INVALID', `naschain job: kind ${JSON.stringify((job as { kind?: unknown })?.kind)}, expected "candidate" or "round"`);
  };
}
