// How many threads the wasm backend starts with: NASCHAIN_WASM_THREADS when
// set, else the default below. Read once, when the backend first starts.
import { availableParallelism } from 'node:os';
import { invalid } from '../../core/errors.js';
import { MAX_WASM_THREADS } from './threaded-init.js';

export const WASM_THREADS_ENV = 'NASCHAIN_WASM_THREADS';

/** Every core this process may use, up to the 8 pthreads tfjs' build pre-creates. */
export function wasmThreadsDefault(): number {
  return Math.max(1, Math.min(MAX_WASM_THREADS, availableParallelism()));
}

export function wasmThreadsWanted(env: Record<string, string | undefined> = process.env): number {
  const raw = env[WASM_THREADS_ENV];
  if (raw === undefined || raw.trim() === '') return wasmThreadsDefault();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WASM_THREADS) {
    throw invalid(WASM_THREADS_ENV, raw, `an integer from 1 to ${MAX_WASM_THREADS} (1: the single-threaded build)`);
  }
  return n;
}
