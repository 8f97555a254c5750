import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { makeRng } from '../../lib/core/rng.js';
import { architectureKey } from '../../lib/model/architecture-key.js';
import { buildGenomeModel, disposeGenomeModel } from '../../lib/model/genome-model.js';
import type { Genome } from '../../lib/search/genome.js';
import { loadSearchSpace } from '../../lib/search/space-file.js';
import { seedGenomes } from '../../lib/searcher/seed-genomes.js';

const io = { height: 12, width: 12, channels: 1, numClasses: 10 };
const macro = loadSearchSpace('macro');

function keyOf(genome: Genome, seed = 1): string {
  const model = buildGenomeModel(macro, genome, io, makeRng(seed));
  try {
    return architectureKey(model);
  } finally {
    disposeGenomeModel(model);
  }
}

describe('architecture key', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('is the same for genomes that differ only in a gene the network does not use, and for other initial weights; differs when the network does', () => {
    const before = tf.memory().numTensors;
    const base = seedGenomes(macro)[0] as Genome;
    const expansions = (macro.genes.find((g) => g.name === 's2_expansion') as { options: number[] }).options;
    const [e1, e2] = expansions as [number, number];
    const conv: Genome = { ...base, s2_block: 'conv', s2_expansion: e1 };
    const mb: Genome = { ...base, s2_block: 'mbconv', s2_expansion: e1 };
    assert.equal(keyOf(conv), keyOf({ ...conv, s2_expansion: e2 }), 'a conv stage ignores its expansion');
    assert.equal(keyOf(conv, 1), keyOf(conv, 2), 'initialiser seeds are not part of it');
    assert.notEqual(keyOf(mb), keyOf({ ...mb, s2_expansion: e2 }), 'an mbconv stage uses its expansion');
    assert.notEqual(keyOf(conv), keyOf(mb), 'another block type');
    const widths = (macro.genes.find((g) => g.name === 's2_width') as { options: number[] }).options;
    const otherWidth = widths.find((w) => w !== conv.s2_width) as number;
    assert.notEqual(keyOf(conv), keyOf({ ...conv, s2_width: otherWidth }), 'another width');
    assert.equal(tf.memory().numTensors, before);
  });
});
