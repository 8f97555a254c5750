// The pool of N child-process runners (`--workers N`): N jobs run at once on N
// workers; a job that kills its worker costs that job only and the pool goes
// on; hundreds of jobs start no worker beyond N and every worker is gone
// after close().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobPool } from '../../lib/worker/job-pool.js';
import type { ChildProcessRunner } from '../../lib/worker/child-runner.js';
import { liveChildren } from '../../lib/worker/exit-guard.js';
import { alive, echoRunner } from './helpers/echo-runner.js';
import type { EchoJob } from './helpers/echo-worker.js';

const LONG = { ms: 30_000, why: 'spec' };

function pool(size: number, onJobStart?: (pid: number) => void) {
  const runners: ChildProcessRunner<EchoJob, unknown>[] = [];
  const p = new JobPool<EchoJob, unknown>(size, () => {
    const r = echoRunner(onJobStart ? { onJobStart } : {});
    runners.push(r);
    return r;
  });
  return { p, pids: () => runners.flatMap((r) => r.pids) };
}

test('N jobs run at once on N workers; a crash costs its job only', async () => {
  let running = 0, most = 0;
  const { p, pids } = pool(3, () => { running++; most = Math.max(most, running); });
  try {
    assert.equal(p.capacity, 3);
    const slow = await Promise.all([1, 2, 3, 4, 5, 6].map(async () => {
      const o = await p.run({ op: 'sleep', ms: 300 }, LONG);
      running--;
      return o.ok;
    }));
    assert.deepEqual(slow, [true, true, true, true, true, true]);
    assert.equal(most, 3, 'three jobs were running at once');
    assert.equal(new Set(pids()).size, 3);
    const mixed = await Promise.all([p.run({ op: 'exit', code: 3 }, LONG), p.run({ op: 'echo', value: 'a' }, LONG), p.run({ op: 'echo', value: 'b' }, LONG)]);
    assert.ok(!mixed[0].ok && mixed[0].kind === 'died');
    assert.deepEqual(mixed.slice(1).map((o) => o.ok && o.value), ['a', 'b']);
  } finally {
    await p.close();
  }
  for (const pid of pids()) assert.equal(alive(pid), false, `worker ${pid} is gone after close()`);
  await assert.rejects(p.run({ op: 'echo', value: 1 }, LONG), /after close\(\)/);
});

test('hundreds of jobs: answers in the callers\' hands, no worker beyond N, none left after close()', async () => {
  const { p, pids } = pool(2);
  try {
    const values = Array.from({ length: 300 }, (_, i) => ({ i, sq: i * i }));
    const out = await Promise.all(values.map((v) => p.run({ op: 'echo', value: v }, LONG)));
    assert.deepEqual(out.map((o) => o.ok && o.value), values);
    assert.equal(pids().length, 2, 'two workers served 300 jobs');
  } finally {
    await p.close();
  }
  assert.equal(liveChildren(), 0);
  for (const pid of pids()) assert.equal(alive(pid), false);
});
