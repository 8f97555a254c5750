// The WebGPU tfjs backend on Dawn's Node bindings: a GPU path that needs only a
// Vulkan driver (any modern NVIDIA/AMD driver, or Mesa's lavapipe in software),
// no CUDA. Only async tensor reads work (dataSync needs OffscreenCanvas), so
// callers read with `await t.data()`.
import * as tf from '@tensorflow/tfjs-core';
import { NaschainError } from '../core/errors.js';
import type { BackendInfo, BackendModule } from './types.js';
import { probeWebgpuAdapter } from './webgpu-adapter.js';
import { registerChunkedAddN } from './webgpu-kernels/add-n.js';

let imported = false;

export const webgpuBackend: BackendModule = {
  name: 'webgpu',
  async peek() {
    const adapter = await probeWebgpuAdapter();
    return { compute: adapter.software ? 'software-gpu' : 'gpu', device: adapter.description };
  },
  async load(): Promise<BackendInfo> {
    const adapter = await probeWebgpuAdapter();
    if (!imported) {
      // Imported only now: the package registers its backend at import time,
      // and only when navigator.gpu already exists.
      await import('@tensorflow/tfjs-backend-webgpu');
      registerChunkedAddN();
      imported = true;
    }
    let ok = false;
    try {
      ok = await tf.setBackend('webgpu');
    } catch (e) {
      throw new NaschainError('BACKEND', `backend webgpu: creating a device on ${adapter.description} failed: ${(e as Error).message.split('\n')[0]}`, { cause: e });
    }
    if (!ok || tf.getBackend() !== 'webgpu') {
      throw new NaschainError('BACKEND', `backend webgpu: tf.setBackend("webgpu") failed on adapter ${adapter.description}`);
    }
    watchDeviceErrors();
    const info: BackendInfo = {
      name: 'webgpu',
      tfName: 'webgpu',
      device: adapter.description,
      compute: adapter.software ? 'software-gpu' : 'gpu',
      syncReads: false,
    };
    if (adapter.software) info.note = `software adapter (${adapter.description}): correct but slow; a hardware GPU with a Vulkan driver is much faster`;
    return info;
  },
};

interface DeviceLike {
  addEventListener(type: 'uncapturederror', listener: (ev: { error?: { message?: string } }) => void): void;
}
const watched = new WeakSet<object>();

/**
 * A WebGPU validation error means a kernel produced garbage without throwing.
 * Dawn prints it on stdout itself; we also say on stderr which backend it came
 * from, so a wrong result is never silent (a --json reader sees stdout broken).
 */
function watchDeviceErrors(): void {
  const device = (tf.backend() as unknown as { device?: DeviceLike & object }).device;
  if (device === undefined || watched.has(device)) return;
  watched.add(device);
  device.addEventListener('uncapturederror', (ev) => {
    process.stderr.write(`warning: backend webgpu: GPU validation error, results of this run are wrong: ${(ev.error?.message ?? '?').split('\n')[0]}\n`);
  });
}
