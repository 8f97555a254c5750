// Composite kernels call the backend's own registered kernels directly (the
// pattern tfjs backends use internally), skipping the engine: no tape, no
// tensor bookkeeping. A KernelScope records every intermediate it made so the
// caller frees them all in one place, keeping only the result.
import * as tf from '@tensorflow/tfjs-core';

export class KernelScope {
  private readonly temps: tf.TensorInfo[] = [];

  constructor(
    readonly backend: tf.KernelBackend,
    readonly backendName: string,
  ) {}

  /** Runs kernel `name` of this backend; the output is freed by dispose() unless kept. */
  run(name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    const kernel = tf.getKernel(name, this.backendName);
    if (kernel === undefined) throw new Error(`kernel ${name} is not registered for backend ${this.backendName}`);
    const out = kernel.kernelFunc({ inputs, backend: this.backend, attrs });
    if (Array.isArray(out) || out instanceof Promise) throw new Error(`kernel ${name}: expected one synchronous output`);
    this.temps.push(out);
    return out;
  }

  /** Adopts a tensor made outside run() (e.g. backend.makeTensorInfo) so dispose() frees it. */
  keepForScope(t: tf.TensorInfo): tf.TensorInfo {
    this.temps.push(t);
    return t;
  }

  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /** Pads a 4-D NHWC tensor in H and W (with `value`); returns x itself when nothing to pad. */
  pad4(x: tf.TensorInfo, top: number, bottom: number, left: number, right: number, value = 0): tf.TensorInfo {
    if (top === 0 && bottom === 0 && left === 0 && right === 0) return x;
    const paddings = [[0, 0], [top, bottom], [left, right], [0, 0]];
    return this.run('PadV2', { x }, { paddings, constantValue: value });
  }

  /** Strided window x[:, h0 : h0+(n-1)*sh+1 : sh, w0 : ... : sw, :] of a 4-D tensor. */
  window4(x: tf.TensorInfo, h0: number, nh: number, sh: number, w0: number, nw: number, sw: number): tf.TensorInfo {
    const [n, , , c] = x.shape as [number, number, number, number];
    return this.run('StridedSlice', { x }, {
      begin: [0, h0, w0, 0],
      end: [n, h0 + (nh - 1) * sh + 1, w0 + (nw - 1) * sw + 1, c],
      strides: [1, sh, sw, 1],
      beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
    });
  }

  /**
   * Shifts a 4-D NHWC tensor by (dh, dw) into an [n, h, w, c] frame: out[r][q] =
   * t[r - dh][q - dw], `fill` outside t; crops where t overhangs the frame.
   * Returns t itself when it already fills the frame exactly.
   */
  placeAt(t: tf.TensorInfo, dh: number, dw: number, h: number, w: number, fill = 0): tf.TensorInfo {
    const [n, th, tw, c] = t.shape as [number, number, number, number];
    const cropTop = Math.max(0, -dh);
    const cropLeft = Math.max(0, -dw);
    const cropBottom = Math.max(0, dh + th - h);
    const cropRight = Math.max(0, dw + tw - w);
    let x = t;
    if (cropTop + cropLeft + cropBottom + cropRight > 0) {
      x = this.run('StridedSlice', { x: t }, {
        begin: [0, cropTop, cropLeft, 0], end: [n, th - cropBottom, tw - cropRight, c], strides: [1, 1, 1, 1],
        beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
      });
    }
    const top = Math.max(0, dh);
    const left = Math.max(0, dw);
    return this.pad4(x, top, h - top - (x.shape[1] as number), left, w - left - (x.shape[2] as number), fill);
  }

  /** Removes `out` from the intermediates so dispose() leaves it alive; returns it. */
  keep(out: tf.TensorInfo): tf.TensorInfo {
    const i = this.temps.indexOf(out);
    // Returning an input as a kernel's output would hand the engine a dataId it already owns.
    if (i < 0) throw new Error('KernelScope.keep: the result must be a tensor this scope made, not an input');
    this.temps.splice(i, 1);
    return out;
  }

  dispose(): void {
    for (const t of this.temps) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
  }
}

/** Runs `body` with a fresh scope and frees every intermediate except the returned result. */
export function withScope(backend: tf.KernelBackend, backendName: string, body: (s: KernelScope) => tf.TensorInfo): tf.TensorInfo {
  const scope = new KernelScope(backend, backendName);
  try {
    return scope.keep(body(scope));
  } finally {
    scope.dispose();
  }
}
