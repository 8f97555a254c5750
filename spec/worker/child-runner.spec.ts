// The child-process runner on a worker without tfjs (fast): results come back
// as plain data; a throw, a deadline, a crash, a kill from outside and an
// oversized reply each cost one job and the next job runs; a note can revise
// the deadline; a worker that cannot start is the runner's error; no worker
// process outlives close() or its parent (normal exit, uncaught error,
// SIGTERM, and SIGKILL of the parent while the worker's event loop is blocked).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { NaschainError } from '../../lib/core/errors.js';
import { FrameReader, encodeFrame } from '../../lib/worker/frames.js';
import { alive, echoRunner, goneWithin } from './helpers/echo-runner.js';

const LONG = { ms: 30_000, why: 'spec' };

test('results, a throw, a timeout, a crash and an outside kill: each costs its job only, and no pid outlives close()', async () => {
  const started: number[] = [];
  const runner = echoRunner({ onJobStart: (pid) => started.push(pid) });
  try {
    assert.deepEqual(await runner.run({ op: 'echo', value: { a: [1, 2.5, 0.1 + 0.2] } }, LONG).then((o) => o.ok && o.value), { a: [1, 2.5, 0.1 + 0.2] });
    const thrown = await runner.run({ op: 'throw', message: 'bad model' }, LONG);
    assert.deepEqual([thrown.ok, !thrown.ok && thrown.kind, !thrown.ok && thrown.message], [false, 'error', 'bad model']);
    assert.equal(runner.pids.length, 1, 'a throw keeps the worker');

    const t0 = performance.now();
    const late = await runner.run({ op: 'spin', ms: 20_000 }, { ms: 300, why: 'a spec deadline' });
    assert.ok(!late.ok && late.kind === 'timeout', JSON.stringify(late));
    assert.match(late.message, /ran past its deadline of 300 ms \(a spec deadline\); the worker was killed/);
    assert.ok(performance.now() - t0 < 5000, 'stopped at the deadline, not when the job ended');
    assert.equal(alive(runner.pids[0] as number), false, 'the timed-out worker is killed and reaped');

    const crash = await runner.run({ op: 'exit', code: 7 }, LONG);
    assert.ok(!crash.ok && crash.kind === 'died');
    assert.match(crash.message, /exited with code 7/);

    const before = started.length;
    const killed = runner.run({ op: 'sleep', ms: 20_000 }, LONG);
    while (started.length === before) await new Promise((r) => setTimeout(r, 10));
    process.kill(started[before] as number, 'SIGKILL');
    const outside = await killed;
    assert.ok(!outside.ok && outside.kind === 'died');
    assert.match(outside.message, /exited with signal SIGKILL/);

    assert.deepEqual(await runner.run({ op: 'echo', value: 'next' }, LONG).then((o) => o.ok && o.value), 'next', 'the next job runs on a fresh worker');
    assert.equal(new Set(runner.pids).size, 4, 'one fresh worker after each lost one');
  } finally {
    await runner.close();
  }
  for (const pid of runner.pids) assert.equal(alive(pid), false, `worker ${pid} is gone after close()`);
  await assert.rejects(runner.run({ op: 'echo', value: 1 }, LONG), /run\(\) after close\(\)/);
});

test('a note revises the deadline; a reply over the cap is refused before it is buffered', async () => {
  const runner = echoRunner({ maxReplyBytes: 10_000 });
  try {
    const extended = await runner.run({ op: 'note-then-sleep', note: 1500, ms: 600 }, {
      ms: 300, why: 'short', revise: (n) => ({ ms: Number(n.extra), why: 'from the note' }),
    });
    assert.deepEqual(extended.ok && extended.value, 'noted', JSON.stringify(extended));
    const cut = await runner.run({ op: 'note-then-sleep', note: 200, ms: 5000 }, {
      ms: 30_000, why: 'long', revise: (n) => ({ ms: Number(n.extra), why: 'from the note' }),
    });
    assert.ok(!cut.ok && cut.kind === 'timeout' && /deadline of 200 ms \(from the note\)/.test(cut.message), JSON.stringify(cut));

    const big = await runner.run({ op: 'big', bytes: 50_000 }, LONG);
    assert.ok(!big.ok && big.kind === 'died', JSON.stringify(big));
    assert.match(big.message, /reply was refused \(worker reply: a frame of 500[0-9]{2} bytes, expected at most 10000\)/);
    assert.deepEqual(await runner.run({ op: 'big', bytes: 100 }, LONG).then((o) => o.ok && (o.value as string).length), 100);
  } finally {
    await runner.close();
  }
});

test('a worker whose setup fails is the runner\'s error, not a job outcome', async () => {
  const runner = echoRunner({ args: ['--fail-setup'] });
  await assert.rejects(runner.run({ op: 'echo', value: 1 }, LONG), (e: unknown) => e instanceof NaschainError && /could not start \(setup refused on purpose\)/.test(e.message));
  await runner.close();
  for (const pid of runner.pids) assert.equal(alive(pid), false);
});

test('frames: split anywhere they reassemble; a length over the cap throws at the header', () => {
  const bytes = Buffer.concat([encodeFrame({ a: 1 }), encodeFrame('two')]);
  const reader = new FrameReader(100);
  const got: unknown[] = [];
  for (let i = 0; i < bytes.length; i += 3) got.push(...reader.push(bytes.subarray(i, i + 3)));
  assert.deepEqual(got, [{ a: 1 }, 'two']);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(1 << 30, 0);
  assert.throws(() => new FrameReader(100).push(head), /a frame of 1073741824 bytes, expected at most 100/);
});

for (const mode of ['exit', 'throw', 'idle', 'SIGTERM', 'SIGINT', 'SIGKILL'] as const) {
  test(`no worker outlives its parent: ${mode}`, async () => {
    const main = join(repoRoot, 'dist/spec/worker/helpers/parent-main.js');
    const parent = spawn(process.execPath, [main, mode.startsWith('SIG') ? 'wait' : mode, mode === 'SIGKILL' ? 'spin' : 'sleep'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    parent.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    const pid = await new Promise<number>((resolve, reject) => {
      parent.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(Number(out.trim()));
      });
      parent.once('exit', () => reject(new Error(`parent exited before starting a job: ${err}`)));
    });
    assert.ok(pid > 0 && alive(pid), 'the worker runs');
    if (mode.startsWith('SIG')) {
      await new Promise((r) => setTimeout(r, 300));
      parent.kill(mode as NodeJS.Signals);
    }
    const code = await new Promise<number | null>((resolve) => {
      if (parent.exitCode !== null || parent.signalCode !== null) resolve(parent.exitCode);
      else parent.once('exit', (c) => resolve(c));
    });
    assert.ok(await goneWithin(pid, 3000), `worker ${pid} is gone after its parent ended (${mode}, exit ${code}): ${err}`);
    if (mode === 'idle') assert.equal(code, 0, 'an idle worker does not keep its parent alive');
  });
}
