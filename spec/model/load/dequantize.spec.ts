// Dequantization is tfjs-core's, bit for bit: every float16 bit pattern, and
// uint8/uint16 affine weights with awkward min and scale, decode to the same
// float32 bits as tf.io.decodeWeights gives for the same bytes and specs.
import '@tensorflow/tfjs-backend-cpu';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { makeRng } from '../../../lib/core/rng.js';
import { decodeStoredWeights, halfToFloat } from '../../../lib/model/load/dequantize.js';
import type { StoredWeight } from '../../../lib/model/load/weights-manifest.js';

async function tfjsDecode(bytes: ArrayBuffer, specs: tf.io.WeightsManifestEntry[]): Promise<Float32Array[]> {
  const map = tf.io.decodeWeights(bytes, specs);
  const out = await Promise.all(specs.map(async (s) => (await map[s.name]!.data()) as Float32Array));
  tf.dispose(Object.values(map));
  return out;
}

const bitsOf = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
/** NaN payloads may differ (tfjs' tables keep them); any NaN is refused later as a non-finite weight. */
const canonicalNaN = (bits: number[]) => bits.map((b) => ((b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0 ? 0x7fc00000 : b));

test('every float16 bit pattern decodes to the float32 tfjs decodes it to', async () => {
  const halves = new Uint16Array(65536).map((_, i) => i);
  const [theirs] = await tfjsDecode(halves.buffer, [{ name: 'h', shape: [65536], dtype: 'float32', quantization: { dtype: 'float16' } }]);
  const mine = Float32Array.from(halves, halfToFloat);
  assert.deepEqual(canonicalNaN(bitsOf(mine)), canonicalNaN(bitsOf(theirs!)));
  // A few by hand: 0x3c00 = 1, 0xc000 = -2, 0x0001 = 2^-24 (smallest subnormal), 0x7bff = 65504 (largest), 0x7c00 = Infinity.
  assert.deepEqual([0x3c00, 0xc000, 0x0001, 0x7bff, 0x7c00, 0x8000].map(halfToFloat), [1, -2, 2 ** -24, 65504, Infinity, -0]);
});

test('uint8 and uint16 affine weights, plain float32 between them, decode as tfjs decodes them', async () => {
  const rng = makeRng(11);
  const u8 = Uint8Array.from({ length: 300 }, () => Math.floor(rng.next() * 256));
  const u16 = Uint16Array.from({ length: 200 }, () => Math.floor(rng.next() * 65536));
  const f32 = Float32Array.from({ length: 7 }, () => rng.next() - 0.5);
  // Scales and minimums that are not exact in float32, so the double-then-float32 rounding is exercised.
  const specs: tf.io.WeightsManifestEntry[] = [
    { name: 'a', shape: [300], dtype: 'float32', quantization: { dtype: 'uint8', min: -0.87334511607301, scale: 0.006666756611244351 } },
    { name: 'b', shape: [7], dtype: 'float32' },
    { name: 'c', shape: [10, 20], dtype: 'float32', quantization: { dtype: 'uint16', min: -1 / 3, scale: 1e-5 / 3 } },
  ];
  // Stored back to back with no padding, as the converter writes them.
  const bytes = new Uint8Array(300 + 28 + 400);
  bytes.set(u8, 0);
  bytes.set(new Uint8Array(f32.buffer), 300);
  bytes.set(new Uint8Array(u16.buffer), 328);
  const theirs = await tfjsDecode(bytes.buffer.slice(0), specs);
  const stored: StoredWeight[] = [
    { spec: { name: 'a', shape: [300], dtype: 'float32' }, quantization: { dtype: 'uint8', min: -0.87334511607301, scale: 0.006666756611244351 }, elements: 300, bytes: 300 },
    { spec: { name: 'b', shape: [7], dtype: 'float32' }, elements: 7, bytes: 28 },
    { spec: { name: 'c', shape: [10, 20], dtype: 'float32' }, quantization: { dtype: 'uint16', min: -1 / 3, scale: 1e-5 / 3 }, elements: 200, bytes: 400 },
  ];
  const mine = new Float32Array(decodeStoredWeights(bytes.buffer.slice(0), stored));
  assert.deepEqual(bitsOf(mine), [...bitsOf(theirs[0]!), ...bitsOf(theirs[1]!), ...bitsOf(theirs[2]!)]);
});

test('weights that are all plain float32 are handed on without a copy', () => {
  const data = new ArrayBuffer(8);
  assert.equal(decodeStoredWeights(data, [{ spec: { name: 'w', shape: [2], dtype: 'float32' }, elements: 2, bytes: 8 }]), data);
});
