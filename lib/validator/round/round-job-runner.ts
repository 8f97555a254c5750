// Builds the runners a round can use: in this process (no deadline; the
// reference behaviour) or in a worker process that is SIGKILLed at each
// job's deadline. The worker loads the same backend and dataset as this
// process and proves it before its first job (checkReady).
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../core/log.js';
import type { ImageDataset } from '../../data/types.js';
import { ChildProcessRunner } from '../../worker/child-runner.js';
import { InProcessRunner } from '../../worker/in-process-runner.js';
import { NaschainError } from '../../core/errors.js';
import { roundJobHandler, type RoundJob, type RoundJobResult } from './round-jobs.js';

/** The compiled worker entry, next to this module in dist. */
export const ROUND_JOB_WORKER = fileURLToPath(new URL('./round-job-worker.js', import.meta.url));

export function inProcessRoundRunner(dataset: ImageDataset): InProcessRunner<RoundJob, RoundJobResult> {
  return new InProcessRunner(roundJobHandler(dataset));
}

export interface ChildRoundRunnerOptions {
  /** Our backend name (lib/backend/registry), as resolved in this process (never 'auto': the worker must not choose another). */
  backend: string;
  /** tf.getBackend() in this process; the worker must report the same. */
  tfBackend: string;
  dataset: ImageDataset;
  dataDir?: string;
  /** The worker's JS heap cap, MiB (--max-old-space-size). */
  heapMb?: number;
  /** Added to the worker's environment (a pool's one-thread setting). */
  env?: Readonly<Record<string, string>>;
  onJobStart?: (pid: number, job: RoundJob) => void;
  log?: Logger;
}

export function childRoundRunner(o: ChildRoundRunnerOptions): ChildProcessRunner<RoundJob, RoundJobResult> {
  const args = ['--backend', o.backend, '--dataset', o.dataset.name];
  if (o.dataDir !== undefined) args.push('--data-dir', o.dataDir);
  const want = { backend: o.tfBackend, dataset: o.dataset.name, train: o.dataset.train.count, test: o.dataset.test.count };
  return new ChildProcessRunner<RoundJob, RoundJobResult>({
    entry: ROUND_JOB_WORKER, args, heapMb: o.heapMb, ...(o.env ? { env: { ...o.env } } : {}), log: o.log, onJobStart: o.onJobStart,
    checkReady: (info) => {
      // A pool's workers run one thread each (their env says so): more would make them wait on each other.
      const expected = o.env?.NASCHAIN_WASM_THREADS === '1' ? { ...want, threads: 1 } : want;
      for (const [k, v] of Object.entries(expected)) {
        if (info[k] !== v) throw new NaschainError('INTERNAL', `round job worker: ${k} is ${JSON.stringify(info[k])}, expected ${JSON.stringify(v)} as in the validator`);
      }
    },
  });
}
