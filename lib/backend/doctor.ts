// `naschain doctor`'s library half: loads every registered backend in turn,
// says why each one that does not load does not, measures the speed probe on
// each that does, and records the CPU ranking for `auto` (so running doctor
// refreshes auto's cached choice).
import * as tf from '@tensorflow/tfjs-core';
import type { Logger } from '../core/log.js';
import { CPU_CANDIDATES, GPU_ORDER, fastest, ranking } from './auto.js';
import { choiceCachePath, machineKey, writeChoice, type MachineKey } from './choice-cache.js';
import { BACKENDS } from './registry.js';
import { measureTrainingSpeed, type SpeedOptions } from './speed-probe.js';
import type { BackendInfo, BackendModule, BackendName } from './types.js';

export interface DoctorOptions {
  /** Time the speed probe on each backend that loads (default true). */
  measure?: boolean;
  /** Also time webgpu on a software adapter (lavapipe): its first step compiles every shader on the CPU, ~30 s. */
  measureSoftware?: boolean;
  log?: Logger;
  /** Default: choiceCachePath(). */
  cacheFile?: string;
  /** Default: every registered backend. */
  modules?: readonly BackendModule[];
  speed?: SpeedOptions;
}

export interface BackendReport {
  name: BackendName;
  loads: boolean;
  /** Why it does not load (one line). */
  reason?: string;
  info?: BackendInfo;
  /** Speed-probe training images/s. */
  trainImagesPerSec?: number;
  msPerStep?: number;
  /** Why it was not measured, or how (e.g. "one step: the warm-up exceeded the budget"). */
  measureNote?: string;
}

export interface DoctorReport {
  kind: 'naschain-doctor';
  version: 1;
  machine: MachineKey;
  probe: string;
  backends: BackendReport[];
  auto: { choice: BackendName | null; reason: string; cacheFile: string; cacheUpdated: boolean };
}

export const PROBE_DESCRIPTION = 'speed probe: conv3x3 16-pool-32 with BN+ReLU, global average pool, dense 10; 28x28x1 random images; SGD training steps';

export async function runDoctor(opts: DoctorOptions = {}): Promise<DoctorReport> {
  const modules = opts.modules ?? BACKENDS;
  const measure = opts.measure ?? true;
  const speed: SpeedOptions = { ...opts.speed };
  const backends: BackendReport[] = [];
  for (const mod of modules) {
    const report: BackendReport = { name: mod.name, loads: false };
    backends.push(report);
    opts.log?.debug(`doctor: loading ${mod.name}`);
    try {
      report.info = await mod.load();
      report.loads = true;
    } catch (e) {
      report.reason = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      continue;
    }
    if (!measure) {
      report.measureNote = 'not measured (--no-measure)';
    } else if (report.info.compute === 'software-gpu' && !opts.measureSoftware) {
      report.measureNote = 'not measured: software adapter, its first step compiles every shader on the CPU (~30 s); add --measure-software';
    } else {
      const before = tf.memory().numTensors;
      const r = await measureTrainingSpeed(speed);
      if (tf.memory().numTensors !== before) opts.log?.warn(`doctor: the speed probe leaked ${tf.memory().numTensors - before} tensors on ${mod.name}`);
      report.trainImagesPerSec = r.imagesPerSec;
      report.msPerStep = r.msPerStep;
      report.measureNote = r.timedSteps === 0
        ? `batch ${r.batch}, one step (it alone exceeded the time budget)`
        : `batch ${r.batch}, median of ${r.timedSteps} steps after a warm-up`;
    }
  }
  const cacheFile = opts.cacheFile ?? choiceCachePath();
  return { kind: 'naschain-doctor', version: 1, machine: machineKey(), probe: PROBE_DESCRIPTION, backends, auto: decideAndRecord(backends, cacheFile, opts.log) };
}

/** What auto would pick from this report; records the measured CPU ranking in auto's cache. */
function decideAndRecord(backends: BackendReport[], cacheFile: string, log?: Logger): DoctorReport['auto'] {
  const find = (n: BackendName) => backends.find((b) => b.name === n && b.loads);
  for (const n of GPU_ORDER) {
    const b = find(n);
    if (b?.info?.compute === 'gpu') return { choice: n, reason: `${n} runs on a GPU (${b.info.device ?? '?'})`, cacheFile, cacheUpdated: false };
  }
  const cpu = CPU_CANDIDATES.filter((n) => (find(n)?.info?.compute ?? 'cpu') === 'cpu' && find(n) !== undefined);
  const measured: Partial<Record<BackendName, number>> = {};
  for (const n of cpu) {
    const v = find(n)?.trainImagesPerSec;
    if (v !== undefined) measured[n] = v;
  }
  if (cpu.length > 0) {
    if (Object.keys(measured).length < cpu.length) return { choice: null, reason: `not measured; auto measures ${cpu.join(', ')} on first use`, cacheFile, cacheUpdated: false };
    const choice = fastest(measured, cpu);
    let cacheUpdated = false;
    if (cpu.length > 1) {
      try {
        // Every GPU path was loaded above and none runs on a GPU: auto may skip the adapter probe (and Dawn's warnings) until doctor runs again.
        writeChoice(cacheFile, machineKey(), { choice, imagesPerSec: measured, measuredAt: new Date().toISOString(), noGpu: true });
        cacheUpdated = true;
      } catch (e) {
        log?.warn(`doctor: could not update ${cacheFile}: ${(e as Error).message}`);
      }
    }
    return { choice, reason: cpu.length > 1 ? `fastest CPU backend (${ranking(measured)})` : `${choice} is the only CPU backend that loads`, cacheFile, cacheUpdated };
  }
  const soft = backends.find((b) => b.loads && b.info?.compute === 'software-gpu');
  if (soft !== undefined) return { choice: soft.name, reason: `only a software GPU adapter loads (${soft.info?.device ?? '?'})`, cacheFile, cacheUpdated: false };
  return { choice: null, reason: 'no backend loads', cacheFile, cacheUpdated: false };
}
