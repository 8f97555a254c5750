// The one list of backends naschain knows. Adding a backend is one module
// (exporting a BackendModule) plus one entry here; how `auto` orders them is
// in auto.ts. Loading any of them also registers naschain's gradients
// (gradients/), so every path that starts a backend trains the same way.
import type { BackendModule, BackendName } from './types.js';
import { cpuBackend } from './cpu.js';
import { registerGradients } from './gradients/index.js';
import { tensorflowBackend } from './tensorflow.js';
import { wasmBackend } from './wasm.js';
import { webgpuBackend } from './webgpu.js';

function withGradients(mod: BackendModule): BackendModule {
  return {
    ...mod,
    load: async () => {
      const info = await mod.load();
      registerGradients();
      return info;
    },
  };
}

export const BACKENDS: readonly BackendModule[] = [
  wasmBackend,
  cpuBackend,
  webgpuBackend,
  tensorflowBackend,
].map(withGradients);

export function backendNames(): BackendName[] {
  return BACKENDS.map((b) => b.name);
}

export function findBackend(name: string): BackendModule | undefined {
  return BACKENDS.find((b) => b.name === name);
}
