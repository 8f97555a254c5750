// Per-job overhead of running the round's jobs in a worker process: the
// worker's start (Node, imports, backend, dataset) and the hand-over of one
// job (IPC out, reply frame back) against the same job in this process.
// Usage: npm run build && node dist/bench/job-overhead.js [--backend wasm] [--n 20]
import { join, resolve } from 'node:path';
import { initBackend } from '../lib/backend/select.js';
import type { BackendRequest } from '../lib/backend/types.js';
import { loadValiConfig } from '../lib/core/vali-config.js';
import { loadDataset } from '../lib/data/load-dataset.js';
import { modelExpectations } from '../lib/validator/model-expectations.js';
import { childRoundRunner, inProcessRoundRunner, type RoundJobRunner } from '../lib/validator/round/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const root = resolve(process.argv[1] ?? '.', '../../..');
const n = Number(arg('n', '20'));
const backend = await initBackend(arg('backend', 'wasm') as BackendRequest);
const config = loadValiConfig(join(root, 'spec/fixtures/submissions-config.json'));
const dataset = await loadDataset(config.dataset);
const job = { kind: 'evaluate' as const, dir: join(root, 'spec/fixtures/submissions/honest-small'), expect: modelExpectations(config, dataset), config };
const none = { ms: Infinity, why: 'none' };

async function timeJobs(runner: RoundJobRunner): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const out = await runner.run(job, none);
    if (!out.ok) throw new Error(`job failed: ${out.message}`);
    ms.push(performance.now() - t);
  }
  return ms;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const inProcess = inProcessRoundRunner(dataset);
const local = await timeJobs(inProcess);
await inProcess.close();
const starts: number[] = [];
for (let i = 0; i < 3; i++) {
  const child = childRoundRunner({ backend: backend.name, tfBackend: backend.tfName, dataset });
  const t = performance.now();
  await child.run({ ...job, dir: '/nonexistent' }, none); // a job that fails at once: start + one hand-over
  starts.push(performance.now() - t);
  await child.close();
}
const child = childRoundRunner({ backend: backend.name, tfBackend: backend.tfName, dataset });
await child.run(job, none);
const remote = await timeJobs(child);
await child.close();
console.log(`backend ${backend.name}; evaluate honest-small (${dataset.test.count} test images), ${n} jobs each, medians`);
console.log(`worker start (node + imports + backend + dataset, to the first reply): ${starts.map((x) => x.toFixed(0)).join(', ')} ms`);
console.log(`job in process: ${median(local).toFixed(1)} ms; in a warm worker: ${median(remote).toFixed(1)} ms; hand-over overhead ~${(median(remote) - median(local)).toFixed(1)} ms`);
