// `naschain validate --local` (the real CLI) killed with SIGKILL at the unsafe
// places of a round (lib/core/crash-point.ts): in the middle of a retrain, and
// between the SQLite write of a finished retrain and its journal line (with
// the journal's last line torn in half, as a kill mid-write leaves it). Each
// restart on the same state gives the uninterrupted round's table and
// weights, retrains only what was not stored, and retrains no model twice.
// A 1-epoch retrain (standard cosine schedule, so it learns) keeps each round
// to a few seconds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRASH_POINTS } from '../../../lib/core/crash-point.js';
import { deterministicPart, RetrainJournal, type RoundResult } from '../../../lib/validator/round/index.js';
import { StateStore } from '../../../lib/validator/state-store.js';
import { assertKilled, oneJsonDocument, runCliSync } from '../../helpers/crash-cli.js';
import { tempDir } from '../helpers/tiny-model.js';
import { CONFIG, SUBMISSIONS } from './helpers/fixture-round.js';

const tmp = tempDir('round-crash');
after(() => tmp.cleanup());
const config = join(tmp.dir, 'config.json');
const args = (state: string) => ['validate', '--local', SUBMISSIONS, '--config', config, '--state', state, '--backend', 'wasm', '--no-isolate', '--json'];
/** The front of this round: four honest models, each retrained once in an uninterrupted round. */
const FRONT = 4;
let whole: RoundResult;

before(() => {
  writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(CONFIG, 'utf8')), trainEpochs: 1, schedule: 'standard' }));
  whole = oneJsonDocument<RoundResult>(runCliSync(args(join(tmp.dir, 'whole'))), 0, 'uninterrupted round');
  assert.equal(whole.timings.retrained, FRONT);
  assert.ok(whole.weights.uids.length > 0, 'the round sets weights');
});

const journal = (state: string) => new RetrainJournal(state).read();
const events = (state: string, event: string) => journal(state).filter((l) => l.event === event).map((l) => l.uid);
const storedRetrains = (state: string) => {
  const s = StateStore.open(state);
  try {
    return s.listResults().filter((r) => r.retrain !== null).map((r) => r.key.uid);
  } finally {
    s.close();
  }
};

function resume(state: string): RoundResult {
  const r = oneJsonDocument<RoundResult>(runCliSync(args(state)), 0, 'restarted round');
  assert.deepEqual(deterministicPart(r), deterministicPart(whole), 'the restarted round equals the uninterrupted one');
  assert.equal(r.timings.evaluated, 0, 'every evaluation was stored before the kill');
  return r;
}

test('killed in the middle of its second retrain: the restart retrains that model again (its result was never stored) and nothing else twice', () => {
  const state = join(tmp.dir, 'mid-retrain');
  assertKilled(runCliSync(args(state), `${CRASH_POINTS.retrainEpoch}:2`), 'mid-retrain');
  assert.equal(storedRetrains(state).length, 1);
  assert.equal(events(state, 'retrain-start').length, 2);
  assert.equal(events(state, 'retrain-done').length, 1);
  const r = resume(state);
  assert.equal(r.timings.retrained, FRONT - 1);
  const done = events(state, 'retrain-done');
  assert.equal(done.length, FRONT);
  assert.equal(new Set(done).size, FRONT, 'one retrain-done per model');
  assert.equal(events(state, 'retrain-start').length, FRONT + 1, 'only the interrupted retrain started twice');
});

test('killed between storing a retrain and journalling it, the last journal line torn: the restart keeps the stored result, retrains nothing twice and loses only the half line', () => {
  const state = join(tmp.dir, 'stored-not-journalled');
  assertKilled(runCliSync(args(state), `${CRASH_POINTS.retrainStored}:2`), 'between the two writes');
  const stored = storedRetrains(state);
  assert.equal(stored.length, 2, 'both retrains are in SQLite');
  assert.equal(events(state, 'retrain-done').length, 1, 'the second never reached the journal');
  const before = journal(state).length;
  appendFileSync(join(state, 'retrains.jsonl'), '{"event":"retrain-done","uid":9,"commit":"ab'); // a write a kill cut short
  assert.equal(journal(state).length, before, 'the torn line is skipped');
  const r = resume(state);
  assert.equal(r.timings.retrained, FRONT - 2);
  const starts = events(state, 'retrain-start');
  assert.equal(starts.length, FRONT, 'one retrain-start per model: none retrained twice');
  assert.equal(new Set(starts).size, FRONT);
  assert.deepEqual([...storedRetrains(state)].sort(), [...new Set(starts)].sort());
  assert.equal(journal(state).length, before + 2 * (FRONT - 2), 'every line the restart appended reads back (a start and a done per retrain)');
  assert.ok(!journal(state).some((l) => l.uid === 9), 'the torn line never reads back');
});
