// The toolkit's own models pass the validator's topology checks (the loader's walk under the competition policy): genomes
// sampled from every built-in search space, built and saved as a miner
// would, are allowed by the per-class config keys, the call graph and the
// call caps. A check too strict for honest models would fail here.
import '@tensorflow/tfjs-backend-cpu';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { makeRng } from '../../lib/core/rng.js';
import { buildGenomeModel, disposeGenomeModel } from '../../lib/model/genome-model.js';
import { builtinSpaceNames, loadSearchSpace } from '../../lib/search/space-file.js';
import { sampleGenome } from '../../lib/search/variation.js';
import { canonicalTopology, isCanonical } from '../../lib/model/load/canonical-topology.js';
import { walkTopology } from '../../lib/model/load/topology-walk.js';
import { competitionPolicy } from '../../lib/validator/competition-policy.js';
import { saveArtifacts } from './helpers/tiny-model.js';

const io = { height: 32, width: 32, channels: 3, numClasses: 10 };
const policy = competitionPolicy({ inputShape: [io.height, io.width, io.channels], numClasses: io.numClasses, maxWeightBytes: 5_767_168, maxModelJsonBytes: 1 << 20 });

test('sampled genomes of every built-in search space pass the topology checks', async () => {
  await tf.setBackend('cpu');
  const names = builtinSpaceNames();
  assert.ok(names.length >= 2);
  for (const name of names) {
    const space = loadSearchSpace(name);
    const rng = makeRng(17);
    const skipTwice = name === 'cell' ? [{ ...sampleGenome(space, rng), normal_n1_in1: 1, normal_n1_op1: 'skip_connect', normal_n1_in2: 1, normal_n1_op2: 'skip_connect' }] : [];
    // cell: a node of skip_connect + skip_connect on one input (x + x) must pass the check on tensors taken twice.
    const genomes = [...Array.from({ length: 4 }, () => sampleGenome(space, rng)), ...skipTwice];
    for (const [i, genome] of genomes.entries()) {
      const model = buildGenomeModel(space, genome, io, makeRng(i));
      const artifacts = await saveArtifacts(model);
      disposeGenomeModel(model);
      const c = canonicalTopology(artifacts.modelTopology, `${name}#${i}`);
      assert.ok(c.ok, c.ok ? '' : c.message);
      assert.ok(isCanonical(c.topology));
      const r = walkTopology(c.topology, policy, `${name}#${i}`);
      assert.ok(r.ok, r.ok ? '' : `${r.reason}: ${r.message}`);
      assert.ok(r.totalCalls >= r.layerCount - 1, 'every layer but unused ones is called');
    }
  }
});
