// The round's two expensive steps as plain-data jobs, so that a JobRunner
// (lib/worker) can run them in this process or in a worker process that can
// be killed at a deadline. Both sides run the same handler on the same
// dataset and backend, so the results are the same to the bit.
import type { ValiConfig } from '../../core/vali-config.js';
import type { ImageDataset } from '../../data/types.js';
import type { JobHandler, JobRunner } from '../../worker/job-runner.js';
import type { ModelExpectations } from '../model-expectations.js';
import type { Rejection } from '../reject-reasons.js';
import type { EvaluationMetrics, RetrainOutcome } from '../state-store.js';
import { evaluateSubmission } from './evaluate-submission.js';
import { retrainSubmission } from './retrain-submission.js';

export type RoundJob =
  | { kind: 'evaluate'; dir: string; expect: ModelExpectations; config: ValiConfig }
  | { kind: 'retrain'; dir: string; expect: ModelExpectations; config: ValiConfig; learningRate: number | null };

export type RoundJobResult =
  | { kind: 'evaluate'; result: EvaluationMetrics | Rejection }
  | { kind: 'retrain'; result: RetrainOutcome };

export type RoundJobRunner = JobRunner<RoundJob, RoundJobResult>;

/** The note an evaluation sends once its MACs are counted (the deadline grows with them). */
export interface MeasuredNote {
  [k: string]: number;
  params: number;
  macs: number;
}

/** Runs round jobs on `dataset` (loaded once by whoever hosts the handler). Retrain failures throw. */
export function roundJobHandler(dataset: ImageDataset): JobHandler<RoundJob, RoundJobResult> {
  return async (job, note) => {
    if (job.kind === 'evaluate') {
      const result = await evaluateSubmission(job.dir, job.expect, dataset, job.config, {
        onMeasured: (m) => note({ params: m.params, macs: m.macs } satisfies MeasuredNote),
      });
      return { kind: 'evaluate', result };
    }
    return { kind: 'retrain', result: await retrainSubmission(job.dir, job.expect, dataset, job.config, job.learningRate) };
  };
}
