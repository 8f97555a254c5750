// `--backend auto`: a GPU first (tensorflow on CUDA, then webgpu on a hardware
// adapter), else the fastest CPU path by measurement (wasm, cpu, tensorflow on
// the CPU), cached per machine; a software GPU adapter only when nothing else
// loads. The measurement is the speed probe, so the ranking is not a guess.
import * as tf from '@tensorflow/tfjs-core';
import { NaschainError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { choiceCachePath, machineKey, readChoice, writeChoice, type BackendChoice } from './choice-cache.js';
import { BACKENDS } from './registry.js';
import { measureTrainingSpeed, type SpeedOptions } from './speed-probe.js';
import type { BackendInfo, BackendModule, BackendName } from './types.js';

/** Tried first, in this order; the first on a hardware GPU wins. */
export const GPU_ORDER: readonly BackendName[] = ['tensorflow', 'webgpu'];
/** Measured against each other when no GPU backend loads; ties go to the earlier. */
export const CPU_CANDIDATES: readonly BackendName[] = ['wasm', 'cpu', 'tensorflow'];

export interface AutoOptions {
  log?: Logger;
  /** Default: choiceCachePath() (~/.cache/naschain/backend-choice.json). */
  cacheFile?: string;
  /** Measure again even when the cache has this machine's choice. */
  refresh?: boolean;
  /** Default: every registered backend. */
  modules?: readonly BackendModule[];
  /** Speed probe settings (default: batch 16, about 1.5 s per backend after a warm-up step). */
  speed?: SpeedOptions;
}

export interface AutoResult {
  info: BackendInfo;
  /** One line: why this backend. */
  reason: string;
  /** Speed-probe images/s per CPU backend, when measured or cached. */
  imagesPerSec?: Partial<Record<BackendName, number>>;
  fromCache: boolean;
  /** Why each backend that did not load did not. */
  failures: Partial<Record<BackendName, string>>;
}

export async function chooseAuto(opts: AutoOptions = {}): Promise<AutoResult> {
  const modules = opts.modules ?? BACKENDS;
  const byName = new Map(modules.map((m) => [m.name, m]));
  const failures: Partial<Record<BackendName, string>> = {};
  const infos = new Map<BackendName, BackendInfo>();
  const tryLoad = async (name: BackendName): Promise<BackendInfo | undefined> => {
    if (infos.has(name)) return byName.get(name)!.load();
    const mod = byName.get(name);
    if (mod === undefined || failures[name] !== undefined) return undefined;
    try {
      const info = await mod.load();
      infos.set(name, info);
      return info;
    } catch (e) {
      failures[name] = e instanceof Error ? e.message : String(e);
      opts.log?.debug(`backend auto: ${name} did not load: ${failures[name]}`);
      return undefined;
    }
  };

  const cacheFile = opts.cacheFile ?? choiceCachePath();
  const key = machineKey();
  const cached = opts.refresh ? undefined : readChoice(cacheFile, key);
  // A machine measured without a GPU keeps its CPU choice until `doctor` (or
  // refresh) measures again: probing the adapter on every run costs a second
  // and Dawn's warnings on stderr.
  if (cached?.noGpu === true) {
    const info = await tryLoad(cached.choice);
    if (info !== undefined) return { info, reason: `fastest CPU backend measured on this machine, which had no GPU (${ranking(cached.imagesPerSec)}; ${cacheFile}; naschain doctor measures again)`, imagesPerSec: cached.imagesPerSec, fromCache: true, failures };
  }

  // Backends that can peek are loaded only when they would run on a GPU; the
  // others (software adapters) stay as a last resort, unloaded.
  const lastResort: BackendName[] = [];
  for (const name of GPU_ORDER) {
    const peek = byName.get(name)?.peek;
    if (peek !== undefined) {
      try {
        const seen = await peek();
        if (seen.compute !== 'gpu') { lastResort.push(name); continue; }
      } catch (e) {
        failures[name] = e instanceof Error ? e.message : String(e);
        continue;
      }
    }
    const info = await tryLoad(name);
    if (info?.compute === 'gpu') return { info, reason: `${name} runs on a GPU (${info.device ?? 'unknown device'})`, fromCache: false, failures };
  }

  const cpuNames: BackendName[] = [];
  for (const name of CPU_CANDIDATES) {
    const info = infos.get(name) ?? (await tryLoad(name));
    if (info !== undefined && (info.compute ?? 'cpu') === 'cpu') cpuNames.push(name);
  }
  if (cpuNames.length === 0) {
    for (const name of lastResort) await tryLoad(name);
    const soft = [...infos.values()].find((i) => i.compute === 'software-gpu');
    if (soft !== undefined) {
      const info = tf.getBackend() === soft.tfName ? soft : await byName.get(soft.name)!.load();
      return { info, reason: `no CPU backend loaded; ${soft.name} on a software adapter (${soft.device ?? '?'}) is all there is`, fromCache: false, failures };
    }
    const why = Object.entries(failures).map(([n, m]) => `${n}: ${m}`).join('; ');
    throw new NaschainError('BACKEND', `backend auto: no backend loaded (${why})`);
  }
  if (cpuNames.length === 1) {
    const only = cpuNames[0]!;
    return { info: await byName.get(only)!.load(), reason: `${only} is the only CPU backend that loads`, fromCache: false, failures };
  }

  if (cached !== undefined && cpuNames.includes(cached.choice)) {
    // Every GPU path was just tried and none runs on a GPU: note it, so later runs skip the adapter probe.
    try {
      writeChoice(cacheFile, key, { ...cached, noGpu: true });
    } catch (e) {
      opts.log?.debug(`backend auto: could not update ${cacheFile}: ${(e as Error).message}`);
    }
    return { info: await byName.get(cached.choice)!.load(), reason: `fastest CPU backend measured on this machine (${ranking(cached.imagesPerSec)}; ${cacheFile})`, imagesPerSec: cached.imagesPerSec, fromCache: true, failures };
  }

  opts.log?.info(`backend auto: measuring ${cpuNames.join(', ')} once on this machine (cached in ${cacheFile})`);
  const imagesPerSec: Partial<Record<BackendName, number>> = {};
  for (const name of cpuNames) {
    await byName.get(name)!.load();
    imagesPerSec[name] = (await measureTrainingSpeed(opts.speed)).imagesPerSec;
    opts.log?.debug(`backend auto: ${name} trains the speed probe at ${imagesPerSec[name]!.toFixed(0)} img/s`);
  }
  const choice = fastest(imagesPerSec, cpuNames);
  // Reaching here means every GPU path was tried and none runs on a GPU.
  const record: BackendChoice = { choice, imagesPerSec, measuredAt: new Date().toISOString(), noGpu: true };
  try {
    writeChoice(cacheFile, key, record);
  } catch (e) {
    opts.log?.warn(`backend auto: could not cache the choice in ${cacheFile}: ${(e as Error).message}`);
  }
  return { info: await byName.get(choice)!.load(), reason: `fastest CPU backend measured now (${ranking(imagesPerSec)})`, imagesPerSec, fromCache: false, failures };
}

/** The fastest of `names` by measured images/s; the earlier name on a tie. */
export function fastest(imagesPerSec: Partial<Record<BackendName, number>>, names: readonly BackendName[]): BackendName {
  let best = names[0]!;
  for (const n of names) if ((imagesPerSec[n] ?? 0) > (imagesPerSec[best] ?? 0)) best = n;
  return best;
}

/** "wasm 412 img/s > cpu 38 img/s" */
export function ranking(imagesPerSec: Partial<Record<BackendName, number>>): string {
  return Object.entries(imagesPerSec)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([n, v]) => `${n} ${(v ?? 0).toFixed(0)} img/s`)
    .join(' > ');
}
