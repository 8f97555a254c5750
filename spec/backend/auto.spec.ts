import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { chooseAuto, fastest } from '../../lib/backend/auto.js';
import { machineKey, readChoice } from '../../lib/backend/choice-cache.js';
import { cpuBackend } from '../../lib/backend/cpu.js';
import type { BackendModule } from '../../lib/backend/types.js';
import { wasmBackend } from '../../lib/backend/wasm.js';
import { memoryLogger } from '../../lib/core/log.js';

// Small probe settings: the cpu backend's first step alone is seconds here.
const speed = { batch: 2, budgetMs: 300, maxSteps: 3 };

describe('auto: fastest CPU backend by measurement, cached per machine', () => {
  let dir: string;
  let cacheFile: string;
  before(async () => {
    await tf.setBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'naschain-auto-'));
    cacheFile = join(dir, 'naschain', 'backend-choice.json');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('measures wasm and cpu, picks the faster (wasm), and writes the choice for this machine', async () => {
    const before = tf.memory().numTensors;
    const r = await chooseAuto({ modules: [cpuBackend, wasmBackend], cacheFile, speed, log: memoryLogger() });
    assert.equal(r.fromCache, false);
    assert.equal(r.info.name, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    assert.ok((r.imagesPerSec?.wasm ?? 0) > (r.imagesPerSec?.cpu ?? Infinity), JSON.stringify(r.imagesPerSec));
    assert.match(r.reason, /^fastest CPU backend measured now \(wasm \d+ img\/s > cpu \d+ img\/s\)$/);
    assert.equal(tf.memory().numTensors, before);
    const cached = readChoice(cacheFile, machineKey());
    assert.equal(cached?.choice, 'wasm');
    assert.deepEqual(cached?.imagesPerSec, r.imagesPerSec);
  });

  it('a second run takes the cached choice without measuring; refresh measures again', async () => {
    const log = memoryLogger();
    const t0 = performance.now();
    const r = await chooseAuto({ modules: [cpuBackend, wasmBackend], cacheFile, speed, log });
    assert.equal(r.fromCache, true);
    assert.equal(r.info.name, 'wasm');
    assert.ok(!log.lines.some((l) => l.includes('measuring')), log.lines.join('\n'));
    assert.ok(performance.now() - t0 < 1000);
    const again = await chooseAuto({ modules: [cpuBackend, wasmBackend], cacheFile, speed, refresh: true });
    assert.equal(again.fromCache, false);
  });

  it('a cache of another machine or an unreadable file is ignored and rewritten', async () => {
    const other = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { choice: string }> };
    for (const e of Object.values(other.entries)) e.choice = 'cpu';
    const renamed = Object.fromEntries(Object.entries(other.entries).map(([k, v]) => [k.replace('"v', '"v0.'), v]));
    writeFileSync(cacheFile, JSON.stringify({ ...other, entries: renamed }));
    assert.equal(readChoice(cacheFile, machineKey()), undefined, 'an entry keyed by another node version must not match');
    writeFileSync(cacheFile, '{ half a fil');
    const r = await chooseAuto({ modules: [cpuBackend, wasmBackend], cacheFile, speed });
    assert.equal(r.fromCache, false);
    assert.equal(readChoice(cacheFile, machineKey())?.choice, 'wasm');
  });

  it('a backend on a GPU wins without any measurement or cache write', async () => {
    // A stand-in for tfjs-node-gpu on CUDA: activates cpu but reports a GPU device.
    const gpuStandIn: BackendModule = {
      name: 'tensorflow',
      load: async () => ({ ...(await cpuBackend.load()), name: 'tensorflow', compute: 'gpu', device: 'stand-in GPU' }),
    };
    const fresh = join(dir, 'gpu', 'choice.json');
    const r = await chooseAuto({ modules: [cpuBackend, wasmBackend, gpuStandIn], cacheFile: fresh, speed });
    assert.equal(r.info.name, 'tensorflow');
    assert.equal(r.reason, 'tensorflow runs on a GPU (stand-in GPU)');
    assert.equal(existsSync(fresh), false);
  });

  it('with one CPU backend there is nothing to measure; with none it fails naming every reason', async () => {
    const r = await chooseAuto({ modules: [wasmBackend], cacheFile: join(dir, 'one.json'), speed });
    assert.equal(r.info.name, 'wasm');
    assert.equal(r.reason, 'wasm is the only CPU backend that loads');
    const broken: BackendModule = { name: 'webgpu', load: () => Promise.reject(new Error('no adapter')) };
    await assert.rejects(chooseAuto({ modules: [broken], cacheFile: join(dir, 'none.json') }), /^NaschainError: backend auto: no backend loaded \(webgpu: no adapter\)$|backend auto: no backend loaded \(webgpu: no adapter\)/);
  });

  it('fastest breaks ties by order and treats unmeasured as slowest', () => {
    assert.equal(fastest({ wasm: 10, cpu: 10 }, ['wasm', 'cpu']), 'wasm');
    assert.equal(fastest({ cpu: 3 }, ['wasm', 'cpu']), 'cpu');
    assert.equal(fastest({ wasm: 1, tensorflow: 5 }, ['wasm', 'cpu', 'tensorflow']), 'tensorflow');
  });
});

describe('auto and software GPU adapters', () => {
  it('a software adapter is peeked at, not loaded, while a CPU backend loads; alone, it is loaded as the last resort', async () => {
    let loads = 0;
    const softGpu: BackendModule = {
      name: 'webgpu',
      peek: async () => ({ compute: 'software-gpu', device: 'lavapipe stand-in' }),
      load: async () => { loads++; return { ...(await cpuBackend.load()), name: 'webgpu', compute: 'software-gpu', device: 'lavapipe stand-in' }; },
    };
    const dir = mkdtempSync(join(tmpdir(), 'naschain-auto-soft-'));
    try {
      const r = await chooseAuto({ modules: [wasmBackend, softGpu], cacheFile: join(dir, 'c.json') });
      assert.equal(r.info.name, 'wasm');
      assert.equal(loads, 0);
      const alone = await chooseAuto({ modules: [softGpu], cacheFile: join(dir, 'c.json') });
      assert.equal(alone.info.name, 'webgpu');
      assert.equal(loads, 1);
      assert.match(alone.reason, /^no CPU backend loaded; webgpu on a software adapter \(lavapipe stand-in\) is all there is$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
