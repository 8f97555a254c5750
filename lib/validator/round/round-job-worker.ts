// The worker process of the round's ChildProcessRunner (forked from
// round-job-runner.ts, compiled to dist): loads the backend the parent runs
// on and the round's dataset once, then serves evaluate/retrain jobs.
// Usage (by the runner only): round-job-worker.js --backend NAME --dataset NAME [--data-dir DIR]
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../backend/select.js';
import type { BackendRequest } from '../../backend/types.js';
import { UsageError } from '../../core/errors.js';
import { loadDataset } from '../../data/load-dataset.js';
import type { JobHandler } from '../../worker/job-runner.js';
import { serveJobs } from '../../worker/serve-jobs.js';
import { roundJobHandler, type RoundJob, type RoundJobResult } from './round-jobs.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

let handler: JobHandler<RoundJob, RoundJobResult> | undefined;
await serveJobs<RoundJob, RoundJobResult>(async () => {
  const backend = arg('backend'), name = arg('dataset');
  if (backend === undefined || name === undefined) throw new UsageError('round job worker: expected --backend NAME --dataset NAME');
  const info = await initBackend(backend as BackendRequest);
  const dataDir = arg('data-dir');
  // The parent has loaded it already: never download here.
  const dataset = await loadDataset(name, { dataDir, download: false });
  handler = roundJobHandler(dataset);
  return { backend: tf.getBackend(), threads: info.threads ?? 1, dataset: dataset.name, train: dataset.train.count, test: dataset.test.count };
}, async (job, note) => {
  if (!handler) throw new Error('round job worker: setup did not finish');
  return handler(job, note);
});
