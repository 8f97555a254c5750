// Per-kernel wall time on a synchronous backend (wasm, cpu): every kernel
// registered for the backend is re-registered wrapped in a timer for as long
// as the timer is installed. Composite kernels (ours in wasm-kernels/) call
// other kernels through the registry, so those inner calls are timed too and
// reported under "outer > inner"; each row's self time excludes its inner
// rows, so the self times add up to the step's kernel time. Both wall time
// and process CPU time are kept: on a shared machine wall time includes the
// waits for a core, CPU time does not (but with worker threads it adds theirs).
import * as tf from '@tensorflow/tfjs-core';

export interface KernelRow {
  /** Kernel name, or "outer > inner" for a kernel called from inside another. */
  name: string;
  calls: number;
  /** Wall milliseconds without inner rows. */
  selfMs: number;
  /** Wall milliseconds with inner rows. */
  totalMs: number;
  /** Process CPU milliseconds without inner rows. */
  selfCpuMs: number;
}

interface Frame { name: string; start: number; cpu: NodeJS.CpuUsage; childMs: number; childCpuMs: number }

const cpuMs = (since: NodeJS.CpuUsage) => { const d = process.cpuUsage(since); return (d.user + d.system) / 1000; };

export class KernelTimer {
  private readonly rows = new Map<string, KernelRow>();
  private readonly stack: Frame[] = [];
  private originals: tf.KernelConfig[] = [];

  constructor(readonly backendName: string) {}

  install(): void {
    if (this.originals.length > 0) return;
    this.originals = tf.getKernelsForBackend(this.backendName);
    for (const config of this.originals) {
      tf.unregisterKernel(config.kernelName, this.backendName);
      tf.registerKernel({ ...config, kernelFunc: this.wrap(config) });
    }
  }

  uninstall(): void {
    for (const config of this.originals) {
      tf.unregisterKernel(config.kernelName, this.backendName);
      tf.registerKernel(config);
    }
    this.originals = [];
  }

  reset(): void {
    this.rows.clear();
  }

  /** The outermost kernel running now (for counters that attribute work to kernels). */
  currentKernel(): string | undefined {
    return this.stack[0]?.name;
  }

  /** Rows by self time, largest first. */
  table(): KernelRow[] {
    return [...this.rows.values()].sort((a, b) => b.selfMs - a.selfMs);
  }

  private wrap(config: tf.KernelConfig): tf.KernelFunc {
    const inner = config.kernelFunc;
    return (args) => {
      const parent = this.stack[this.stack.length - 1];
      const name = parent === undefined ? config.kernelName : `${parent.name.split(' > ')[0]} > ${config.kernelName}`;
      const frame: Frame = { name, start: performance.now(), cpu: process.cpuUsage(), childMs: 0, childCpuMs: 0 };
      this.stack.push(frame);
      try {
        return inner(args);
      } finally {
        this.stack.pop();
        const total = performance.now() - frame.start;
        const totalCpu = cpuMs(frame.cpu);
        if (parent !== undefined) { parent.childMs += total; parent.childCpuMs += totalCpu; }
        const row = this.rows.get(name) ?? { name, calls: 0, selfMs: 0, totalMs: 0, selfCpuMs: 0 };
        row.calls += 1;
        row.selfMs += total - frame.childMs;
        row.selfCpuMs += totalCpu - frame.childCpuMs;
        row.totalMs += total;
        this.rows.set(name, row);
      }
    };
  }
}
