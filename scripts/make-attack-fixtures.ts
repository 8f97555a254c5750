// Writes spec/fixtures/attacks/: one submission folder per way a hostile
// model.json has tried (or could try) to make the validator check one model
// and build another, run code it never counted, or stall a round, plus an
// honest model (a copy of spec/fixtures/submissions/honest-small). Each attack
// is honest-small's model.json with one edit (or a small model built here),
// so the only thing wrong with it is the attack. spec/validator/attacks.spec.ts
// runs a round over the folder and pins each folder's rejection reason.
//
// Usage: npm run build && node dist/scripts/make-attack-fixtures.js
// Deterministic (no training, no randomness): rerunning rewrites the same bytes.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { formatSubmission, readSubmission, type Submission } from '../lib/validator/submission.js';

const ROOT = resolve(process.argv[1] ?? '.', '../../..');
const HONEST = join(ROOT, 'spec/fixtures/submissions/honest-small');
const OUT = join(ROOT, 'spec/fixtures/attacks');
const SHARD = 'group1-shard1of1.bin';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- model.json is edited as free-form JSON; breaking its shape is the point
type Json = Record<string, any>;

const honestRecord = (): Submission => {
  const r = readSubmission(HONEST);
  if (!r.ok) throw new Error(r.message);
  return r.submission;
};

/** honest-small's record under a new uid and repo, so every folder is its own miner. */
function record(uid: number, name: string): Submission {
  return { ...honestRecord(), uid, block: 2000 + uid, repo: `attacker${uid}/${name}`, learningRate: null };
}

const ref = (name: string, node = 0) => [[name, node, 0, {}]];
const relu = (name: string, from: string) => ({ name, class_name: 'ReLU', config: { max_value: null, name, trainable: true }, inbound_nodes: [ref(from)] });

/** honest-small's layers: 0 image, 1 conv1, 2 relu1, 3 pool, 4 flatten, 5 logits. */
const layersOf = (j: Json) => j.modelTopology.config.layers as Json[];

/** Renames layer relu1 everywhere it is named. */
function renameRelu(j: Json, to: string): void {
  const l = layersOf(j);
  l[2]!.name = to;
  l[2]!.config.name = to;
  l[3]!.inbound_nodes = [ref(to)];
}

type Edit = (j: Json) => string | void;

/** Folder name -> [reason the validator must give, what it is, the edit]. */
const EDITS: [string, string, string, Edit][] = [
  ['activation-is-a-network', 'disallowed-config', "Dense's activation is a whole Sequential network (tfjs deserializes it from its class registry and runs it in every forward pass)", (j) => {
    layersOf(j)[5]!.config.activation = {
      class_name: 'Sequential',
      config: { name: 'hidden', layers: [{ class_name: 'Dense', config: { units: 10, name: 'hidden_dense', batch_input_shape: [null, 10] } }] },
    };
  }],
  ['class-name-collision', 'key-collision', 'class_name "ReLU" checked, className "RepeatVector" built (tfjs camel-cases keys; the later wins)', (j) => {
    const l = layersOf(j)[2]!;
    l.className = 'RepeatVector';
    l.config.n = 2;
  }],
  ['initializer-collision', 'key-collision', 'kernel_initializer "zeros" next to kernelInitializer Ones on a 1,000,000-unit Dense: the guard rewrote the key tfjs does not read', (j) => {
    const c = layersOf(j)[5]!.config;
    c.units = 1_000_000;
    c.kernel_initializer = 'zeros';
    c.kernelInitializer = { class_name: 'Ones', config: {} };
  }],
  ['huge-units', 'size-limit', 'a 50,000,000-unit Dense with the manifest of a 10-unit one', (j) => { layersOf(j)[5]!.config.units = 50_000_000; }],
  ['duplicate-key-in-text', 'disallowed-layer', 'class_name given twice in the JSON text ("ReLU" then "Lambda"): JSON.parse keeps the last, and so do the checks', (j) => {
    return JSON.stringify(j).replace('"class_name":"ReLU"', '"class_name":"ReLU","class_name":"Lambda"');
  }],
  ['lambda-layer', 'disallowed-layer', 'a Lambda layer', (j) => {
    const l = layersOf(j)[2]!;
    l.class_name = 'Lambda';
    l.config.function = 'lambda x: x * 2';
  }],
  ['tfoplambda-layer', 'disallowed-layer', 'a TFOpLambda layer', (j) => {
    const l = layersOf(j)[2]!;
    l.class_name = 'TFOpLambda';
    l.config.function = 'math.multiply';
  }],
  ['regularizer', 'disallowed-config', 'a kernel regularizer (L1L2)', (j) => { layersOf(j)[1]!.config.kernel_regularizer = { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } }; }],
  ['constraint', 'disallowed-config', 'a kernel constraint (MaxNorm)', (j) => { layersOf(j)[1]!.config.kernel_constraint = { class_name: 'MaxNorm', config: { max_value: 2, axis: 0 } }; }],
  ['custom-initializer', 'disallowed-config', 'an initializer of a class that is not built in', (j) => { layersOf(j)[1]!.config.kernel_initializer = { class_name: 'MinerInit', config: {} }; }],
  ['activation-class-name', 'disallowed-config', 'an activation string naming a layer class (tfjs looks activation names up in its class registry)', (j) => { layersOf(j)[1]!.config.activation = 'Sequential'; }],
  ['unknown-config-key', 'unknown-config-key', 'a config key tfjs reads but never writes (Layer `weights`: initial values)', (j) => { layersOf(j)[5]!.config.weights = [[0]]; }],
  ['deep-nesting', 'json-too-deep', 'a config value nested 100,000 arrays deep (the conversion recurses)', (j) => {
    return JSON.stringify(j).replace('"kernel_size":[3,3]', `"kernel_size":${'['.repeat(100_000)}3${']'.repeat(100_000)}`);
  }],
  ['escape-in-name', 'bad-layer-name', 'a layer name carrying ESC/OSC-52 (clipboard write) and CSI clear-screen sequences', (j) => { renameRelu(j, 'relu\u001b]52;c;cm0gLXJmIH4=\u0007\u001b[2J\u009b31m\u202e'); }],
  ['prototype-name', 'bad-layer-name', 'a layer named __proto__ (tfjs keys plain objects by layer name)', (j) => { renameRelu(j, '__proto__'); }],
  ['layer-reused-3000', 'layer-uses', 'one ReLU applied 3,000 times (inbound nodes): no weights, no MACs, one entry, yet 3,000 calls per forward pass', (j) => {
    const l = layersOf(j);
    l[2]!.inbound_nodes = [ref('conv1'), ...Array.from({ length: 2999 }, (_, i) => ref('relu1', i))];
    l[3]!.inbound_nodes = [ref('relu1', 2999)];
  }],
  ['many-layer-calls', 'total-uses', '2,100 distinct ReLU layers in a chain, each called once', (j) => {
    const l = layersOf(j);
    const chain = Array.from({ length: 2100 }, (_, i) => relu(`r${i}`, i === 0 ? 'relu1' : `r${i - 1}`));
    l.splice(3, 0, ...chain);
    l[3 + chain.length]!.inbound_nodes = [ref('r2099')];
  }],
  ['dangling-inbound-node', 'bad-topology', 'a layer called on a layer that does not exist (tfjs-layers would loop forever)', (j) => { layersOf(j)[2]!.inbound_nodes = [ref('nope')]; }],
  ['cyclic-graph', 'bad-topology', 'relu1 takes pool, pool takes relu1 (tfjs-layers would loop forever)', (j) => { layersOf(j)[2]!.inbound_nodes = [ref('pool')]; }],
  ['node-index-out-of-range', 'bad-topology', 'pool takes node 5 of relu1, which is called once (tfjs-layers would loop forever)', (j) => { layersOf(j)[3]!.inbound_nodes = [ref('relu1', 5)]; }],
  ['call-kwargs', 'bad-topology', 'a call with arguments ({training: true})', (j) => { layersOf(j)[2]!.inbound_nodes = [[['conv1', 0, 0, { training: true }]]]; }],
];

/** Models built here rather than edited: their weights must match the topology. */
async function builtCases(): Promise<[string, string, string, tfl.LayersModel][]> {
  const zeros = 'zeros';
  // ZeroPadding2D(499) applied to the image 16 times, summed: 1.05M outputs per call;
  // 2.1M counted once per layer, 17.9M counted per call (the cap is 16.8M).
  const input = tfl.input({ shape: [28, 28, 1], name: 'image' });
  const pad = tfl.layers.zeroPadding2d({ padding: 499, name: 'pad' });
  const padded = Array.from({ length: 16 }, () => pad.apply(input) as tfl.SymbolicTensor);
  let x = tfl.layers.add({ name: 'sum' }).apply(padded) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.dense({ units: 10, kernelInitializer: zeros, name: 'logits' }).apply(x) as tfl.SymbolicTensor;
  const padModel = tfl.model({ inputs: input, outputs: x, name: 'pad_reuse' });

  // A nested Sequential holding one ReLU, called 20 times: each call runs the inner ReLU.
  const input2 = tfl.input({ shape: [28, 28, 1], name: 'image' });
  const block = tfl.sequential({ name: 'block', layers: [tfl.layers.reLU({ inputShape: [28, 28, 1], name: 'inner_relu' })] });
  let y: tfl.SymbolicTensor = input2;
  for (let i = 0; i < 20; i++) y = block.apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.dense({ units: 10, kernelInitializer: zeros, name: 'logits' }).apply(y) as tfl.SymbolicTensor;
  const nestedModel = tfl.model({ inputs: input2, outputs: y, name: 'nested_reuse' });

  // x + x, and x again in a second Add: tfjs-layers' inference frees x after the first Add
  // (it counts consuming calls, releases per input), and the second one dies on it.
  const input3 = tfl.input({ shape: [28, 28, 1], name: 'image' });
  const x3 = tfl.layers.reLU({ name: 'relu' }).apply(input3) as tfl.SymbolicTensor;
  const doubled = tfl.layers.add({ name: 'doubled' }).apply([x3, x3]) as tfl.SymbolicTensor;
  let z = tfl.layers.add({ name: 'tripled' }).apply([doubled, x3]) as tfl.SymbolicTensor;
  z = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(z) as tfl.SymbolicTensor;
  z = tfl.layers.dense({ units: 10, kernelInitializer: zeros, name: 'logits' }).apply(z) as tfl.SymbolicTensor;
  const twiceModel = tfl.model({ inputs: input3, outputs: z, name: 'tensor_twice' });
  return [
    ['activation-per-call', 'activation-size', 'ZeroPadding2D(499) called 16 times on the image: activations are counted per call, not once per layer', padModel],
    ['nested-model-reuse', 'layer-uses', 'a nested Sequential called 20 times: its inner ReLU runs 20 times', nestedModel],
    ['tensor-taken-twice', 'bad-topology', 'Add takes relu\'s tensor twice and another Add takes it too (tfjs-layers frees it after the first Add: scoring would die mid-model)', twiceModel],
  ];
}

async function saveModel(model: tfl.LayersModel, dir: string): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (a) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.json'), JSON.stringify({
      modelTopology: a.modelTopology, format: 'layers-model', generatedBy: 'make-attack-fixtures', convertedBy: null,
      weightsManifest: [{ paths: [SHARD], weights: a.weightSpecs }],
    }));
    writeFileSync(join(dir, SHARD), new Uint8Array(a.weightData as ArrayBuffer));
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  cpSync(HONEST, join(OUT, 'honest-small'), { recursive: true });
  const rows: string[] = ['| honest-small | 1 | a copy of spec/fixtures/submissions/honest-small | scored |'];
  let uid = 100;
  const base = readFileSync(join(HONEST, 'model.json'), 'utf8');
  for (const [name, reason, what, edit] of EDITS) {
    const dir = join(OUT, name);
    mkdirSync(dir);
    const j = JSON.parse(base) as Json;
    const text = edit(j) ?? JSON.stringify(j);
    writeFileSync(join(dir, 'model.json'), text);
    cpSync(join(HONEST, SHARD), join(dir, SHARD));
    writeFileSync(join(dir, 'submission.json'), formatSubmission(record(uid, name)));
    rows.push(`| ${name} | ${uid++} | ${what} | ${reason} |`);
  }
  for (const [name, reason, what, model] of await builtCases()) {
    const dir = join(OUT, name);
    await saveModel(model, dir);
    model.dispose();
    writeFileSync(join(dir, 'submission.json'), formatSubmission(record(uid, name)));
    rows.push(`| ${name} | ${uid++} | ${what} | ${reason} |`);
  }
  writeFileSync(join(OUT, 'README.md'), `# Attack fixtures for the validator's model checks

Written by \`scripts/make-attack-fixtures.ts\` (\`npm run build && node
dist/scripts/make-attack-fixtures.js\`; deterministic, a few seconds). Each
folder is a submission (model.json, one weight shard, submission.json); all
but the honest one must be rejected with the reason below, and the round must
finish. \`spec/validator/attacks.spec.ts\` runs a local round over this folder
and pins every row. This file is skipped by the local source.

| folder | uid | what | expected |
| --- | --- | --- | --- |
${rows.join('\n')}
`);
  process.stdout.write(`wrote ${rows.length} folders to ${OUT}; tensors left: ${tf.memory().numTensors}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
});
