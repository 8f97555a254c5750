// The TensorFlow C library backend from @tensorflow/tfjs-node-gpu (CUDA) or
// @tensorflow/tfjs-node (CPU). Neither is a dependency: their install scripts
// download libtensorflow, so they are optional peers the user installs. We
// import them lazily and turn "not installed" or "libtensorflow failed to
// load" into a reason `doctor` can show.
import * as tf from '@tensorflow/tfjs-core';
import { execFileSync } from 'node:child_process';
import { NaschainError } from '../core/errors.js';
import type { BackendInfo, BackendModule } from './types.js';

/** Tried in this order: the GPU build first. */
export const TENSORFLOW_PACKAGES: readonly string[] = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

/** What tfjs-node's NodeJSKernelBackend tells about itself. */
interface NodeKernelBackendLike {
  isGPUPackage?: boolean;
  isUsingGpuDevice?: boolean;
}

/** A tensorflow backend module trying `packages` (specifiers for import()) in order; the specs pass stand-ins. */
export function tensorflowBackendFrom(packages: readonly string[]): BackendModule {
  let loadedFrom: string | undefined;
  return {
    name: 'tensorflow',
    async load(): Promise<BackendInfo> {
      if (loadedFrom === undefined) loadedFrom = await importFirst(packages);
      let ok = false;
      try {
        ok = await tf.setBackend('tensorflow');
      } catch (e) {
        throw new NaschainError('BACKEND', `backend tensorflow: ${loadedFrom} loaded but its backend did not start: ${firstLine(e)}`, { cause: e });
      }
      if (!ok || tf.getBackend() !== 'tensorflow') {
        throw new NaschainError('BACKEND', `backend tensorflow: ${loadedFrom} loaded but tf.setBackend("tensorflow") failed`);
      }
      const backend = tf.backend() as unknown as NodeKernelBackendLike;
      const onGpu = backend.isUsingGpuDevice === true;
      const info: BackendInfo = {
        name: 'tensorflow',
        tfName: 'tensorflow',
        compute: onGpu ? 'gpu' : 'cpu',
        device: onGpu ? `CUDA: ${nvidiaGpuName() ?? 'GPU 0'} (${loadedFrom})` : `CPU (${loadedFrom})`,
      };
      if (backend.isGPUPackage === true && !onGpu) {
        info.note = `${loadedFrom} found no usable CUDA device (NVIDIA driver >= 450, CUDA 11.2 and cuDNN 8.1 libraries on the library path?) and runs on the CPU`;
      }
      return info;
    },
  };
}

export const tensorflowBackend: BackendModule = tensorflowBackendFrom(TENSORFLOW_PACKAGES);

async function importFirst(packages: readonly string[]): Promise<string> {
  const reasons: string[] = [];
  for (const spec of packages) {
    try {
      await import(spec);
      return spec;
    } catch (e) {
      reasons.push(isMissing(e, spec) ? `${spec} is not installed` : `${spec} failed to load: ${firstLine(e)}`);
    }
  }
  throw new NaschainError('BACKEND', `backend tensorflow: ${reasons.join('; ')} (install one: npm install @tensorflow/tfjs-node-gpu for CUDA, or @tensorflow/tfjs-node for CPU)`);
}

/** The package itself is absent (not one of its own imports, which is a broken install). */
function isMissing(e: unknown, spec: string): boolean {
  const code = (e as { code?: unknown }).code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return firstLine(e).includes(`'${spec}'`);
}

/** The first NVIDIA GPU's name from nvidia-smi, for display only. */
function nvidiaGpuName(): string | undefined {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\n')[0]?.trim() || undefined;
  } catch {
    return undefined;
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}
