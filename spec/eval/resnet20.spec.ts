// The ResNet-20 fixture (scripts/make-resnet20.ts, plain tfjs-layers) checks
// the counters against a model none of our builders made.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadModelDir } from '../../lib/model/load/load-model.js';
import { countParams } from '../../lib/eval/params.js';
import { countMacs } from '../../lib/eval/macs/count.js';
import { roundMacs, roundParams } from '../../lib/eval/rounding.js';
import { repoRoot } from '../helpers/cli.js';

describe('ResNet-20 fixture', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('has 272,474 parameters and 41,292,682 MACs as upstream counts them (40,813,184 of them weight MACs)', async () => {
    const m = await loadModelDir(join(repoRoot, 'spec/fixtures/models/resnet20'));
    const p = countParams(m);
    assert.equal(p.params, 272_474);
    assert.equal(p.buffers, 2 * (16 + 6 * 16 + 6 * 32 + 6 * 64 + 32 + 64));
    const r = countMacs(m, [32, 32, 3]);
    assert.equal(r.weightOnly, WEIGHT_MACS);
    assert.equal(r.total, WEIGHT_MACS + FOLDED_BIAS + RELU + ADD + GAP + DENSE_BIAS);
    assert.equal(r.total, 41_292_682);
    assert.equal(r.uses, 72);
    assert.equal(roundParams(p.params), 300_000);
    assert.equal(roundMacs(r.total), 41_000_000);
    m.dispose();
  });
});

// stem 1024*27*16; stage 1: 6 convs of 1024*144*16; stage 2: 256*(144*32 + 5*288*32) + proj 256*16*32;
// stage 3: 64*(288*64 + 5*576*64) + proj 64*32*64; dense 64*10
const WEIGHT_MACS = 1024 * 27 * 16 + 6 * 1024 * 144 * 16 + 256 * (144 * 32 + 5 * 288 * 32) + 256 * 16 * 32
  + 64 * (288 * 64 + 5 * 576 * 64) + 64 * 32 * 64 + 64 * 10;
// Every conv is followed by its BN, folded: one bias add per output element.
// Output volumes: 16,384 (stem and the 6 stage-1 convs), 8,192 (7 in stage 2 with the projection), 4,096 (7 in stage 3).
const FOLDED_BIAS = 7 * 16_384 + 7 * 8_192 + 7 * 4_096;
// ReLUs: the stem's, then two per block (after conv1 and after the add), 3 blocks per stage.
const RELU = 16_384 + 6 * 16_384 + 6 * 8_192 + 6 * 4_096;
// One residual Add per block.
const ADD = 3 * 16_384 + 3 * 8_192 + 3 * 4_096;
// GlobalAveragePool over 8x8x64: 4,096 adds and 64 divisions of 4.
const GAP = 4_096 + 4 * 64;
// Gemm's bias add over the 10 logits.
const DENSE_BIAS = 10;
