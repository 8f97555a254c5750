// The local pool of real job workers (tfjs on wasm, one thread each): a
// candidate evaluated in a worker gives the in-process result bit for bit;
// hundreds of jobs leak no tensor (the evaluator checks the count after each
// and would fail the candidate) and no process (two workers serve them all,
// none is left after close()).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../lib/backend/select.js';
import { rngFor } from '../../lib/core/rng.js';
import { valiPreset } from '../../lib/core/vali-config.js';
import { loadDataset } from '../../lib/data/load-dataset.js';
import { localJobPool } from '../../lib/jobs/local-pool.js';
import { datasetRef, type EvaluatorSetup } from '../../lib/jobs/naschain-job.js';
import { loadSearchSpace } from '../../lib/search/space-file.js';
import { sampleGenome } from '../../lib/search/variation.js';
import { runCandidate, type CandidateResult } from '../../lib/searcher/record.js';
import { seedGenomes } from '../../lib/searcher/seed-genomes.js';
import { TfjsEvaluator } from '../../lib/searcher/tfjs-evaluator.js';
import { liveChildren } from '../../lib/worker/exit-guard.js';
import { NO_DEADLINE } from '../../lib/worker/job-runner.js';
import { alive } from '../worker/helpers/echo-runner.js';

const space = loadSearchSpace('macro');
const config = valiPreset('fashion-mnist-small');
const strip = ({ seconds: _s, ...r }: CandidateResult) => r;

test('a pool of two wasm workers: results of this process bit for bit; 200 jobs, no tensor or process left behind', async () => {
  const backend = await initBackend('wasm');
  const dataset = await loadDataset('fashion-mnist-small');
  const setup: EvaluatorSetup = { space, dataset: datasetRef(dataset), config, holdout: 256, seed: 3 };
  const tiny = seedGenomes(space)[3]!;
  const fidelity = { trainImages: 256, epochs: 1, batchSize: 32 };
  const trained = { maxParams: 60_000, maxMacs: 280_000_000, maxBytes: 5_767_168 };
  const pids = new Set<number>();
  const pool = localJobPool({ size: 2, backend: backend.name, tfBackend: backend.tfName, onJobStart: (pid) => pids.add(pid) });
  try {
    const run = async (genome: typeof tiny, limits = trained) => {
      const o = await pool.run({ kind: 'candidate', setup, limits, request: { genome, fidelity } }, NO_DEADLINE);
      assert.ok(o.ok, JSON.stringify(o));
      return o.value as CandidateResult;
    };
    const here = await runCandidate(new TfjsEvaluator({ ...setup, dataset }), trained, () => Date.now(), { genome: tiny, fidelity });
    const before = tf.memory().numTensors;
    const [a, b] = await Promise.all([run(tiny), run(tiny)]);
    assert.equal(a.status, 'complete', JSON.stringify(a));
    assert.deepEqual(strip(a), strip(here), 'a worker gives the in-process result');
    assert.deepEqual(strip(b), strip(here), 'and so does the other');
    // 200 more: sampled genomes measured (built, counted, disposed) and refused on a tiny cap, plus trained ones.
    const rng = rngFor(1, 'pool-spec');
    const many = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 50 === 0 ? run(tiny) : run(sampleGenome(space, rng), { ...trained, maxParams: 500 }))));
    assert.deepEqual(many.filter((r) => r.status === 'failed').map((r) => r.reason), [], 'no candidate failed (a leaked tensor fails it)');
    assert.equal(many.filter((r) => r.status === 'complete').length, 4);
    assert.equal(tf.memory().numTensors, before, 'nothing allocated here');
    assert.equal(pids.size, 2, 'two worker processes served 202 jobs');
  } finally {
    await pool.close();
  }
  assert.equal(liveChildren(), 0, 'no worker left');
  for (const pid of pids) assert.equal(alive(pid), false, `worker ${pid} is gone`);
});
