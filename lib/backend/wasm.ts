// The WebAssembly tfjs backend (XNNPACK, SIMD) plus our kernels
// (lib/backend/wasm-kernels), so that conv nets train on it, and fast.
// Threads: tfjs-backend-wasm 4.22 only loads its threaded binary when
// WASM_HAS_MULTITHREAD_SUPPORT is true, and that flag is hard-wired to false
// under Node (IS_NODE; tensorflow/tfjs#3830), so in Node this is 1 thread.
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import type { BackendInfo, BackendModule } from './types.js';
import { registerWasmGradientKernels } from './wasm-kernels/index.js';

/** Directory holding the tfjs-backend-wasm*.wasm binaries, found from this module, not the cwd. */
export function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

let pathsSet = false;

export const wasmBackend: BackendModule = {
  name: 'wasm',
  async load(): Promise<BackendInfo> {
    if (!pathsSet) {
      // The Node build of tfjs-backend-wasm reads the binary with fs, so a plain
      // path with a trailing separator works; a file URL would not.
      const dir = wasmBinaryDir();
      setWasmPaths(dir.endsWith('/') ? dir : `${dir}/`);
      pathsSet = true;
    }
    registerWasmGradientKernels();
    let ok = false;
    try {
      ok = await tf.setBackend('wasm');
      await tf.ready();
    } catch (e) {
      throw new NaschainError('BACKEND', `backend wasm: failed to load the WebAssembly binary from ${wasmBinaryDir()}: ${(e as Error).message}`, { cause: e });
    }
    if (!ok || tf.getBackend() !== 'wasm') {
      throw new NaschainError('BACKEND', `backend wasm: tf.setBackend("wasm") failed; check ${wasmBinaryDir()} holds tfjs-backend-wasm*.wasm`);
    }
    const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
    const multi = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
    const threads = multi ? threadCount() : 1;
    const info: BackendInfo = { name: 'wasm', tfName: 'wasm', threads, simd };
    if (!multi) info.note = 'threads=1: tfjs-backend-wasm disables its threaded build under Node (WASM_HAS_MULTITHREAD_SUPPORT=false, tensorflow/tfjs#3830)';
    return info;
  },
};

function threadCount(): number {
  return Math.max(1, getThreadsCount());
}
