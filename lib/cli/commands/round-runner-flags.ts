// The job-runner flags of `validate` (--isolate, --eval-timeout,
// --retrain-timeout, --worker-heap-mb, --workers, --redis), checked and turned
// into the runner and deadlines that runRound takes, the same way for --local
// and the network.
import { UsageError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { ValiConfig } from '../../core/vali-config.js';
import type { ImageDataset } from '../../data/types.js';
import { childRoundRunner, inProcessRoundRunner, workDeadlines } from '../../validator/round/index.js';
import type { RoundJobRunner } from '../../validator/round/round-jobs.js';
import type { BackendInfo } from '../../backend/types.js';
import { defaultWorkers, roundRunnerOn } from '../../jobs/local-pool.js';
import { datasetRef } from '../../jobs/naschain-job.js';
import { JobPool, ONE_THREAD_ENV } from '../../worker/job-pool.js';
import { intRangeFlag, positiveFlag } from '../flag-value.js';
import { checkJobFlags, queueRunner, type JobFlags } from './job-flags.js';

export interface RunnerFlags extends JobFlags {
  isolate: boolean; evalTimeout?: number; retrainTimeout?: number; workerHeapMb?: number; dataDir?: string;
}

/** Usage errors for flags that do not go together (their values are checked when parsed); call before anything is created. */
export function checkRunnerFlags(args: RunnerFlags): void {
  if (!args.isolate && (args.evalTimeout !== undefined || args.retrainTimeout !== undefined || args.workerHeapMb !== undefined)) {
    throw new UsageError('--no-isolate runs jobs in this process, where no deadline or heap cap can be enforced; drop --eval-timeout, --retrain-timeout and --worker-heap-mb, or --no-isolate');
  }
  checkJobFlags(args);
  if (!args.isolate && ((args.workers ?? 1) > 1 || args.redis !== undefined)) {
    throw new UsageError('--no-isolate runs jobs in this process, one at a time; drop --workers and --redis, or --no-isolate');
  }
}

export async function roundRunnerOf(args: RunnerFlags, backend: Pick<BackendInfo, 'name' | 'tfName' | 'compute'>, dataset: ImageDataset, config: ValiConfig, log: Logger) {
  const child = (env?: Readonly<Record<string, string>>) => childRoundRunner({ backend: backend.name, tfBackend: backend.tfName, dataset, dataDir: args.dataDir, heapMb: args.workerHeapMb, log, ...(env ? { env } : {}) });
  const size = args.workers ?? defaultWorkers(backend);
  let runner: RoundJobRunner;
  if (args.redis !== undefined) runner = roundRunnerOn(await queueRunner(args.redis, args.workers, backend, log), datasetRef(dataset));
  else if (!args.isolate) runner = inProcessRoundRunner(dataset);
  else runner = size === 1 ? child() : new JobPool(size, () => child(ONE_THREAD_ENV));
  const deadlines = workDeadlines(config, dataset, {
    evaluateMs: args.evalTimeout !== undefined ? args.evalTimeout * 1000 : undefined,
    retrainMs: args.retrainTimeout !== undefined ? args.retrainTimeout * 1000 : undefined,
  });
  return { runner, deadlines };
}
