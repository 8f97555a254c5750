// Times the reference CNN's training step (batch 128, softmax cross-entropy,
// SGD) and inference (batch 256) per backend, and profiles one wasm training
// step by kernel. Usage: node dist/bench/train-step.js [--backends wasm,cpu]
// [--runs 5] [--cpu-runs 2]
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../lib/backend/select.js';
import type { BackendName } from '../lib/backend/types.js';
import { makeRng } from '../lib/core/rng.js';
import { referenceCnn } from './reference-cnn.js';

const TRAIN_BATCH = 128;
const INFER_BATCH = 256;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function batch(n: number, seed: number): { x: tf.Tensor; y: tf.Tensor } {
  const rng = makeRng(seed);
  const xs = new Float32Array(n * 28 * 28);
  for (let i = 0; i < xs.length; i++) xs[i] = rng.next();
  const labels = Array.from({ length: n }, () => rng.int(10));
  return { x: tf.tensor4d(xs, [n, 28, 28, 1]), y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10)) };
}

function trainStep(model: tfl.LayersModel, opt: tf.Optimizer, x: tf.Tensor, y: tf.Tensor): number {
  const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true);
  const v = loss!.dataSync()[0]!;
  loss!.dispose();
  return v;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Median wall and process-CPU milliseconds per call after one warm-up call.
 * The wasm and cpu backends run on one thread, so CPU time is what the step
 * would take on an idle machine; wall time shows the contention of a shared one.
 */
function timeIt(runs: number, fn: () => void): { wall: number; cpu: number } {
  fn(); // warm-up: operator caches, first-use allocation
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function rate(images: number, t: { wall: number; cpu: number }): string {
  return `${(images / t.cpu * 1000).toFixed(1)} img/s by CPU time (${t.cpu.toFixed(0)} ms), ${(images / t.wall * 1000).toFixed(1)} by wall (${t.wall.toFixed(0)} ms)`;
}

async function profileStep(model: tfl.LayersModel, opt: tf.Optimizer, x: tf.Tensor, y: tf.Tensor): Promise<void> {
  const info = await tf.profile(() => { trainStep(model, opt, x, y); });
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    e.calls += 1;
    byName.set(k.name, e);
  }
  const total = [...byName.values()].reduce((a, e) => a + e.ms, 0);
  console.log(`\nwasm training step profile (batch ${TRAIN_BATCH}), kernel time ${total.toFixed(0)} ms:`);
  for (const [name, e] of [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) {
    console.log(`  ${name.padEnd(36)} ${e.ms.toFixed(1).padStart(8)} ms  ${(100 * e.ms / total).toFixed(1).padStart(5)}%  ${e.calls} calls`);
  }
}

async function main(): Promise<void> {
  const backends = arg('backends', 'wasm,cpu').split(',') as BackendName[];
  const runs = Number(arg('runs', '5'));
  const cpuRuns = Number(arg('cpu-runs', '2'));
  for (const name of backends) {
    const info = await initBackend(name);
    const model = referenceCnn();
    const opt = tf.train.sgd(0.01);
    const train = batch(TRAIN_BATCH, 1);
    const infer = batch(INFER_BATCH, 2);
    const n = name === 'cpu' ? cpuRuns : runs;
    const trainT = timeIt(n, () => trainStep(model, opt, train.x, train.y));
    const inferT = timeIt(n, () => { const p = model.predict(infer.x) as tf.Tensor; p.dataSync(); p.dispose(); });
    console.log(`${name} (threads=${info.threads}, simd=${info.simd}), median of ${n} after a warm-up:`);
    console.log(`  train     batch ${TRAIN_BATCH}: ${rate(TRAIN_BATCH, trainT)}`);
    console.log(`  inference batch ${INFER_BATCH}: ${rate(INFER_BATCH, inferT)}`);
    if (name === 'wasm') await profileStep(model, opt, train.x, train.y);
    tf.dispose([train.x, train.y, infer.x, infer.y]);
    opt.dispose();
    model.dispose();
  }
}

await main();
