// Where a CPU training step spends its time: milliseconds per kernel per step
// on a synchronous backend (wasm, cpu), for the reference CNN and a searched
// MBConv/depthwise model (bench/profile/models.ts), or one candidate of a
// search run (--run DIR --hash PREFIX, on its dataset's image shape). Each
// kernel is timed by a wrapper (bench/profile/kernel-timer.ts); kernels our
// composite kernels call are listed as "outer > inner" with their own time,
// so the self times add up. Threads: NASCHAIN_WASM_THREADS (1 is what a
// search worker's lane uses).
// Usage: node dist/bench/kernel-profile.js [--backend wasm] [--models reference-cnn,mbconv]
//        [--run DIR --hash PREFIX [--space macro] [--dataset fashion-mnist]]
//        [--batch 128] [--steps 3] [--top 25] [--json]
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../lib/backend/select.js';
import type { BackendName } from '../lib/backend/types.js';
import { makeRng } from '../lib/core/rng.js';
import { getDescriptor } from '../lib/data/registry.js';
import { buildGenomeModel, disposeGenomeModel } from '../lib/model/genome-model.js';
import { loadSearchSpace } from '../lib/search/space-file.js';
import { genomeFromArgs } from './genome-arg.js';
import { KernelTimer, type KernelRow } from './profile/kernel-timer.js';
import { PROFILE_MODELS, type ProfileModel, randomBatch, trainStep } from './profile/models.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

interface ModelProfile { model: string; batch: number; steps: number; stepMs: number; stepCpuMs: number; kernelMs: number; kernelCpuMs: number; rows: KernelRow[] }

function fail(message: string): never {
  console.error(`kernel-profile: ${message}`);
  process.exit(2);
}

/** The models to profile: --run/--hash's candidate, else --models' names. */
function profileModels(): ProfileModel[] {
  const run = option('run', '');
  if (run !== '') {
    const hash = option('hash', '');
    let space, io;
    try {
      space = loadSearchSpace(option('space', 'macro'));
      io = getDescriptor(option('dataset', 'fashion-mnist')); // a descriptor is a NetworkIo
    } catch (e) {
      fail((e as Error).message);
    }
    const genome = genomeFromArgs({ run, ...(hash !== '' ? { hash } : {}) }, space, fail);
    return [{ name: `${run}#${hash}`, io, build: () => buildGenomeModel(space, genome, io, makeRng(0)), dispose: disposeGenomeModel }];
  }
  return option('models', PROFILE_MODELS.map((m) => m.name).join(',')).split(',').map((name) => {
    const spec = PROFILE_MODELS.find((m) => m.name === name);
    if (spec === undefined) fail(`--models: unknown model ${name}, expected one of ${PROFILE_MODELS.map((m) => m.name).join(', ')}`);
    return spec;
  });
}

async function profileModel(backend: string, spec: ProfileModel, batch: number, steps: number): Promise<ModelProfile> {
  const model = spec.build();
  const opt = tf.train.sgd(0.01);
  const { x, y } = randomBatch(spec.io, batch, 1);
  const timer = new KernelTimer(backend);
  try {
    const warm = trainStep(model, opt, x, y); // warm-up: operator caches, first allocations
    await warm.data();
    warm.dispose();
    timer.install();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < steps; i++) {
      const loss = trainStep(model, opt, x, y);
      await loss.data();
      loss.dispose();
    }
    const stepMs = (performance.now() - t0) / steps;
    const c = process.cpuUsage(c0);
    const stepCpuMs = (c.user + c.system) / 1000 / steps;
    timer.uninstall();
    const rows = timer.table().map((r) => ({ ...r, calls: r.calls / steps, selfMs: r.selfMs / steps, totalMs: r.totalMs / steps, selfCpuMs: r.selfCpuMs / steps }));
    const kernelMs = rows.reduce((a, r) => a + r.selfMs, 0);
    const kernelCpuMs = rows.reduce((a, r) => a + r.selfCpuMs, 0);
    return { model: spec.name, batch, steps, stepMs, stepCpuMs, kernelMs, kernelCpuMs, rows };
  } finally {
    timer.uninstall();
    tf.dispose([x, y]);
    opt.dispose();
    spec.dispose(model);
  }
}

function print(p: ModelProfile, info: string, top: number): void {
  console.log(`\n${p.model}, batch ${p.batch}, ${info}: per training step (mean of ${p.steps}) ${p.stepMs.toFixed(0)} ms wall, ${p.stepCpuMs.toFixed(0)} ms CPU; ` +
    `kernels ${p.kernelMs.toFixed(0)} ms wall (${(100 * p.kernelMs / p.stepMs).toFixed(0)}%), ${p.kernelCpuMs.toFixed(0)} ms CPU; ${(p.batch / p.stepMs * 1000).toFixed(1)} img/s by wall`);
  console.log(`  ${'kernel'.padEnd(52)} ${'self ms'.padStart(8)} ${'%'.padStart(5)} ${'cpu ms'.padStart(8)} ${'calls'.padStart(6)} ${'total ms'.padStart(9)}`);
  for (const r of p.rows.slice(0, top)) {
    console.log(`  ${r.name.padEnd(52)} ${r.selfMs.toFixed(1).padStart(8)} ${(100 * r.selfMs / p.kernelMs).toFixed(1).padStart(5)} ${r.selfCpuMs.toFixed(1).padStart(8)} ${r.calls.toFixed(0).padStart(6)} ${r.totalMs.toFixed(1).padStart(9)}`);
  }
  const rest = p.rows.slice(top);
  if (rest.length > 0) console.log(`  ${`(${rest.length} more)`.padEnd(52)} ${rest.reduce((a, r) => a + r.selfMs, 0).toFixed(1).padStart(8)} ${''.padStart(5)} ${rest.reduce((a, r) => a + r.selfCpuMs, 0).toFixed(1).padStart(8)}`);
}

async function main(): Promise<void> {
  const backend = option('backend', 'wasm') as BackendName;
  const models = profileModels();
  const batches = option('batch', '128').split(',').map(Number);
  const steps = Number(option('steps', '3'));
  const top = Number(option('top', '25'));
  const json = process.argv.includes('--json');
  const info = await initBackend(backend);
  const desc = `${info.name}, threads ${info.threads ?? '?'}${info.simd ? ', simd' : ''}`;
  const out: ModelProfile[] = [];
  for (const m of models) {
    for (const b of batches) {
      const p = await profileModel(info.tfName, m, b, steps);
      out.push(p);
      if (!json) print(p, desc, top);
    }
  }
  if (json) console.log(JSON.stringify({ kind: 'naschain-kernel-profile', version: 1, backend: info, profiles: out }, null, 2));
}

await main();
