// The WebAssembly tfjs backend (XNNPACK, SIMD) plus our kernels
// (lib/backend/wasm-kernels), so that conv nets train on it, and fast.
// Threads: tfjs-backend-wasm 4.22 never loads its threaded binary under Node
// (tensorflow/tfjs#3830); wasm-threads/ starts it there with worker threads.
// How many: NASCHAIN_WASM_THREADS (1 = the single-threaded build), else
// wasmThreadsDefault(). XNNPACK splits work by output tiles, never inside a
// sum, so the thread count does not change a single bit of the results
// (spec/backend/wasm-threads: same seed, 1 vs 2 threads, same weights).
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import type { BackendInfo, BackendModule } from './types.js';
import { registerWasmGradientKernels } from './wasm-kernels/index.js';
import { startThreadedWasm } from './wasm-threads/threaded-init.js';
import { wasmThreadsWanted } from './wasm-threads/thread-count.js';

/** Directory holding the tfjs-backend-wasm*.wasm binaries, found from this module, not the cwd. */
export function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

let pathsSet = false;
/** Threads the wasm backend was started with in this process (fixed from then on). */
let startedThreads: number | undefined;

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
    const start = async () => {
      ok = await tf.setBackend('wasm');
      await tf.ready();
    };
    try {
      if (startedThreads === undefined) {
        const wanted = wasmThreadsWanted();
        if (wanted > 1) await startThreadedWasm(wanted, start);
        else await start();
        startedThreads = wanted;
      } else {
        await start();
      }
    } catch (e) {
      if (e instanceof NaschainError) throw e;
      throw new NaschainError('BACKEND', `backend wasm: failed to load the WebAssembly binary from ${wasmBinaryDir()}: ${(e as Error).message}`, { cause: e });
    }
    if (!ok || tf.getBackend() !== 'wasm') {
      throw new NaschainError('BACKEND', `backend wasm: tf.setBackend("wasm") failed; check ${wasmBinaryDir()} holds tfjs-backend-wasm*.wasm`);
    }
    const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
    const threads = Math.max(1, getThreadsCount());
    const info: BackendInfo = { name: 'wasm', tfName: 'wasm', threads, simd };
    if (threads === 1) info.note = 'threads=1: NASCHAIN_WASM_THREADS=N (2 to 8) starts the threaded build with N threads';
    return info;
  },
};
