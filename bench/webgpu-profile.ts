// Where a webgpu training step spends its time, for the reference CNN and a
// searched MBConv/depthwise model (bench/profile/models.ts) at each batch:
//  - steps/s with the loss read every step and read once after all steps
//    (the difference is the cost of a readback that syncs the queue);
//  - per step: compute dispatches, queue submits, uploads, readbacks;
//  - per tfjs kernel: GPU time from timestamp queries (when the adapter has
//    'timestamp-query'; else --replay's wall time around each kernel re-run
//    alone and awaited), JS time spent encoding, dispatches;
//  - per shader program and per category (conv/matmul, transposes, ...);
//  - webgpu vs PyTorch CUDA img/s on the reference CNN when torch sees a GPU.
// Sized for a GPU machine (defaults well under 10 minutes); on a software
// adapter run it small: --batches 2 --steps 1.
// Usage: node dist/bench/webgpu-profile.js [--batches 128,512] [--models reference-cnn,mbconv] [--steps 5]
//        [--replay] [--flags WEBGPU_CPU_FORWARD=false,...] [--top 20] [--budget-s 480] [--no-torch] [--json]
import * as tf from '@tensorflow/tfjs-core';
import { loadavg } from 'node:os';
import { initBackend } from '../lib/backend/select.js';
import { KernelTimer } from './profile/kernel-timer.js';
import { recordKernelCalls, replayWallTimes } from './profile/kernel-replay.js';
import { PROFILE_MODELS, randomBatch, trainStep } from './profile/models.js';
import { GpuCounters, type GpuCounts } from './profile/webgpu-counters.js';
import { findTorchPython, runTorchBench, torchHasCuda } from './torch-runner.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

interface KernelLine { name: string; calls: number; gpuMs: number; jsMs: number; dispatches: number }
interface Profile {
  model: string; batch: number; firstStepMs: number; msPerStepRead: number; msPerStepDeferred: number;
  counts: Omit<GpuCounts, 'byProgram' | 'byKernel'>; gpuSource: 'timestamp-query' | 'replay' | 'none';
  gpuMs: number; kernels: KernelLine[]; programs: { name: string; dispatches: number; gpuMs: number }[]; categories: Record<string, number>;
}

const CATEGORIES: [string, RegExp][] = [
  ['conv/matmul', /conv|matmul|im2col|depthwise/i],
  ['transpose', /transpose/i],
  ['reduce', /reduce|argminmax|sum|mean/i],
  ['pool', /pool/i],
];
const category = (program: string) => CATEGORIES.find(([, re]) => re.test(program))?.[0] ?? 'elementwise/other';

async function steps(n: number, fn: () => tf.Scalar, readEach: boolean): Promise<number> {
  const t0 = performance.now();
  const kept: tf.Scalar[] = [];
  for (let i = 0; i < n; i++) {
    const loss = fn();
    if (readEach) { await loss.data(); loss.dispose(); } else kept.push(loss);
  }
  if (kept.length > 0) { await kept[kept.length - 1]!.data(); tf.dispose(kept); }
  return (performance.now() - t0) / n;
}

/** GPU ms per kernel and per program from tf.profile (timestamp queries; zeros when the adapter has none). */
async function timestampProfile(fn: () => Promise<void>): Promise<{ perKernel: Map<string, number>; perProgram: Map<string, number>; any: boolean }> {
  const info = await tf.profile(fn);
  const perKernel = new Map<string, number>();
  const perProgram = new Map<string, number>();
  let any = false;
  for (const k of info.kernels) {
    if (k.name.endsWith('__op')) continue; // an op scope around kernels listed on their own
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    if (ms > 0) any = true;
    perKernel.set(k.name, (perKernel.get(k.name) ?? 0) + ms);
    for (const part of String(await k.extraInfo).split(', ')) {
      const m = /^(\w+): ([\d.e+-]+)$/.exec(part);
      if (m !== null) perProgram.set(m[1]!, (perProgram.get(m[1]!) ?? 0) + Number(m[2]));
    }
  }
  return { perKernel, perProgram, any };
}

async function profileModel(modelName: string, batch: number, nSteps: number, forceReplay: boolean): Promise<Profile> {
  const spec = PROFILE_MODELS.find((m) => m.name === modelName);
  if (spec === undefined) throw new Error(`--models: unknown model ${modelName}, expected one of ${PROFILE_MODELS.map((m) => m.name).join(', ')}`);
  const model = spec.build();
  const opt = tf.train.sgd(0.01);
  const { x, y } = randomBatch(spec.io, batch, 1);
  const step = () => trainStep(model, opt, x, y);
  const oneStep = async () => { const l = step(); await l.data(); l.dispose(); };
  try {
    const t0 = performance.now();
    await oneStep(); // compiles every shader of the step
    const firstStepMs = performance.now() - t0;
    const msPerStepRead = await steps(nSteps, step, true);
    const msPerStepDeferred = await steps(nSteps, step, false);

    const timer = new KernelTimer('webgpu');
    const counters = new GpuCounters(() => timer.currentKernel());
    timer.install();
    counters.install();
    try { await oneStep(); } finally { counters.uninstall(); timer.uninstall(); }
    const c = counters.counts;

    let gpuSource: Profile['gpuSource'] = 'none';
    let perKernel = new Map<string, number>();
    let perProgram = new Map<string, number>();
    if (!forceReplay) {
      const ts = await timestampProfile(oneStep);
      if (ts.any) {
        perKernel = ts.perKernel;
        perProgram = ts.perProgram;
        gpuSource = 'timestamp-query';
      }
    }
    if (gpuSource === 'none') {
      const calls = await recordKernelCalls('webgpu', oneStep);
      const ms = await replayWallTimes(calls);
      calls.forEach((call, i) => { if (!Number.isNaN(ms[i]!)) perKernel.set(call.name, (perKernel.get(call.name) ?? 0) + ms[i]!); });
      gpuSource = 'replay';
    }

    const js = new Map(timer.table().filter((r) => !r.name.includes(' > ')).map((r) => [r.name, r]));
    const names = new Set([...perKernel.keys(), ...js.keys()]);
    const kernels = [...names].map((name) => ({
      name, calls: js.get(name)?.calls ?? 0, gpuMs: perKernel.get(name) ?? 0, jsMs: js.get(name)?.totalMs ?? 0, dispatches: c.byKernel.get(name) ?? 0,
    })).sort((a, b) => b.gpuMs - a.gpuMs || b.jsMs - a.jsMs);
    const programs = [...new Set([...c.byProgram.keys(), ...perProgram.keys()])]
      .map((name) => ({ name, dispatches: c.byProgram.get(name) ?? 0, gpuMs: perProgram.get(name) ?? 0 }))
      .sort((a, b) => b.gpuMs - a.gpuMs || b.dispatches - a.dispatches);
    // By shader program when timestamps name them; a replay only times whole kernels.
    const categories: Record<string, number> = {};
    for (const p of gpuSource === 'replay' ? kernels.map((k) => ({ name: k.name, gpuMs: k.gpuMs })) : programs) {
      categories[category(p.name)] = (categories[category(p.name)] ?? 0) + p.gpuMs;
    }
    const { byProgram: _p, byKernel: _k, ...counts } = c;
    return { model: modelName, batch, firstStepMs, msPerStepRead, msPerStepDeferred, counts, gpuSource, gpuMs: [...perKernel.values()].reduce((a, v) => a + v, 0), kernels, programs, categories };
  } finally {
    tf.dispose([x, y]);
    opt.dispose();
    spec.dispose(model);
  }
}

function print(p: Profile, top: number): void {
  const ips = (ms: number) => (p.batch / ms * 1000).toFixed(1);
  console.log(`\n${p.model}, batch ${p.batch}: first step ${p.firstStepMs.toFixed(0)} ms (compiles shaders); ` +
    `${p.msPerStepRead.toFixed(1)} ms/step reading the loss every step (${ips(p.msPerStepRead)} img/s), ` +
    `${p.msPerStepDeferred.toFixed(1)} ms/step reading it once (${ips(p.msPerStepDeferred)} img/s)`);
  const c = p.counts;
  console.log(`  per step: ${c.dispatches} dispatches, ${c.submits} submits, ${c.uploads} uploads (${(c.uploadBytes / 1024).toFixed(1)} KiB), ` +
    `${c.readbacks} readbacks (${c.readbackWaitMs.toFixed(1)} ms awaited)`);
  const src = p.gpuSource === 'timestamp-query' ? 'GPU time from timestamp queries' : 'wall time of each kernel re-run alone and awaited (--replay, or no timestamp-query)';
  console.log(`  ${src}: ${p.gpuMs.toFixed(1)} ms in kernels of a ${p.msPerStepRead.toFixed(1)} ms step` +
    (p.gpuSource === 'timestamp-query' ? ` (the rest: encoding, submits, waits; ${(100 * p.gpuMs / p.msPerStepRead).toFixed(0)}% busy)` : ''));
  console.log(`  by category: ${Object.entries(p.categories).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join(', ')}`);
  console.log(`  ${'kernel'.padEnd(36)} ${'gpu ms'.padStart(8)} ${'%'.padStart(5)} ${'js ms'.padStart(7)} ${'calls'.padStart(5)} ${'disp'.padStart(5)}`);
  for (const k of p.kernels.slice(0, top)) {
    console.log(`  ${k.name.padEnd(36)} ${k.gpuMs.toFixed(2).padStart(8)} ${(p.gpuMs > 0 ? 100 * k.gpuMs / p.gpuMs : 0).toFixed(1).padStart(5)} ${k.jsMs.toFixed(1).padStart(7)} ${String(k.calls).padStart(5)} ${String(k.dispatches).padStart(5)}`);
  }
  console.log(`  ${'shader program'.padEnd(36)} ${'gpu ms'.padStart(8)} ${'disp'.padStart(13)}`);
  for (const q of p.programs.slice(0, top)) console.log(`  ${q.name.padEnd(36)} ${q.gpuMs.toFixed(2).padStart(8)} ${String(q.dispatches).padStart(13)}`);
}

function setFlags(spec: string): Record<string, string> {
  const set: Record<string, string> = {};
  for (const kv of spec.split(',').filter((s) => s !== '')) {
    const [k, v] = kv.split('=') as [string, string | undefined];
    if (v === undefined) throw new Error(`--flags: got ${JSON.stringify(kv)}, expected NAME=VALUE`);
    tf.env().set(k, v === 'true' ? true : v === 'false' ? false : Number.isNaN(Number(v)) ? v : Number(v));
    set[k] = v;
  }
  return set;
}

async function main(): Promise<void> {
  const batches = option('batches', '128,512').split(',').map(Number);
  const models = option('models', PROFILE_MODELS.map((m) => m.name).join(',')).split(',');
  const nSteps = Number(option('steps', '5'));
  const top = Number(option('top', '20'));
  const budgetMs = Number(option('budget-s', '480')) * 1000;
  const json = flag('json');
  const t0 = performance.now();
  const info = await initBackend('webgpu');
  const flags = setFlags(option('flags', ''));
  const features = [...((tf.backend() as unknown as { device: { features: Set<string> } }).device.features)];
  if (!json) console.log(`webgpu on ${info.device} (${info.compute}); timestamp-query ${features.includes('timestamp-query') ? 'yes' : 'no'}; flags ${JSON.stringify(flags)}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const profiles: Profile[] = [];
  const skipped: string[] = [];
  for (const b of batches) {
    for (const m of models) {
      if (performance.now() - t0 > budgetMs) { skipped.push(`${m}@${b}`); continue; }
      const p = await profileModel(m, b, nSteps, flag('replay'));
      profiles.push(p);
      if (!json) print(p, top);
    }
  }
  if (skipped.length > 0 && !json) console.log(`\nskipped (past --budget-s): ${skipped.join(', ')}`);

  const vsTorch: { batch: number; webgpu: number; torchCuda: number }[] = [];
  const python = flag('no-torch') ? undefined : findTorchPython();
  if (python !== undefined && torchHasCuda(python)) {
    for (const p of profiles.filter((q) => q.model === 'reference-cnn')) {
      const t = runTorchBench(python, { trainBatch: p.batch, inferBatch: p.batch, runs: nSteps, device: 'cuda' });
      vsTorch.push({ batch: p.batch, webgpu: p.batch / p.msPerStepRead * 1000, torchCuda: t.trainImagesPerSec });
      if (!json) console.log(`\nreference CNN training, batch ${p.batch}: webgpu ${(p.batch / p.msPerStepRead * 1000).toFixed(1)} img/s, ` +
        `PyTorch CUDA ${t.trainImagesPerSec.toFixed(1)} img/s (${t.device}): ${(p.batch / p.msPerStepRead * 1000 / t.trainImagesPerSec).toFixed(3)}x`);
    }
  } else if (!json) {
    console.log(`\nno PyTorch with CUDA here${python === undefined ? ' (no Python with torch)' : ''}: webgpu vs torch-cuda not measured`);
  }
  if (!json) console.log(`total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (json) console.log(JSON.stringify({ kind: 'naschain-webgpu-profile', version: 1, device: info.device, compute: info.compute, features, flags, profiles, vsTorch, skipped }, null, 2));
}

await main();
