// `npm run bench`: training and inference images/s of the reference CNN
// (bench/reference-cnn.ts; train batch 128, inference batch 256) on every tfjs
// backend that loads, and the same model with PyTorch on the same machine in
// the same run when a Python with torch is found, each line with its ratio to
// torch. Slow paths (the pure-JS cpu backend, webgpu on a software adapter:
// minutes per step on a small machine) are skipped unless --slow, which times
// them with one run after the warm-up.
// Usage: node dist/bench/bench.js [--backends wasm,cpu,webgpu,tensorflow] [--runs 5] [--slow] [--no-torch] [--json]
import * as tf from '@tensorflow/tfjs-core';
import { BACKENDS } from '../lib/backend/registry.js';
import type { BackendInfo, BackendName } from '../lib/backend/types.js';
import { timeReferenceCnn, type ModelTiming } from './time-reference-cnn.js';
import { TORCH_HINT, findTorchPython, runTorchBench, torchHasCuda, type TorchResult } from './torch-runner.js';

const TRAIN_BATCH = 128;
const INFER_BATCH = 256;

interface BackendRow {
  name: BackendName;
  info?: BackendInfo;
  timing?: ModelTiming;
  skipped?: string;
}

function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** Slow enough that full timing would blow the ~5 minute budget on a small machine. */
function isSlow(info: BackendInfo): boolean {
  return info.name === 'cpu' || info.compute === 'software-gpu';
}

function ratio(v: number, anchor: number | undefined, label = ' torch'): string {
  return anchor === undefined ? '' : `  ${(v / anchor).toFixed(2)}x${label}`;
}

function describe(info: BackendInfo | undefined): string {
  if (info === undefined) return '';
  const parts = [info.device, info.threads !== undefined ? `threads ${info.threads}` : undefined, info.simd ? 'simd' : undefined];
  return parts.filter((p) => p !== undefined).join(', ');
}

async function main(): Promise<void> {
  const wanted = option('backends', BACKENDS.map((b) => b.name).join(',')).split(',');
  const runs = Number(option('runs', '5'));
  const slow = flag('slow');
  const json = flag('json');
  const say = (s: string) => { if (!json) console.log(s); };
  const t0 = performance.now();

  say(`reference CNN (conv3x3 32-32-pool-64-64-pool-96, BN+ReLU, global average pool, dense 10), 28x28x1 random images; ` +
    `train batch ${TRAIN_BATCH} (SGD), inference batch ${INFER_BATCH}; median of ${runs} timed runs after 1 warm-up`);

  // CPU backends are quoted against PyTorch on the CPU, GPU backends against PyTorch on CUDA where it sees a card.
  let torch: TorchResult | undefined;
  let torchCuda: TorchResult | undefined;
  let torchNote: string | undefined;
  if (flag('no-torch')) {
    torchNote = 'torch: skipped (--no-torch)';
  } else {
    const python = findTorchPython();
    if (python === undefined) torchNote = `torch: ${TORCH_HINT}`;
    else {
      try {
        torch = runTorchBench(python, { trainBatch: TRAIN_BATCH, inferBatch: INFER_BATCH, runs });
        if (torchHasCuda(python)) torchCuda = runTorchBench(python, { trainBatch: TRAIN_BATCH, inferBatch: INFER_BATCH, runs, device: 'cuda' });
      } catch (e) {
        torchNote = `torch: failed: ${(e as Error).message}`;
      }
    }
  }

  const rows: BackendRow[] = [];
  for (const mod of BACKENDS.filter((b) => wanted.includes(b.name))) {
    const row: BackendRow = { name: mod.name };
    rows.push(row);
    try {
      row.info = await mod.load();
    } catch (e) {
      row.skipped = `does not load: ${(e as Error).message}`;
      say(`${mod.name.padEnd(10)} ${row.skipped}`);
      continue;
    }
    if (isSlow(row.info) && !slow) {
      row.skipped = `skipped: slow path (${row.info.compute === 'software-gpu' ? `software adapter ${row.info.device ?? ''}` : 'pure-JS reference backend'}); --slow times it once`;
      say(`${mod.name.padEnd(10)} ${row.skipped}`);
      continue;
    }
    const n = isSlow(row.info) ? 1 : runs;
    const before = tf.memory().numTensors;
    row.timing = await timeReferenceCnn({ trainBatch: TRAIN_BATCH, inferBatch: INFER_BATCH, runs: n, warmup: 1 });
    if (tf.memory().numTensors !== before) throw new Error(`bench leaked ${tf.memory().numTensors - before} tensors on ${mod.name}`);
    const note = n < runs ? ' (slow path: 1 timed run)' : '';
    const anchor = row.info.compute === 'gpu' ? torchCuda : torch;
    const vs = anchor === torchCuda && anchor !== undefined ? ' torch-cuda' : ' torch';
    say(`${mod.name.padEnd(10)} train ${row.timing.trainImagesPerSec.toFixed(1).padStart(7)} img/s${ratio(row.timing.trainImagesPerSec, anchor?.trainImagesPerSec, vs)}` +
      `   infer ${row.timing.inferImagesPerSec.toFixed(1).padStart(7)} img/s${ratio(row.timing.inferImagesPerSec, anchor?.inferImagesPerSec, vs)}   [${describe(row.info)}]${note}`);
  }
  for (const [label, t] of [['torch', torch], ['torch-cuda', torchCuda]] as const) {
    if (t === undefined) continue;
    say(`${label.padEnd(10)} train ${t.trainImagesPerSec.toFixed(1).padStart(7)} img/s               infer ${t.inferImagesPerSec.toFixed(1).padStart(7)} img/s               ` +
      `[PyTorch ${t.torch}, ${t.device === 'cpu' ? `threads ${t.threads}` : t.device}, ${t.python}]`);
  }
  if (torch === undefined && torchNote !== undefined) say(torchNote);
  say(`total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (json) {
    console.log(JSON.stringify({ kind: 'naschain-bench', version: 1, trainBatch: TRAIN_BATCH, inferBatch: INFER_BATCH, runs, backends: rows, torch: torch ?? null, torchCuda: torchCuda ?? null, torchNote: torchNote ?? null }, null, 2));
  }
}

await main();
