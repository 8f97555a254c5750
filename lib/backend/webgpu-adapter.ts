// Finds the WebGPU adapter Dawn's Node bindings (the `webgpu` package) offer on
// this machine, and installs navigator.gpu plus the WebGPU globals that
// @tensorflow/tfjs-backend-webgpu expects from a browser. Kept apart from the
// backend so `auto` and `doctor` can ask "is there a hardware GPU?" without
// registering a tfjs backend.
import { NaschainError } from '../core/errors.js';

export interface WebgpuAdapter {
  /** Human description, e.g. "NVIDIA GeForce RTX 4090" or "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)". */
  description: string;
  vendor: string;
  architecture: string;
  /** A CPU rasteriser posing as a GPU (lavapipe/llvmpipe, SwiftShader). */
  software: boolean;
}

/** Enough of the WebGPU types for the probe; @webgpu/types is not in our tsconfig's lib. */
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<AdapterLike | null>;
}
interface AdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

const MESA_HINT = 'Dawn needs a Vulkan driver it accepts: an NVIDIA or AMD driver with Vulkan, or Mesa >= 23 for the software adapter ' +
  '(Debian 12: add bookworm-backports and `apt-get install -t bookworm-backports mesa-vulkan-drivers libvulkan1`)';

let gpu: GpuLike | undefined;
let probed: Promise<WebgpuAdapter> | undefined;

/** Loads Dawn and sets globalThis.navigator.gpu (once per process); throws a BACKEND error saying why not. */
export async function installNavigatorGpu(): Promise<GpuLike> {
  if (gpu !== undefined) return gpu;
  let mod: { create(options: string[]): unknown; globals: object };
  try {
    mod = await import('webgpu') as unknown as typeof mod;
  } catch (e) {
    throw new NaschainError('BACKEND', `backend webgpu: the \`webgpu\` package (Dawn for Node) did not load: ${firstLine(e)}`, { cause: e });
  }
  // Constants such as GPUBufferUsage must be globals before tfjs-backend-webgpu is imported.
  Object.assign(globalThis, mod.globals);
  const created = mod.create([]) as GpuLike;
  const g = globalThis as { navigator?: object };
  if (g.navigator === undefined) g.navigator = { gpu: created };
  else Object.defineProperty(g.navigator, 'gpu', { value: created, configurable: true });
  gpu = created;
  return created;
}

/** The adapter tfjs-backend-webgpu will get (it asks for 'high-performance'); cached per process. */
export function probeWebgpuAdapter(): Promise<WebgpuAdapter> {
  if (probed !== undefined) return probed;
  const p = (async () => {
    const g = await installNavigatorGpu();
    let adapter: AdapterLike | null;
    try {
      adapter = await g.requestAdapter({ powerPreference: 'high-performance' });
    } catch (e) {
      throw new NaschainError('BACKEND', `backend webgpu: requestAdapter failed: ${firstLine(e)}; ${MESA_HINT}`, { cause: e });
    }
    if (adapter === null) throw new NaschainError('BACKEND', `backend webgpu: no WebGPU adapter found; ${MESA_HINT}`);
    return describeAdapter(adapter);
  })();
  probed = p;
  // A failed probe is not cached: a driver may appear later, and the error is cheap to recompute.
  p.catch(() => { if (probed === p) probed = undefined; });
  return p;
}

export function describeAdapter(adapter: AdapterLike): WebgpuAdapter {
  const info = adapter.info ?? {};
  const vendor = info.vendor ?? '';
  const architecture = info.architecture ?? '';
  const description = info.description || [vendor, architecture, info.device].filter((s) => s).join(' ') || 'unknown adapter';
  const software = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter)
    || architecture === 'software'
    || /llvmpipe|lavapipe|swiftshader|softpipe/i.test(`${description} ${info.device ?? ''}`);
  return { description, vendor, architecture, software };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}
