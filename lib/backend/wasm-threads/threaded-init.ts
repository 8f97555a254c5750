// Starts tfjs-backend-wasm's threaded SIMD build under Node. tfjs 4.22 never
// picks it there (WASM_HAS_MULTITHREAD_SUPPORT is false under IS_NODE,
// tensorflow/tfjs#3830) because Emscripten's pthread workers are created
// from a blob: URL, which Node's worker_threads refuse. Here the flag is set,
// and for the duration of the backend's start-up each blob: URL made for the
// worker script is answered with the path of our own worker file
// (pthread-worker.ts), which speaks the same messages. After start-up the
// worker threads are unref'd so that they never keep the process alive.
// tfjs also caps the pool at half of os.cpus() (it assumes two hardware
// threads per core); during start-up os.cpus() reports 2 x `threads` entries
// so the count asked for is the count used.
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

/** Emscripten allocates this many pthread workers up front; more would be created while the main thread blocks, and deadlock. */
export const MAX_WASM_THREADS = 8;

const WORKER_PATH = fileURLToPath(new URL('./pthread-worker.js', import.meta.url));

interface PThreadPool { unusedWorkers: Worker[]; runningWorkers: Worker[] }

/**
 * Runs `start` (which must call tf.setBackend('wasm') and await tf.ready())
 * with the threaded build enabled for `threads` threads (2..8). Must come
 * before the wasm backend first starts in this process.
 */
export async function startThreadedWasm(threads: number, start: () => Promise<void>): Promise<void> {
  if (!Number.isInteger(threads) || threads < 2 || threads > MAX_WASM_THREADS) {
    throw new RangeError(`wasm threads: got ${threads}, expected an integer from 2 to ${MAX_WASM_THREADS}`);
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  const original = URL.createObjectURL;
  // tfjs makes the worker script's URL from a Blob of type application/javascript
  // (the module factory it posts to the workers is a text/javascript Blob, never a URL).
  URL.createObjectURL = (obj: Blob | MediaSource) =>
    obj instanceof Blob && obj.type === 'application/javascript' ? WORKER_PATH : original.call(URL, obj as Blob);
  const cpus = os.cpus;
  os.cpus = () => { const c = cpus.call(os); return Array.from({ length: 2 * threads }, (_, i) => c[i % c.length]!); };
  try {
    await start();
  } finally {
    URL.createObjectURL = original;
    os.cpus = cpus;
  }
  const pool = pthreadPool();
  for (const w of [...pool.unusedWorkers, ...pool.runningWorkers]) w.unref();
}

/** The Emscripten PThread pool of the active wasm backend. */
function pthreadPool(): PThreadPool {
  const wasm = (tf.backend() as unknown as { wasm?: { PThread?: PThreadPool } }).wasm;
  const pool = wasm?.PThread;
  if (pool === undefined) throw new Error('wasm threads: the active backend has no pthread pool (the single-threaded build started)');
  return pool;
}
