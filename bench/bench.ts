// `npm run bench`: training and inference images/s of the reference CNN
// (bench/reference-cnn.ts) at batch 128 and 512 on every tfjs backend that
// loads, and the same model with PyTorch on the same machine in the same run
// when a Python with torch is found: CPU backends are quoted against PyTorch
// on the CPU, GPU backends against PyTorch on CUDA where it sees a card.
// Slow paths (the pure-JS cpu backend, webgpu on a software adapter: minutes
// per step on a small machine) are skipped unless --slow, which times them
// with one run after the warm-up. --wasm-threads 1,2 adds wasm rows at those
// thread counts (each in a child process: the count is fixed per process).
// The load average is printed before and after: on a shared machine only the
// ratios of one run compare.
// Usage: node dist/bench/bench.js [--backends wasm,cpu,webgpu,tensorflow] [--batches 128,512] [--runs 5]
//        [--wasm-threads 1,2] [--slow] [--no-torch] [--json]
import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BACKENDS } from '../lib/backend/registry.js';
import type { BackendInfo, BackendName } from '../lib/backend/types.js';
import { WASM_THREADS_ENV } from '../lib/backend/wasm-threads/thread-count.js';
import { timeReferenceCnn, type ModelTiming } from './time-reference-cnn.js';
import { TORCH_HINT, findTorchPython, runTorchBench, torchHasCuda, type TorchResult } from './torch-runner.js';

interface BackendRow {
  name: BackendName;
  /** Set for the extra wasm rows of --wasm-threads. */
  label?: string;
  batch: number;
  info?: BackendInfo;
  timing?: ModelTiming;
  skipped?: string;
}

interface TorchRow { batch: number; cpu?: TorchResult; cuda?: TorchResult }

function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function numbers(name: string, fallback: string): number[] {
  const raw = option(name, fallback);
  const list = raw.split(',').map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--${name}: got ${JSON.stringify(raw)}, expected positive integers separated by commas`);
  return list;
}

/** Slow enough that full timing would blow the ~5 minute budget on a small machine. */
function isSlow(info: BackendInfo): boolean {
  return info.name === 'cpu' || info.compute === 'software-gpu';
}

function ratio(v: number, anchor: number | undefined, label: string): string {
  return anchor === undefined ? '' : `  ${(v / anchor).toFixed(2)}x ${label}`;
}

function describe(info: BackendInfo | undefined): string {
  if (info === undefined) return '';
  const parts = [info.device, info.threads !== undefined ? `threads ${info.threads}` : undefined, info.simd ? 'simd' : undefined];
  return parts.filter((p) => p !== undefined).join(', ');
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

function timeTorch(batches: number[], runs: number): { rows: TorchRow[]; note?: string } {
  if (flag('no-torch')) return { rows: [], note: 'torch: skipped (--no-torch)' };
  const python = findTorchPython();
  if (python === undefined) return { rows: [], note: `torch: ${TORCH_HINT}` };
  try {
    const cuda = torchHasCuda(python);
    const rows = batches.map((batch) => {
      const opts = { trainBatch: batch, inferBatch: batch, runs };
      return { batch, cpu: runTorchBench(python, opts), cuda: cuda ? runTorchBench(python, { ...opts, device: 'cuda' }) : undefined };
    });
    return { rows };
  } catch (e) {
    return { rows: [], note: `torch: failed: ${(e as Error).message}` };
  }
}

/** wasm rows at another thread count, from a child process of this script. */
function wasmRowsWithThreads(threads: number, batches: number[], runs: number): BackendRow[] {
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [script, '--backends', 'wasm', '--no-torch', '--json', '--batches', batches.join(','), '--runs', String(runs)], {
    env: { ...process.env, [WASM_THREADS_ENV]: String(threads) }, encoding: 'utf8', timeout: 900_000,
  });
  if (r.status !== 0) return batches.map((batch) => ({ name: 'wasm', label: `wasm/${threads}t`, batch, skipped: `child failed: ${(r.stderr || '').trim().split('\n').pop() ?? ''}` }));
  const out = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { backends: BackendRow[] };
  return out.backends.map((row) => ({ ...row, label: `wasm/${threads}t` }));
}

async function timeBackends(wanted: string[], batches: number[], runs: number, slow: boolean): Promise<BackendRow[]> {
  const rows: BackendRow[] = [];
  for (const mod of BACKENDS.filter((b) => wanted.includes(b.name))) {
    let info: BackendInfo;
    try {
      info = await mod.load();
    } catch (e) {
      for (const batch of batches) rows.push({ name: mod.name, batch, skipped: `does not load: ${(e as Error).message}` });
      continue;
    }
    for (const batch of batches) {
      const row: BackendRow = { name: mod.name, batch, info };
      rows.push(row);
      if (isSlow(info) && !slow) {
        row.skipped = `skipped: slow path (${info.compute === 'software-gpu' ? `software adapter ${info.device ?? ''}` : 'pure-JS reference backend'}); --slow times it once`;
        continue;
      }
      const before = tf.memory().numTensors;
      row.timing = await timeReferenceCnn({ trainBatch: batch, inferBatch: batch, runs: isSlow(info) ? 1 : runs, warmup: 1 });
      if (tf.memory().numTensors !== before) throw new Error(`bench leaked ${tf.memory().numTensors - before} tensors on ${mod.name}`);
    }
  }
  return rows;
}

function printRow(row: BackendRow, torch: TorchRow | undefined, runs: number): string {
  const name = (row.label ?? row.name).padEnd(10);
  if (row.timing === undefined) return `${name} ${row.skipped ?? ''}`;
  const gpu = row.info?.compute === 'gpu';
  const anchor = gpu ? torch?.cuda : torch?.cpu;
  const vs = gpu ? 'torch-cuda' : 'torch';
  const t = row.timing;
  const note = t.runs < runs ? ' (slow path: 1 timed run)' : '';
  return `${name} train ${t.trainImagesPerSec.toFixed(1).padStart(8)} img/s${ratio(t.trainImagesPerSec, anchor?.trainImagesPerSec, vs).padEnd(18)}` +
    `   infer ${t.inferImagesPerSec.toFixed(1).padStart(9)} img/s${ratio(t.inferImagesPerSec, anchor?.inferImagesPerSec, vs).padEnd(18)}   [${describe(row.info)}]${note}`;
}

function printTorch(label: string, t: TorchResult): string {
  return `${label.padEnd(10)} train ${t.trainImagesPerSec.toFixed(1).padStart(8)} img/s${''.padEnd(18)}   infer ${t.inferImagesPerSec.toFixed(1).padStart(9)} img/s${''.padEnd(18)}   ` +
    `[PyTorch ${t.torch}, ${t.device === 'cpu' ? `threads ${t.threads}` : t.device}, ${t.python}]`;
}

async function main(): Promise<void> {
  const wanted = option('backends', BACKENDS.map((b) => b.name).join(',')).split(',');
  const batches = numbers('batches', '128,512');
  const runs = numbers('runs', '5')[0] as number;
  const extraThreads = flag('wasm-threads') ? numbers('wasm-threads', '1') : [];
  const slow = flag('slow');
  const json = flag('json');
  const say = (s: string) => { if (!json) console.log(s); };
  const t0 = performance.now();
  const loadBefore = load();
  say(`reference CNN (conv3x3 32-32-pool-64-64-pool-96, BN+ReLU, global average pool, dense 10), 28x28x1 random images; ` +
    `training (SGD) and inference at batch ${batches.join(' and ')}; median of ${runs} timed runs after 1 warm-up; load average ${loadBefore}`);

  const torch = timeTorch(batches, runs);
  const rows = await timeBackends(wanted, batches, runs, slow);
  for (const threads of extraThreads) rows.push(...wasmRowsWithThreads(threads, batches, runs));

  for (const batch of batches) {
    const t = torch.rows.find((r) => r.batch === batch);
    say(`\nbatch ${batch}:`);
    for (const row of rows.filter((r) => r.batch === batch)) say(printRow(row, t, runs));
    if (t?.cpu !== undefined) say(printTorch('torch', t.cpu));
    if (t?.cuda !== undefined) say(printTorch('torch-cuda', t.cuda));
  }
  if (torch.note !== undefined) say(torch.note);
  say(`total ${((performance.now() - t0) / 1000).toFixed(0)} s; load average ${load()}`);
  if (json) {
    console.log(JSON.stringify({ kind: 'naschain-bench', version: 2, batches, runs, loadBefore, loadAfter: load(), backends: rows, torch: torch.rows, torchNote: torch.note ?? null }, null, 2));
  }
}

await main();
