// What the loader checks is what tfjs-layers builds. Each attack below is
// first shown to be real (tfjs, given the raw JSON, builds something the old
// snake_case checks never saw), then shown refused; and for honest models the
// canonical form builds exactly the model the raw JSON builds.
import '@tensorflow/tfjs-backend-cpu';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { canonicalTopology, isCanonical, MAX_TOPOLOGY_DEPTH, toCamelCase } from '../../../lib/model/load/canonical-topology.js';
import { GENERAL_POLICY } from '../../../lib/model/load/load-policy.js';
import { readCheckedArtifacts } from '../../../lib/model/load/read-checked.js';
import { repoRoot } from '../../helpers/cli.js';
import { buildTinyModel, saveArtifacts } from '../../validator/helpers/tiny-model.js';

const FIXTURES = join(repoRoot, 'spec/fixtures');
const topologyOf = (dir: string) => (JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { modelTopology: Record<string, unknown> }).modelTopology;

function canonical(raw: unknown) {
  const c = canonicalTopology(raw, 'spec');
  if (!c.ok) throw new Error(c.message);
  return c.topology;
}

const build = (topology: unknown) => tfl.models.modelFromJSON({ modelTopology: topology } as unknown as tfl.ModelAndWeightsConfig);

/** A two-layer Sequential: Dense(4) on [null, 3] then `second`. */
const sequential = (second: Record<string, unknown>) => ({
  class_name: 'Sequential',
  config: { name: 's', layers: [{ class_name: 'Dense', config: { units: 4, batch_input_shape: [null, 3], name: 'd' } }, second] },
});

test('class_name and className on one layer: tfjs builds the className one, the checks refuse the pair', async () => {
  const raw = sequential({ class_name: 'ReLU', className: 'RepeatVector', config: { name: 'r', n: 2 } });
  const m = await build(structuredClone(raw));
  assert.equal(m.layers[1]?.getClassName(), 'RepeatVector', 'the attack is real');
  m.dispose();
  const c = canonicalTopology(raw, 'spec');
  assert.equal(c.ok ? 'ok' : c.reason, 'key-collision');
  assert.match(c.ok ? '' : c.message, /keys "class_name" and "className".*same key "className"/);
});

test('an initializer given twice: tfjs uses the later spelling, so a guard on the snake_case key guarded nothing', async () => {
  const raw = sequential({ class_name: 'Dense', config: { units: 2, name: 'x', kernel_initializer: 'zeros', kernelInitializer: { class_name: 'Ones', config: {} } } });
  const m = await build(structuredClone(raw));
  const kernel = m.getLayer('x').getWeights()[0]!;
  assert.deepEqual(Array.from(await kernel.data()), Array(8).fill(1), 'the attack is real: Ones, not the zeros the old guard rewrote');
  m.dispose();
  const c = canonicalTopology(raw, 'spec');
  assert.equal(c.ok ? 'ok' : c.reason, 'key-collision');
  assert.deepEqual(checkReason('attacks/initializer-collision'), 'key-collision');
});

test('an activation that is a whole network: tfjs builds it into the Dense, the checks refuse it', async () => {
  const raw = topologyOf(join(FIXTURES, 'attacks/activation-is-a-network'));
  const m = await build(structuredClone(raw));
  const activation = (m.getLayer('logits') as unknown as { activation: { getClassName(): string } }).activation;
  assert.equal(activation.getClassName(), 'Sequential', 'the attack is real');
  m.dispose();
  assert.equal(checkReason('attacks/activation-is-a-network'), 'disallowed-config');
});

function checkReason(fixture: string): string {
  // The general policy: these are refused for any caller, not only by the validator's allow-list.
  const r = readCheckedArtifacts(join(FIXTURES, fixture), GENERAL_POLICY);
  return r.ok ? 'ok' : r.reason;
}

test('honest models: the canonical form is a fixed point and builds exactly what the raw JSON builds', async () => {
  const tiny = buildTinyModel({ nested: true });
  const tinyTopology = (await saveArtifacts(tiny)).modelTopology;
  tiny.dispose();
  const raws: [string, unknown][] = [
    ['tiny nested', tinyTopology],
    ['honest-small', topologyOf(join(FIXTURES, 'submissions/honest-small'))],
    ['resnet20', topologyOf(join(FIXTURES, 'models/resnet20'))],
  ];
  // Odd but legal spellings tfjs accepts: doubled and trailing underscores, camelCase mixed in.
  const odd = structuredClone(topologyOf(join(FIXTURES, 'submissions/honest-small'))) as { config: { layers: { config: Record<string, unknown> }[] } };
  const dense = odd.config.layers[5]!.config;
  dense.use__bias_ = dense.use_bias;
  delete dense.use_bias;
  dense.biasInitializer = dense.bias_initializer;
  delete dense.bias_initializer;
  raws.push(['odd spellings', odd]);
  const before = tf.memory().numTensors;
  for (const [label, raw] of raws) {
    const c = canonical(raw);
    assert.ok(isCanonical(c), `${label}: converting again changes nothing`);
    const fromRaw = await build(structuredClone(raw));
    const fromCanonical = await build(c);
    assert.deepEqual(fromCanonical.toJSON(null, false), fromRaw.toJSON(null, false), label);
    fromRaw.dispose();
    fromCanonical.dispose();
  }
  assert.equal(tf.memory().numTensors, before);
});

test('the conversion follows tfjs-layers: names and inbound layer names kept, other strings camel-cased', () => {
  assert.equal(toCamelCase('channels_last'), 'channelsLast');
  assert.equal(toCamelCase('a__b_'), 'aB');
  assert.equal(toCamelCase('_'), '_');
  assert.equal(toCamelCase('x_-y'), 'x_-y');
  const c = canonical({
    class_name: 'Model',
    config: { name: 'my_model', layers: [{ name: 'conv_1', class_name: 'Conv2D', config: { name: 'conv_1', data_format: 'channels_last' }, inbound_nodes: [[['input_1', 0, 0, { some_arg: 'a_b' }]]] }], input_layers: [['input_1', 0, 0]] },
  });
  assert.deepEqual(c, {
    className: 'Model',
    config: { name: 'my_model', layers: [{ name: 'conv_1', className: 'Conv2D', config: { name: 'conv_1', dataFormat: 'channelsLast' }, inboundNodes: [[['input_1', 0, 0, { someArg: 'aB' }]]] }], inputLayers: [['input_1', 0, 0]] },
  });
  // `name_` becomes `name`: a second name for the same layer.
  const twoNames = canonicalTopology({ class_name: 'Model', config: { name: 'a', name_: 'b' } }, 'spec');
  assert.equal(twoNames.ok ? 'ok' : twoNames.reason, 'key-collision');
});

test('nesting deeper than the cap is refused without overflowing the stack', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 200_000; i++) deep = [deep];
  const r = canonicalTopology({ class_name: 'Model', config: { x: deep } }, 'spec');
  assert.equal(r.ok ? 'ok' : r.reason, 'json-too-deep');
  let ok: unknown = 1;
  for (let i = 0; i < MAX_TOPOLOGY_DEPTH - 3; i++) ok = [ok];
  assert.ok(canonicalTopology({ class_name: 'Model', config: { x: ok } }, 'spec').ok);
});
