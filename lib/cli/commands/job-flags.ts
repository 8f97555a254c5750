// --workers and --redis of `search` and `validate`: where evaluations run.
// --workers N: N worker processes on this machine (default: one per core; 1:
// search evaluates in this process as before). --redis URL: this command
// coordinates and `naschain worker --redis URL` processes anywhere run the
// jobs; --workers then caps the jobs in flight. The queue code (BullMQ) is
// imported only when --redis is given.
import type { Argv } from 'yargs';
import { UsageError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { BackendInfo } from '../../backend/types.js';
import { candidateRunnerOn, defaultWorkers, localJobPool, type NaschainJobRunner } from '../../jobs/local-pool.js';
import type { EvaluatorSetup } from '../../jobs/naschain-job.js';
import type { CandidateRunner } from '../../searcher/record.js';
import type { Limits } from '../../searcher/types.js';
import { checkRedisUrl } from '../../worker/redis-url.js';
import { intRangeFlag } from '../flag-value.js';

export interface JobFlags { workers?: number; redis?: string }

/** Jobs in flight over --redis when --workers is not given. */
export const DEFAULT_QUEUE_IN_FLIGHT = 32;

export function jobOptions<T>(y: Argv<T>) {
  return y
    .option('workers', { type: 'number', describe: 'Worker processes evaluating at once (default: one per core, 1 on a GPU backend; 1: in this process). With --redis: jobs in flight (default 32)' })
    .option('redis', { type: 'string', describe: 'Coordinate over a Redis queue (redis://host:port): `naschain worker --redis URL` processes run the jobs (docs/workers.md)' });
}

export function checkJobFlags(a: JobFlags): void {
  intRangeFlag('workers', a.workers, 1, 1024);
  if (a.redis !== undefined) {
    const why = checkRedisUrl(a.redis);
    if (why) throw new UsageError(`--redis: expected ${why}`);
  }
}

/** The coordinator's runner over the queue of `backend` at `url`. */
export async function queueRunner(url: string, workers: number | undefined, backend: Pick<BackendInfo, 'name'>, log: Logger): Promise<NaschainJobRunner> {
  const { openQueueRunner } = await import('../../jobs/queue-runner.js');
  return openQueueRunner({ url, backend: backend.name, capacity: workers ?? DEFAULT_QUEUE_IN_FLIGHT, log });
}

/** search: the queue, a local pool, or undefined for today's in-process path (one worker). */
export async function searchRunner(a: JobFlags, backend: Pick<BackendInfo, 'name' | 'tfName' | 'compute'>, setup: EvaluatorSetup, limits: Limits, o: { dataDir?: string | undefined; log: Logger }): Promise<CandidateRunner | undefined> {
  if (a.redis !== undefined) return candidateRunnerOn(await queueRunner(a.redis, a.workers, backend, o.log), setup, limits);
  const size = a.workers ?? defaultWorkers(backend);
  if (size === 1) return undefined;
  return candidateRunnerOn(localJobPool({ size, backend: backend.name, tfBackend: backend.tfName, dataDir: o.dataDir, log: o.log }), setup, limits);
}
