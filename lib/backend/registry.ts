// The one list of backends naschain knows. Adding a backend is one module
// (exporting a BackendModule) plus one entry here; `auto` tries them in
// AUTO_ORDER.
import { NaschainError } from '../core/errors.js';
import type { BackendModule, BackendName } from './types.js';
import { cpuBackend } from './cpu.js';
import { wasmBackend } from './wasm.js';

/** A backend whose package is not installed: requesting it fails with what to install. */
function unavailable(name: BackendName, install: string): BackendModule {
  return {
    name,
    load: () => Promise.reject(new NaschainError('BACKEND', `backend ${name} is not available in this build: ${install}`)),
  };
}

export const BACKENDS: readonly BackendModule[] = [
  wasmBackend,
  cpuBackend,
  unavailable('webgpu', 'it is not wired in yet; use --backend wasm or cpu (webgpu support needs the `webgpu` package and a GPU adapter)'),
  unavailable('tensorflow', 'install @tensorflow/tfjs-node (or @tensorflow/tfjs-node-gpu) to use it; use --backend wasm or cpu meanwhile'),
];

/** The order `auto` tries backends in: the first that loads wins. */
export const AUTO_ORDER: readonly BackendName[] = ['wasm', 'cpu'];

export function backendNames(): BackendName[] {
  return BACKENDS.map((b) => b.name);
}

export function findBackend(name: string): BackendModule | undefined {
  return BACKENDS.find((b) => b.name === name);
}
