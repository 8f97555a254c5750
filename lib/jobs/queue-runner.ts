// `search --redis URL` / `validate --redis URL`: the coordinator's JobRunner
// over the Redis queue. It sends a round job's model folder as files, asks a
// final search training to send its model folder back and writes it where
// the run expects it, and turns the queue's answer into the JobOutcome a local
// pool would give. Jobs wait in the queue of the coordinator's backend
// (`jobs-<backend>`): a worker serves the queue of its own --backend.
import type { Logger } from '../core/log.js';
import { NaschainError } from '../core/errors.js';
import { contentJobId } from '../worker/job-id.js';
import type { Deadline, JobOutcome } from '../worker/job-runner.js';
import { QueueCoordinator } from '../worker/redis-queue.js';
import { redactUrl } from '../worker/redis-url.js';
import { readModelFiles, writeModelFiles } from './model-files.js';
import type { NaschainJob, NaschainJobResult } from './naschain-job.js';
import type { NaschainJobRunner } from './local-pool.js';
import { NASCHAIN_VERSION, QUEUE_JOB_VERSION, fromWire, renameDir, wireDeadline, type QueueAnswer, type QueueJob } from './queue-job.js';

/** The queue of a backend (our backend name). */
export function queueName(backend: string): string {
  return `jobs-${backend}`;
}

export interface QueueRunnerOptions {
  url: string;
  backend: string;
  /** Jobs in flight at once. */
  capacity: number;
  pollMs?: number;
  log?: Logger | undefined;
}

export async function openQueueRunner(o: QueueRunnerOptions): Promise<NaschainJobRunner & { readonly capacity: number }> {
  const queue = queueName(o.backend);
  const coordinator = await QueueCoordinator.open<QueueJob, QueueAnswer>({ url: o.url, queue, ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}), ...(o.log ? { log: o.log } : {}) });
  let closed = false;
  return {
    description: `Redis queue ${queue} at ${redactUrl(o.url)}, up to ${o.capacity} jobs at once`,
    enforcesDeadlines: true,
    capacity: o.capacity,
    async run(job: NaschainJob, deadline: Deadline): Promise<JobOutcome<NaschainJobResult>> {
      if (closed) throw new NaschainError('INTERNAL', 'queue job runner: run() after close()');
      const wire: QueueJob = { v: QUEUE_JOB_VERSION, naschain: NASCHAIN_VERSION, job, deadline: wireDeadline(deadline) };
      let saveTo: string | undefined;
      if (job.kind === 'round') {
        wire.files = readModelFiles(job.job.dir);
        wire.job = { ...job, job: { ...job.job, dir: '' } };
      } else if (job.request.saveTo !== undefined) {
        saveTo = job.request.saveTo;
        wire.job = { ...job, request: { genome: job.request.genome, fidelity: job.request.fidelity } };
        wire.returnModel = true;
      }
      const answer = await coordinator.submit(contentJobId(job.kind, wire), wire);
      if (!answer.ok) return { ok: false, kind: 'error', ms: answer.ms, message: `the queue failed the job: ${answer.message}` };
      const a = answer.value;
      if (typeof a?.outcome?.ok !== 'boolean') return { ok: false, kind: 'error', ms: answer.ms, message: 'the queue answered without an outcome' };
      const outcome = fromWire(job.kind === 'round' && typeof a.dir === 'string' && a.dir !== '' ? renameDir(a.outcome, a.dir, job.job.dir) : a.outcome);
      if (saveTo !== undefined && outcome.ok && a.files) writeModelFiles(saveTo, a.files);
      return outcome;
    },
    async close() {
      closed = true;
      await coordinator.close();
    },
  };
}
