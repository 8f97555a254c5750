// Tile on wasm, replacing tfjs-backend-wasm's per-element index loop (0.8 s a
// training step of the reference CNN, all from tfjs-core's batch-norm gradient
// tiling a [1,1,1,C] tensor to [N,H,W,C]). When the tiling only repeats the
// whole tensor (every repeated axis is a leading axis of size 1), the output is
// the input's bytes repeated, written with doubling bulk copies on the wasm
// heap; other tilings copy the contiguous trailing block (the axes after the
// last repeated one) once per output position of the axes before it, e.g. the
// gradient of a global average pool broadcasting [N,1,1,C] to [N,H,W,C].
// String tensors go to the kernel this one replaces.
import * as tf from '@tensorflow/tfjs-core';
import { NaschainError } from '../../core/errors.js';
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

type Values = Float32Array | Int32Array | Uint8Array;

/** General tiling: one contiguous copy of the trailing block per output position of the leading axes. */
export function tileBlocks(src: Values, shape: number[], outShape: number[], reps: number[], dst: Values): void {
  let last = -1;
  for (let i = 0; i < shape.length; i++) if ((reps[i] ?? 1) > 1) last = i;
  let block = 1;
  for (let i = last + 1; i < shape.length; i++) block *= shape[i] as number;
  const lead = last + 1;
  const srcStrides: number[] = new Array<number>(lead).fill(0);
  let stride = block;
  for (let i = lead - 1; i >= 0; i--) {
    srcStrides[i] = stride;
    stride *= shape[i] as number;
  }
  const idx: number[] = new Array<number>(lead).fill(0);
  const positions = dst.length / Math.max(1, block);
  for (let p = 0, o = 0; p < positions; p++, o += block) {
    let from = 0;
    for (let i = 0; i < lead; i++) from += ((idx[i] as number) % (shape[i] as number)) * (srcStrides[i] as number);
    if (block === 1) dst[o] = src[from] as number;
    else dst.set(src.subarray(from, from + block), o);
    for (let i = lead - 1; i >= 0; i--) {
      idx[i] = (idx[i] as number) + 1;
      if ((idx[i] as number) < (outShape[i] as number)) break;
      idx[i] = 0;
    }
  }
}

export function makeTileConfig(previous: tf.KernelConfig | undefined): tf.KernelConfig {
  function tile(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const reps = (args.attrs as unknown as tf.TileAttrs).reps;
    if (x.dtype === 'string') {
      if (previous === undefined) throw new NaschainError('INTERNAL', `Tile on wasm: no fallback kernel for string tensors`);
      return previous.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    }
    const backend = args.backend as BackendWasm;
    const outShape = x.shape.map((d, i) => d * (reps[i] ?? 1));
    const out = backend.makeOutput(outShape, x.dtype);
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    if (dst.length === 0) return out;
    if (isWholeRepeat(x.shape, reps)) {
      dst.set(src);
      for (let filled = src.length; filled < dst.length; filled *= 2) {
        dst.copyWithin(filled, 0, Math.min(filled, dst.length - filled));
      }
    } else {
      tileBlocks(src, x.shape, outShape, reps, dst);
    }
    return out;
  }
  // The replaced kernel's setup (binding its wasm export) must still run for the fallback.
  return { kernelName: tf.Tile, backendName: 'wasm', kernelFunc: tile as unknown as tf.KernelFunc, setupFunc: previous?.setupFunc };
}
