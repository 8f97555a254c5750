// Writes a model folder the way tensorflowjs_converter writes a Keras 2.x
// model (tfjs_layers_model format): modelTopology {keras_version, backend,
// model_config, training_config}, snake_case keys, weight shards named
// group1-shardNofM without extension, and weights optionally quantized as
// the converter's quantization.py does it:
//   uint8/uint16 (affine): scale = (max(w) - min(w)) / (2^bits - 1); when
//   zero is in range the minimum is nudged so that zero is exact (zero_point
//   = round(-min(w) / scale), nudged min = -zero_point * scale), nudged max =
//   nudged min + (2^bits - 1) * scale; stored q = round((clip(w, nudged min,
//   nudged max) - nudged min) / scale); manifest entry {dtype: 'float32',
//   quantization: {dtype, min: nudged min, scale}}.
//   float16: the half nearest to w (ties to even); {dtype: 'float32', quantization: {dtype: 'float16'}}.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ConvertedDtype = 'uint8' | 'uint16' | 'float16' | 'float32';

/** IEEE half bits nearest to `value` (ties to even), as numpy's astype(float16). */
export function toHalfBits(value: number): number {
  const u = new Uint32Array(new Float32Array([value]).buffer)[0] as number;
  const sign = (u >>> 16) & 0x8000;
  const exp = (u >>> 23) & 0xff;
  let mant = u & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  let half: number;
  let rem: number;
  let mid: number;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    half = mant >>> shift;
    rem = mant & ((1 << shift) - 1);
    mid = 1 << (shift - 1);
  } else {
    half = (e << 10) | (mant >>> 13);
    rem = mant & 0x1fff;
    mid = 0x1000;
  }
  if (rem > mid || (rem === mid && half & 1)) half++;
  return sign | half;
}

/** One weight as the converter stores it: its bytes and its manifest entry. */
export function quantizeWeight(name: string, shape: number[], values: Float32Array, dtype: ConvertedDtype): { bytes: Uint8Array; entry: Record<string, unknown> } {
  const entry: Record<string, unknown> = { name, shape, dtype: 'float32' };
  if (dtype === 'float32') return { bytes: new Uint8Array(values.slice().buffer), entry };
  if (dtype === 'float16') {
    const out = new Uint16Array(values.length);
    values.forEach((v, i) => { out[i] = toHalfBits(v); });
    entry.quantization = { dtype: 'float16' };
    return { bytes: new Uint8Array(out.buffer), entry };
  }
  const qmax = dtype === 'uint8' ? 255 : 65535;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const scale = hi === lo ? 1 : (hi - lo) / qmax;
  const min = lo <= 0 && hi >= 0 && hi !== lo ? -Math.round(-lo / scale) * scale : lo;
  const max = min + qmax * scale;
  const out = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  values.forEach((v, i) => { out[i] = Math.round((Math.min(Math.max(v, min), max) - min) / scale); });
  entry.quantization = { dtype, min, scale };
  return { bytes: new Uint8Array(out.buffer), entry };
}

export interface ConvertOptions {
  /** Storage of each weight by name (default: `dtype` for all). */
  dtypeOf?: (name: string) => ConvertedDtype;
  /** Edits the Keras model_config before it is written (e.g. Keras-only keys, trainable: false). */
  edit?: (modelConfig: { class_name: string; config: Record<string, unknown> }) => void;
}

/** Writes `model` into `dir` as the converter would have written its Keras 2.2.4 twin. */
export async function writeKerasConverted(model: tfl.LayersModel, dir: string, dtype: ConvertedDtype, options: ConvertOptions = {}): Promise<void> {
  const modelConfig = model.toJSON(null, false) as unknown as { class_name: string; config: Record<string, unknown> };
  // Keras 2.2.4 calls a functional model "Model".
  if (modelConfig.class_name !== 'Sequential') modelConfig.class_name = 'Model';
  options.edit?.(modelConfig);
  const parts: Uint8Array[] = [];
  const weights: Record<string, unknown>[] = [];
  for (const w of model.weights) {
    const values = (await w.read().data()) as Float32Array;
    const { bytes, entry } = quantizeWeight(w.originalName, w.shape as number[], values, options.dtypeOf?.(w.originalName) ?? dtype);
    parts.push(bytes);
    weights.push(entry);
  }
  const all = new Uint8Array(tf.io.concatenateArrayBuffers(parts.map((p) => p.slice().buffer)));
  // Two shards, cut at an odd byte, as the converter's 4 MB shards cut anywhere.
  const cut = Math.floor(all.byteLength / 2) | 1;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'group1-shard1of2'), all.subarray(0, cut));
  writeFileSync(join(dir, 'group1-shard2of2'), all.subarray(cut));
  writeFileSync(join(dir, 'model.json'), JSON.stringify({
    modelTopology: {
      keras_version: '2.2.4',
      backend: 'tensorflow',
      model_config: modelConfig,
      training_config: { optimizer_config: { class_name: 'SGD', config: { lr: 0.01, momentum: 0.9, decay: 0, nesterov: false } }, loss: 'categorical_crossentropy', metrics: ['accuracy'], sample_weight_mode: null, loss_weights: null },
    },
    weightsManifest: [{ paths: ['group1-shard1of2', 'group1-shard2of2'], weights }],
  }));
}
