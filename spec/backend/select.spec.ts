import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../lib/backend/select.js';
import type { BackendRequest } from '../../lib/backend/types.js';
import { NaschainError, UsageError } from '../../lib/core/errors.js';
import { memoryLogger } from '../../lib/core/log.js';

test('auto picks wasm here, with SIMD, and reports its thread count', async () => {
  const log = memoryLogger();
  const info = await initBackend('auto', log);
  assert.equal(info.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(info.simd, true);
  assert.ok(Number.isInteger(info.threads) && (info.threads ?? 0) >= 1);
  assert.ok(log.lines.some((l) => l.includes('backend wasm')));
});

test('a second initBackend with the same request returns the same info without reloading', async () => {
  const a = await initBackend('wasm');
  const t0 = performance.now();
  const b = await initBackend('wasm');
  assert.equal(b, a);
  assert.ok(performance.now() - t0 < 50);
});

test('cpu loads and becomes the active backend; switching back to wasm works', async () => {
  const cpu = await initBackend('cpu');
  assert.deepEqual([cpu.name, tf.getBackend()], ['cpu', 'cpu']);
  const wasm = await initBackend('wasm');
  assert.deepEqual([wasm.name, tf.getBackend()], ['wasm', 'wasm']);
});

test('wasm gradient kernels are registered once wasm is loaded', async () => {
  await initBackend('wasm');
  for (const k of [tf.Conv2DBackpropFilter, tf.DepthwiseConv2dNativeBackpropFilter, tf.DepthwiseConv2dNativeBackpropInput]) {
    assert.ok(tf.getKernel(k, 'wasm') !== undefined, k);
  }
});

for (const name of ['webgpu', 'tensorflow'] as const) {
  test(`${name} is refused with a BACKEND error saying what to do`, async () => {
    await assert.rejects(initBackend(name), (e: unknown) => {
      assert.ok(e instanceof NaschainError);
      assert.equal(e.code, 'BACKEND');
      assert.match(e.message, new RegExp(`backend ${name} is not available`));
      assert.ok(!e.message.includes('\n'));
      return true;
    });
  });
}

test('an unknown backend name is a usage error naming the value and the allowed ones', async () => {
  await assert.rejects(initBackend('tpu' as BackendRequest), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.match(e.message, /"tpu"/);
    assert.match(e.message, /auto, wasm, cpu, webgpu, tensorflow/);
    return true;
  });
});
