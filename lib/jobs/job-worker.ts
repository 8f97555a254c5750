// The worker process of a local pool (forked by local-pool.ts, compiled to
// dist): loads the backend it is told once, then serves naschain jobs one at a
// time (naschain-job.ts). Its backend runs one thread (local-pool.ts sets the
// environment), so that N workers use N cores.
// Usage (by the pool only): job-worker.js --backend NAME [--data-dir DIR]
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/select.js';
import type { BackendRequest } from '../backend/types.js';
import { UsageError } from '../core/errors.js';
import type { JobHandler } from '../worker/job-runner.js';
import { serveJobs } from '../worker/serve-jobs.js';
import { naschainJobHandler, type NaschainJob, type NaschainJobResult } from './naschain-job.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

let handler: JobHandler<NaschainJob, NaschainJobResult> | undefined;
await serveJobs<NaschainJob, NaschainJobResult>(async () => {
  const backend = arg('backend');
  if (backend === undefined) throw new UsageError('naschain job worker: expected --backend NAME');
  const info = await initBackend(backend as BackendRequest);
  handler = naschainJobHandler({ dataDir: arg('data-dir') });
  return { backend: tf.getBackend(), threads: info.threads ?? 1 };
}, async (job, note) => {
  if (!handler) throw new Error('naschain job worker: setup did not finish');
  return handler(job, note);
});
