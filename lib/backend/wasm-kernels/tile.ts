// Tile on wasm, replacing tfjs-backend-wasm's per-element index loop (0.8 s a
// training step of the reference CNN, all from tfjs-core's batch-norm gradient
// tiling a [1,1,1,C] tensor to [N,H,W,C]). When the tiling only repeats the
// whole tensor (every repeated axis is a leading axis of size 1), the output is
// the input's bytes repeated, written with doubling bulk copies on the wasm
// heap; other tilings go to the kernel this one replaced.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** True when tile(x, reps) is x's flat data repeated prod(reps) times. */
export function isWholeRepeat(shape: number[], reps: number[]): boolean {
  let seenData = false;
  for (let i = 0; i < shape.length; i++) {
    if ((reps[i] ?? 1) > 1 && (seenData || shape[i] !== 1)) return false;
    if (shape[i] !== 1) seenData = true;
  }
  return true;
}

export function makeTileConfig(previous: tf.KernelConfig | undefined): tf.KernelConfig {
  function tile(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const reps = (args.attrs as unknown as tf.TileAttrs).reps;
    if (x.dtype === 'string' || !isWholeRepeat(x.shape, reps)) {
      if (previous === undefined) throw new Error(`Tile on wasm: no fallback kernel for shape ${x.shape} reps ${reps}`);
      return previous.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    }
    const backend = args.backend as BackendWasm;
    const outShape = x.shape.map((d, i) => d * (reps[i] ?? 1));
    const out = backend.makeOutput(outShape, x.dtype);
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    if (dst.length === 0) return out;
    dst.set(src);
    for (let filled = src.length; filled < dst.length; filled *= 2) {
      dst.copyWithin(filled, 0, Math.min(filled, dst.length - filled));
    }
    return out;
  }
  // The replaced kernel's setup (binding its wasm export) must still run for the fallback.
  return { kernelName: tf.Tile, backendName: 'wasm', kernelFunc: tile as unknown as tf.KernelFunc, setupFunc: previous?.setupFunc };
}
