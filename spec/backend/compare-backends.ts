// Spec helper: run the same computation on two backends and compare the numbers.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../lib/backend/select.js';
import type { BackendName } from '../../lib/backend/types.js';
import { rngFor } from '../../lib/core/rng.js';

/** Deterministic values in [-1, 1) for a tensor of `shape`. */
export function seededValues(shape: number[], label: string): Float32Array {
  const rng = rngFor(1234, label);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.next() * 2 - 1;
  return out;
}

/** Runs `fn` on backend `name` inside tidy and returns its outputs as plain arrays; asserts no tensor leaks. */
export async function runOn(name: BackendName, fn: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await initBackend(name);
  const before = tf.memory().numTensors;
  const outs = tf.tidy(fn);
  const list = Array.isArray(outs) ? outs : [outs];
  const data = list.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose(list);
  assert.equal(tf.memory().numTensors, before, `tensors leaked on ${name}`);
  return data;
}

/** Max |a-b| / (|b| + scale) where scale is the max |b|, i.e. error relative to the result's magnitude. */
export function assertClose(actual: Float32Array, expected: Float32Array, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i]! - expected[i]!) / (scale + 1e-12);
    if (err > worst) { worst = err; at = i; }
  }
  assert.ok(worst <= tol, `${what}: relative error ${worst.toExponential(2)} > ${tol} at ${at} (got ${actual[at]}, expected ${expected[at]})`);
}
