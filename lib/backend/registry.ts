// The one list of backends naschain knows. Adding a backend is one module
// (exporting a BackendModule) plus one entry here; how `auto` orders them is
// in auto.ts.
import type { BackendModule, BackendName } from './types.js';
import { cpuBackend } from './cpu.js';
import { tensorflowBackend } from './tensorflow.js';
import { wasmBackend } from './wasm.js';
import { webgpuBackend } from './webgpu.js';

export const BACKENDS: readonly BackendModule[] = [
  wasmBackend,
  cpuBackend,
  webgpuBackend,
  tensorflowBackend,
];

export function backendNames(): BackendName[] {
  return BACKENDS.map((b) => b.name);
}

export function findBackend(name: string): BackendModule | undefined {
  return BACKENDS.find((b) => b.name === name);
}
