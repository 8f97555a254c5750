import { test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { choiceCachePath, machineKey, writeChoice } from '../../lib/backend/choice-cache.js';
import { initBackend } from '../../lib/backend/select.js';
import { registerWasmGradientKernels, WASM_KERNELS } from '../../lib/backend/wasm-kernels/index.js';
import type { BackendRequest } from '../../lib/backend/types.js';
import { NaschainError, UsageError } from '../../lib/core/errors.js';
import { memoryLogger } from '../../lib/core/log.js';

test('auto on this GPU-less machine takes the cached CPU choice (wasm, SIMD) over webgpu on a software adapter', async () => {
  // A cached measurement, so this spec does not time the cpu backend (auto.spec.ts measures).
  const cache = mkdtempSync(join(tmpdir(), 'naschain-select-'));
  process.env.XDG_CACHE_HOME = cache;
  writeChoice(choiceCachePath(), machineKey(), { choice: 'wasm', imagesPerSec: { wasm: 100, cpu: 1 }, measuredAt: new Date().toISOString() });
  const log = memoryLogger();
  const info = await initBackend('auto', log);
  assert.equal(info.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(info.simd, true);
  assert.ok(Number.isInteger(info.threads) && (info.threads ?? 0) >= 1);
  assert.ok(log.lines.some((l) => l.includes('backend wasm')));
  rmSync(cache, { recursive: true, force: true });
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

test('wasm gradient kernels are registered once wasm is loaded, and only once', async () => {
  await initBackend('wasm');
  for (const { kernelName } of WASM_KERNELS) assert.ok(tf.getKernel(kernelName, 'wasm') !== undefined, kernelName);
  assert.deepEqual(registerWasmGradientKernels(), []);
});

test('tensorflow without tfjs-node installed is refused with a BACKEND error saying what to install', async (t) => {
  if (await import('@tensorflow/tfjs-node' as string).then(() => true, () => false)) return t.skip('@tensorflow/tfjs-node is installed here');
  await assert.rejects(initBackend('tensorflow'), (e: unknown) => {
    assert.ok(e instanceof NaschainError);
    assert.equal(e.code, 'BACKEND');
    assert.match(e.message, /backend tensorflow: @tensorflow\/tfjs-node-gpu is not installed; @tensorflow\/tfjs-node is not installed/);
    assert.match(e.message, /npm install @tensorflow\/tfjs-node-gpu/);
    assert.ok(!e.message.includes('\n'));
    return true;
  });
});

test('an unknown backend name is a usage error naming the value and the allowed ones', async () => {
  await assert.rejects(initBackend('tpu' as BackendRequest), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.match(e.message, /"tpu"/);
    assert.match(e.message, /auto, wasm, cpu, webgpu, tensorflow/);
    return true;
  });
});
