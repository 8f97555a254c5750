// Decodes stored weight bytes into the float32 values tfjs builds the model
// with, exactly as tfjs-core's io.decodeWeights does for tensorflowjs_converter's
// quantized weights: uint8 and uint16 (little-endian) values v become
// v * scale + min, computed in double precision and stored as float32;
// float16 values become the float32 of the same value (every half is exact in
// float32). Decoding here, before tfjs sees the weights, lets the finite check
// run on the values that are built and lets tfjs load plain float32 specs.
import type { StoredWeight } from './weights-manifest.js';

/** The float value of an IEEE 754 half-precision bit pattern. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** `stored` holds `weights` back to back as the manifest lays them out; the result holds them as float32. */
export function decodeStoredWeights(stored: ArrayBuffer, weights: readonly StoredWeight[]): ArrayBuffer {
  if (weights.every((w) => w.quantization === undefined)) return stored;
  const total = weights.reduce((n, w) => n + w.elements, 0);
  const out = new Float32Array(total);
  const view = new DataView(stored);
  let from = 0;
  let to = 0;
  for (const w of weights) {
    const q = w.quantization;
    if (q === undefined) {
      for (let i = 0; i < w.elements; i++) out[to + i] = view.getFloat32(from + 4 * i, true);
    } else if (q.dtype === 'uint8') {
      for (let i = 0; i < w.elements; i++) out[to + i] = view.getUint8(from + i) * q.scale + q.min;
    } else if (q.dtype === 'uint16') {
      for (let i = 0; i < w.elements; i++) out[to + i] = view.getUint16(from + 2 * i, true) * q.scale + q.min;
    } else {
      for (let i = 0; i < w.elements; i++) out[to + i] = halfToFloat(view.getUint16(from + 2 * i, true));
    }
    from += w.bytes;
    to += w.elements;
  }
  return out.buffer;
}
