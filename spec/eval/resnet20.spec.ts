// The ResNet-20 fixture (scripts/make-resnet20.ts, plain tfjs-layers) checks
// the counters against a model none of our builders made.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadModelDir } from '../../lib/model/model-dir.js';
import { countParams } from '../../lib/eval/params.js';
import { countMacs } from '../../lib/eval/macs/count.js';
import { roundMacs, roundParams } from '../../lib/eval/rounding.js';
import { repoRoot } from '../helpers/cli.js';

describe('ResNet-20 fixture', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('has 272,474 parameters and 40,813,184 MACs (262,144 of them in the two 1x1 projections)', async () => {
    const m = await loadModelDir(join(repoRoot, 'spec/fixtures/models/resnet20'));
    const p = countParams(m);
    assert.equal(p.trainable, 272_474);
    assert.equal(p.nonTrainable, 2 * (16 + 6 * 16 + 6 * 32 + 6 * 64 + 32 + 64));
    const macs = countMacs(m, [32, 32, 3]).total;
    assert.equal(macs, EXPECTED_MACS);
    assert.ok(Math.abs(macs - 40.8e6) / 40.8e6 < 0.02);
    assert.equal(roundParams(p.trainable), 300_000);
    assert.equal(roundMacs(macs), 41_000_000);
    m.dispose();
  });
});

// stem 1024*27*16; stage 1: 6 convs of 1024*144*16; stage 2: 256*(144*32 + 5*288*32) + proj 256*16*32;
// stage 3: 64*(288*64 + 5*576*64) + proj 64*32*64; dense 64*10
const EXPECTED_MACS = 1024 * 27 * 16 + 6 * 1024 * 144 * 16 + 256 * (144 * 32 + 5 * 288 * 32) + 256 * 16 * 32
  + 64 * (288 * 64 + 5 * 576 * 64) + 64 * 32 * 64 + 64 * 10;
