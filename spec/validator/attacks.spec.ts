// A local round over spec/fixtures/attacks (scripts/make-attack-fixtures.ts):
// every hostile model is rejected with its own reason, the honest one is
// scored, the round finishes, no tensor is left behind, and no message
// carries a character that would act on the validator's terminal.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../lib/backend/select.js';
import { loadValiConfig } from '../../lib/core/vali-config.js';
import { loadDataset } from '../../lib/data/load-dataset.js';
import { StateStore } from '../../lib/validator/state-store.js';
import { LocalFolderSource, RetrainJournal, runRound } from '../../lib/validator/round/index.js';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from './helpers/tiny-model.js';
import { CONFIG } from './round/helpers/fixture-round.js';

const ATTACKS = join(repoRoot, 'spec/fixtures/attacks');
const tmp = tempDir('attacks');
after(() => tmp.cleanup());

/** Folder -> the reason it must be rejected with (null: scored). */
const EXPECTED: Record<string, string | null> = {
  'honest-small': null,
  'activation-is-a-network': 'disallowed-config',
  'class-name-collision': 'key-collision',
  'initializer-collision': 'key-collision',
  'huge-units': 'size-limit',
  'duplicate-key-in-text': 'disallowed-layer',
  'lambda-layer': 'disallowed-layer',
  'tfoplambda-layer': 'disallowed-layer',
  'regularizer': 'disallowed-config',
  'constraint': 'disallowed-config',
  'custom-initializer': 'disallowed-config',
  'activation-class-name': 'disallowed-config',
  'unknown-config-key': 'unknown-config-key',
  'deep-nesting': 'json-too-deep',
  'escape-in-name': 'bad-layer-name',
  'prototype-name': 'bad-layer-name',
  'layer-reused-3000': 'layer-uses',
  'many-layer-calls': 'total-uses',
  'dangling-inbound-node': 'bad-topology',
  'cyclic-graph': 'bad-topology',
  'node-index-out-of-range': 'bad-topology',
  'call-kwargs': 'bad-topology',
  'activation-per-call': 'activation-size',
  'nested-model-reuse': 'layer-uses',
  'tensor-taken-twice': 'bad-topology',
};

/** C0, DEL, C1, bidi controls and separators: what must never reach a terminal raw. */
const TERMINAL_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

test('every folder of the attack fixtures has an expected outcome here', () => {
  const folders = readdirSync(ATTACKS).filter((d) => statSync(join(ATTACKS, d)).isDirectory()).sort();
  assert.deepEqual(folders, Object.keys(EXPECTED).sort());
});

test('a round over the attack fixtures rejects every attack with its reason and scores the honest model', async () => {
  const backend = await initBackend('wasm');
  const config = loadValiConfig(CONFIG);
  const dataset = await loadDataset(config.dataset);
  const state = join(tmp.dir, 'state');
  const store = StateStore.open(state);
  const before = tf.memory().numTensors;
  try {
    const r = await runRound(new LocalFolderSource(ATTACKS), {
      dataset, config, store, journal: new RetrainJournal(state), backend: backend.name, retrain: false, limits: { minAllowedWeights: 1, maxWeightLimit: 1 },
    });
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
    const got = Object.fromEntries(r.rows.map((row) => [row.name, row.reason]));
    assert.deepEqual(got, EXPECTED);
    const honest = r.rows.find((row) => row.name === 'honest-small');
    assert.equal(honest?.pareto, 'front');
    assert.ok((honest?.accuracy ?? 0) > 70, 'the honest model was measured');
    assert.deepEqual(r.weights, { uids: [1], weights: [65535] });
    for (const row of r.rows) {
      const message = row.message ?? '';
      assert.ok(!TERMINAL_CONTROL.test(message), `${row.name}: message carries a terminal control: ${JSON.stringify(message)}`);
      assert.ok(message.length < 1000, `${row.name}: message is ${message.length} characters`);
    }
    // The hostile name is shown, escaped, so the miner can find it.
    assert.match(r.rows.find((row) => row.name === 'escape-in-name')?.message ?? '', /"relu\\u001b\]52;c;cm0gLXJmIH4=\\u0007\\u001b\[2J\\u009b31m\\u202e"/);
  } finally {
    store.close();
  }
});

test('reuse attacks are real: built raw, one ReLU runs 3,000 times and the padding runs 16 times, at no cost in params', async () => {
  const tfl = await import('@tensorflow/tfjs-layers');
  const { MAX_ACTIVATION_ELEMENTS } = await import('../../lib/validator/model-expectations.js');
  const build = (folder: string) => {
    const json = JSON.parse(readFileSync(join(ATTACKS, folder, 'model.json'), 'utf8')) as { modelTopology: unknown };
    return tfl.models.modelFromJSON({ modelTopology: json.modelTopology } as unknown as Parameters<typeof tfl.models.modelFromJSON>[0]);
  };
  const before = tf.memory().numTensors;
  const honest = await build('honest-small');
  const reused = await build('layer-reused-3000');
  assert.equal(reused.getLayer('relu1').inboundNodes.length, 3000);
  assert.equal(reused.countParams(), honest.countParams(), 'the 2,999 extra calls add no parameter');
  honest.dispose();
  reused.dispose();
  // Counted once per layer, the padding model is under the cap; counted per call it is over.
  const padded = await build('activation-per-call');
  let once = 0;
  let perCall = 0;
  for (const layer of padded.layers) {
    const size = (layer.outputShape as (number | null)[]).slice(1).reduce<number>((a, d) => a * (d ?? 1), 1);
    once += size;
    perCall += size * Math.max(1, layer.inboundNodes.length);
  }
  assert.ok(once <= MAX_ACTIVATION_ELEMENTS && perCall > MAX_ACTIVATION_ELEMENTS, `once ${once}, per call ${perCall}`);
  padded.dispose();
  assert.equal(tf.memory().numTensors, before);
});
