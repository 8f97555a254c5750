// Counts what one webgpu step asks of the GPU, by patching the active
// tfjs-backend-webgpu instance for as long as the counters are installed:
// compute dispatches (per shader program and per tfjs kernel), queue
// submits, uploads from the CPU (count and bytes) and readbacks (count and
// the wall time spent awaiting them, which is also a wait for the queue).
import * as tf from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-webgpu's WebGPUBackend patched here (4.22). */
interface WebgpuBackendLike {
  runWebGPUProgram(program: { constructor: { name: string } }, ...rest: unknown[]): unknown;
  submitQueue(): void;
  uploadToGPU(dataId: object): void;
  getBufferData(buffer: unknown): Promise<unknown>;
  tensorMap: { get(dataId: object): { values?: ArrayLike<number> | null; resource?: unknown; shape: number[]; dtype: string } | undefined };
}

export interface GpuCounts {
  dispatches: number;
  submits: number;
  uploads: number;
  uploadBytes: number;
  readbacks: number;
  readbackWaitMs: number;
  /** Dispatches per shader program class. */
  byProgram: Map<string, number>;
  /** Dispatches per tfjs kernel (the outermost one running). */
  byKernel: Map<string, number>;
}

export function emptyCounts(): GpuCounts {
  return { dispatches: 0, submits: 0, uploads: 0, uploadBytes: 0, readbacks: 0, readbackWaitMs: 0, byProgram: new Map(), byKernel: new Map() };
}

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

export class GpuCounters {
  counts: GpuCounts = emptyCounts();
  private restore: (() => void) | undefined;

  /** `currentKernel` names the tfjs kernel a dispatch belongs to (from a KernelTimer). */
  constructor(private readonly currentKernel: () => string | undefined = () => undefined) {}

  install(): void {
    if (this.restore !== undefined) return;
    const b = tf.backend() as unknown as WebgpuBackendLike;
    const patched = ['runWebGPUProgram', 'submitQueue', 'uploadToGPU', 'getBufferData'] as const;
    if (typeof b.runWebGPUProgram !== 'function') throw new Error('GpuCounters: the active backend is not tfjs-backend-webgpu');
    if (patched.some((k) => Object.prototype.hasOwnProperty.call(b, k))) throw new Error('GpuCounters: the backend is patched already');
    const orig = { run: b.runWebGPUProgram, submit: b.submitQueue, upload: b.uploadToGPU, read: b.getBufferData };
    b.runWebGPUProgram = (program, ...rest) => {
      this.counts.dispatches++;
      bump(this.counts.byProgram, program.constructor.name);
      bump(this.counts.byKernel, this.currentKernel() ?? '(outside a kernel)');
      return orig.run.call(b, program, ...rest);
    };
    b.submitQueue = () => { this.counts.submits++; orig.submit.call(b); };
    b.uploadToGPU = (dataId) => {
      const d = b.tensorMap.get(dataId);
      if (d !== undefined && d.resource == null && d.values != null) {
        this.counts.uploads++;
        this.counts.uploadBytes += 4 * d.shape.reduce((p, n) => p * n, 1);
      }
      orig.upload.call(b, dataId);
    };
    b.getBufferData = async (buffer) => {
      this.counts.readbacks++;
      const t0 = performance.now();
      try { return await orig.read.call(b, buffer); } finally { this.counts.readbackWaitMs += performance.now() - t0; }
    };
    // The originals are prototype methods: deleting the instance's own patches brings them back.
    this.restore = () => { for (const k of patched) delete (b as unknown as Record<string, unknown>)[k]; };
  }

  uninstall(): void {
    this.restore?.();
    this.restore = undefined;
  }
}
