// Turns the --backend flag into an active tfjs backend. Idempotent: a second
// call with the same request returns the first call's BackendInfo without
// reloading anything.
import * as tf from '@tensorflow/tfjs-core';
import { NaschainError, UsageError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { AUTO_ORDER, backendNames, findBackend } from './registry.js';
import type { BackendInfo, BackendRequest } from './types.js';

const loaded = new Map<string, BackendInfo>();

export function allowedBackendRequests(): string[] {
  return ['auto', ...backendNames()];
}

export async function initBackend(request: BackendRequest, log?: Logger): Promise<BackendInfo> {
  const allowed = allowedBackendRequests();
  if (!allowed.includes(request)) {
    throw new UsageError(`--backend: got ${JSON.stringify(request)}, expected one of ${allowed.join(', ')}`);
  }
  const cached = loaded.get(request);
  if (cached !== undefined && tf.getBackend() === cached.tfName) return cached;

  const info = request === 'auto' ? await loadAuto(log) : await loadNamed(request);
  loaded.set(request, info);
  loaded.set(info.name, info);
  log?.debug(`backend ${info.name} (tfjs ${info.tfName}, threads=${info.threads ?? '?'}, simd=${info.simd ?? '?'})`);
  if (info.note !== undefined) log?.debug(`backend ${info.name}: ${info.note}`);
  return info;
}

async function loadNamed(name: string): Promise<BackendInfo> {
  const mod = findBackend(name);
  if (mod === undefined) throw new UsageError(`--backend: got ${JSON.stringify(name)}, expected one of ${allowedBackendRequests().join(', ')}`);
  return mod.load();
}

async function loadAuto(log?: Logger): Promise<BackendInfo> {
  const reasons: string[] = [];
  for (const name of AUTO_ORDER) {
    try {
      return await loadNamed(name);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      reasons.push(msg);
      log?.debug(`backend auto: ${name} did not load: ${msg}`);
    }
  }
  throw new NaschainError('BACKEND', `backend auto: no backend loaded (${reasons.join('; ')})`);
}
