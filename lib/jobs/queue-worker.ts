// `naschain worker --redis URL`: pulls naschain jobs from the queue of its
// backend and runs them in a local pool of worker processes (one per
// --concurrency), so that this process only talks to Redis: its event loop
// stays free to renew the locks of the jobs it holds, however long a training
// runs, and a job that crashes or outlives its deadline costs that job alone.
// Model files arrive in the job and are written to a temp folder; a final
// search training sends its model folder back in the answer.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { workDeadlines } from '../validator/round/job-deadlines.js';
import type { Deadline } from '../worker/job-runner.js';
import { QueueConsumer } from '../worker/redis-queue.js';
import { localJobPool } from './local-pool.js';
import { readModelFiles, writeModelFiles } from './model-files.js';
import type { NaschainJob } from './naschain-job.js';
import { NASCHAIN_VERSION, QUEUE_JOB_VERSION, toWire, type QueueAnswer, type QueueJob } from './queue-job.js';
import { queueName } from './queue-runner.js';

export interface QueueWorkerOptions {
  url: string;
  /** Our backend name and tf.getBackend(), as resolved in this process. */
  backend: string;
  tfBackend: string;
  concurrency: number;
  dataDir?: string | undefined;
  stallMs?: number | undefined;
  log?: Logger | undefined;
}

export interface QueueWorker {
  readonly queue: string;
  /** Stops taking jobs and kills the job processes; jobs held now go back to the queue after the stall timeout. */
  close(): Promise<void>;
}

function checkQueueJob(data: unknown): QueueJob {
  const q = data as Partial<QueueJob> | null;
  if (typeof q !== 'object' || q === null || q.v !== QUEUE_JOB_VERSION) throw new NaschainError('INVALID', `queue job: expected version ${QUEUE_JOB_VERSION} of a naschain job`);
  const kind = (q.job as { kind?: unknown } | undefined)?.kind;
  if (kind !== 'candidate' && kind !== 'round') throw new NaschainError('INVALID', `queue job: kind ${JSON.stringify(kind)}, expected "candidate" or "round"`);
  if (typeof q.deadline !== 'object' || q.deadline === null) throw new NaschainError('INVALID', 'queue job: no deadline');
  if (q.naschain !== NASCHAIN_VERSION) throw new NaschainError('INVALID', `queue job: from naschain ${JSON.stringify(q.naschain)}, this worker runs ${NASCHAIN_VERSION}; run the same version on every machine`);
  return q as QueueJob;
}

function describeJob(job: NaschainJob): string {
  if (job.kind === 'candidate') {
    const f = job.request.fidelity;
    return `candidate ${f?.trainImages}x${f?.epochs}${job.request.saveTo !== undefined ? ' (final, recipe)' : ''}`;
  }
  return `${job.job?.kind} of a submitted model`;
}

export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const pool = localJobPool({ size: o.concurrency, backend: o.backend, tfBackend: o.tfBackend, dataDir: o.dataDir, log: o.log });
  const queue = queueName(o.backend);
  const handle = async (data: unknown, id: string): Promise<QueueAnswer> => {
    const q = checkQueueJob(data);
    const tmp = mkdtempSync(join(tmpdir(), 'naschain-job-'));
    const modelDir = join(tmp, 'model');
    try {
      let job = q.job;
      let deadline: Deadline = { ms: q.deadline.ms ?? Infinity, why: q.deadline.why };
      if (job.kind === 'round') {
        writeModelFiles(modelDir, q.files ?? {});
        job = { ...job, job: { ...job.job, dir: modelDir } };
        if (q.deadline.byMacs) deadline = workDeadlines(job.job.config, { train: { count: job.dataset.train }, test: { count: job.dataset.test } }).evaluate(modelDir);
      } else if (q.returnModel) {
        job = { ...job, request: { ...job.request, saveTo: modelDir } };
      }
      o.log?.info(`job ${id}: ${describeJob(job)}: started`);
      const outcome = await pool.run(job, deadline);
      const files = q.returnModel && outcome.ok && existsSync(modelDir) ? readModelFiles(modelDir) : undefined;
      const value = outcome.ok ? outcome.value as { status?: string; kind?: string } : undefined;
      o.log?.info(`job ${id}: ${describeJob(job)}: ${outcome.ok ? (value?.status ?? 'done') : `${outcome.kind} (${outcome.message})`} in ${(outcome.ms / 1000).toFixed(1)} s`);
      return { outcome: toWire(outcome), ...(files ? { files } : {}), ...(job.kind === 'round' ? { dir: modelDir } : {}) };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  };
  let consumer: QueueConsumer;
  try {
    consumer = await QueueConsumer.start({ url: o.url, queue, concurrency: o.concurrency, ...(o.stallMs !== undefined ? { stallMs: o.stallMs } : {}), handle, ...(o.log ? { log: o.log } : {}) });
  } catch (e) {
    await pool.close();
    throw e;
  }
  return {
    queue,
    async close() {
      await consumer.close(true);
      await pool.close();
    },
  };
}
