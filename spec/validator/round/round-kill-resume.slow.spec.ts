// The round as a user runs it, in child processes (~2 min): one uninterrupted
// run, and one killed with SIGKILL right after its first retrain is stored,
// then restarted on the same state. Both give the same table and weights bit
// for bit, and the retrain journal shows no model retrained twice.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../../helpers/crash-cli.js';
import { deterministicPart, RetrainJournal, type RoundResult } from '../../../lib/validator/round/index.js';
import { tempDir } from '../helpers/tiny-model.js';
import { CONFIG, GOLDEN_WEIGHTS, SUBMISSIONS } from './helpers/fixture-round.js';

const tmp = tempDir('round-kill');
after(() => tmp.cleanup());
const argsFor = (state: string) => ['validate', '--local', SUBMISSIONS, '--config', CONFIG, '--state', state, '--backend', 'wasm', '--json'];

function runToEnd(state: string): RoundResult {
  const r = spawnSync(process.execPath, [BIN, ...argsFor(state)], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as RoundResult;
}

/** Starts a round and SIGKILLs it as soon as the journal shows a stored retrain. */
async function runAndKillAfterFirstRetrain(state: string): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [BIN, ...argsFor(state)], { stdio: 'ignore' });
  const journal = join(state, 'retrains.jsonl');
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const timer = setInterval(() => {
    if (existsSync(journal) && readFileSync(journal, 'utf8').includes('"retrain-done"')) child.kill('SIGKILL');
  }, 20);
  try {
    return await exited;
  } finally {
    clearInterval(timer);
  }
}

test('a round killed after its first retrain and restarted equals an uninterrupted one, retraining nothing twice', async () => {
  const whole = runToEnd(join(tmp.dir, 'whole'));
  assert.deepEqual(whole.weights, GOLDEN_WEIGHTS);
  const killedState = join(tmp.dir, 'killed');
  assert.equal(await runAndKillAfterFirstRetrain(killedState), 'SIGKILL');
  const lines = new RetrainJournal(killedState).read();
  const doneBefore = lines.filter((l) => l.event === 'retrain-done').length;
  assert.ok(doneBefore >= 1 && doneBefore < 4, `killed mid-round (${doneBefore} retrains stored)`);
  const resumed = runToEnd(killedState);
  assert.deepEqual(deterministicPart(resumed), deterministicPart(whole));
  assert.equal(resumed.timings.retrained, 4 - doneBefore, 'the restart retrains only what was not stored');
  const done = new RetrainJournal(killedState).read().filter((l) => l.event === 'retrain-done').map((l) => l.uid);
  assert.deepEqual([...done].sort(), [1, 2, 3, 4]);
  assert.equal(new Set(done).size, done.length, 'no model retrained twice');
});
