// `--workers N`: a pool of N worker processes (lib/worker's JobPool of
// ChildProcessRunners on job-worker.ts), each running one job at a time on one
// thread of the backend this process resolved, so that N workers use N cores.
// The search hands it candidates (candidateRunnerOn), the validator round jobs.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { NaschainError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { BackendInfo } from '../backend/types.js';
import type { CandidateResult, CandidateRunner } from '../searcher/record.js';
import type { Limits } from '../searcher/types.js';
import { ChildProcessRunner } from '../worker/child-runner.js';
import { JobPool, ONE_THREAD_ENV } from '../worker/job-pool.js';
import type { JobOutcome, JobRunner } from '../worker/job-runner.js';
import type { RoundJobResult, RoundJobRunner } from '../validator/round/round-jobs.js';
import type { DatasetRef, EvaluatorSetup, NaschainJob, NaschainJobResult } from './naschain-job.js';

/** The compiled worker entry, next to this module in dist. */
export const JOB_WORKER = fileURLToPath(new URL('./job-worker.js', import.meta.url));

export type NaschainJobRunner = JobRunner<NaschainJob, NaschainJobResult>;

/** Default --workers: one per core for CPU backends; one for a GPU (N processes would share one device). */
export function defaultWorkers(backend: Pick<BackendInfo, 'compute'>): number {
  return backend.compute === 'gpu' || backend.compute === 'software-gpu' ? 1 : availableParallelism();
}

export interface LocalPoolOptions {
  size: number;
  /** Our backend name as resolved here (never 'auto': the workers must not choose another). */
  backend: string;
  /** tf.getBackend() here; each worker must report the same. */
  tfBackend: string;
  dataDir?: string | undefined;
  heapMb?: number | undefined;
  onJobStart?: (pid: number, job: NaschainJob) => void;
  log?: Logger | undefined;
}

export function localJobPool(o: LocalPoolOptions): JobPool<NaschainJob, NaschainJobResult> {
  const args = ['--backend', o.backend, ...(o.dataDir !== undefined ? ['--data-dir', o.dataDir] : [])];
  return new JobPool(o.size, () => new ChildProcessRunner<NaschainJob, NaschainJobResult>({
    entry: JOB_WORKER, args, ...(o.size > 1 ? { env: ONE_THREAD_ENV } : {}), heapMb: o.heapMb, log: o.log, onJobStart: o.onJobStart,
    checkReady: (info) => {
      if (info.backend !== o.tfBackend) throw new NaschainError('INTERNAL', `naschain job worker: backend ${JSON.stringify(info.backend)}, expected ${JSON.stringify(o.tfBackend)} as here`);
      // N workers of several threads each on N cores wait on each other (ONE_THREAD_ENV).
      if (o.size > 1 && info.threads !== 1) throw new NaschainError('INTERNAL', `naschain job worker: ${JSON.stringify(info.threads)} threads, expected 1 in a pool of ${o.size}`);
    },
  }));
}

/** A search's CandidateRunner over any runner of naschain jobs (a local pool, a Redis queue). */
export function candidateRunnerOn(runner: NaschainJobRunner, setup: EvaluatorSetup, limits: Limits): CandidateRunner {
  return {
    description: runner.description,
    enforcesDeadlines: runner.enforcesDeadlines,
    capacity: runner.capacity ?? 1,
    run: async (request, deadline) => (await runner.run({ kind: 'candidate', setup, limits, request }, deadline)) as JobOutcome<CandidateResult>,
    close: () => runner.close(),
  };
}

/** A round's RoundJobRunner over any runner of naschain jobs (the Redis queue). */
export function roundRunnerOn(runner: NaschainJobRunner, dataset: DatasetRef): RoundJobRunner {
  return {
    description: runner.description,
    enforcesDeadlines: runner.enforcesDeadlines,
    capacity: runner.capacity ?? 1,
    run: async (job, deadline) => (await runner.run({ kind: 'round', dataset, job }, deadline)) as JobOutcome<RoundJobResult>,
    close: () => runner.close(),
  };
}
