// scoreAgainstRound: one more model placed among the scored models of a saved
// round (spec/fixtures/rounds/submissions-round.json, a real `validate --json`
// output), scored with lib/score's front, ties, rewards and u16 weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { checkRoundResult, scoreAgainstRound } from '../../lib/miner/against-round.js';

const path = resolve(repoRoot, 'spec/fixtures/rounds/submissions-round.json');
const round = checkRoundResult(JSON.parse(readFileSync(path, 'utf8')), path);
const small = { accuracy: 79, params: 2000, macs: 10000 };

test('the same numbers in place of uid 1 replay the round: same front, same u16 weights', () => {
  const a = scoreAgainstRound(round, small, 1);
  assert.equal(a.status, 'front');
  assert.equal(a.replaced, 'honest-small');
  assert.deepEqual([...a.front].sort(), [...round.front].sort());
  const saved = round.weights.weights[round.weights.uids.indexOf(1)];
  assert.equal(a.weight, saved);
  assert.ok(a.reward > 0 && a.weightShare > 0 && a.weightShare < 1);
});

test('as a new uid, identical numbers lose the tie to the earlier commitment', () => {
  const a = scoreAgainstRound(round, small);
  assert.equal(a.uid, round.subnetSize);
  assert.equal(a.status, 'tie-lost');
  assert.equal(a.weight, 0);
  assert.deepEqual([...a.front].sort(), [1, 2, 3]);
});

test('a model better than honest-small and honest-medium pushes both off; the reward formula sets its weight', () => {
  const a = scoreAgainstRound(round, { accuracy: 81, params: 2000, macs: 9000 });
  assert.equal(a.status, 'front');
  assert.deepEqual(a.displaces.map((m) => m.name).sort(), ['honest-medium', 'honest-small']);
  assert.deepEqual([...a.front].sort(), [3, a.uid].sort());
  // Front {honest-large (82, 8000, 40000), mine (81, 2000, 9000)}: min-max gives large (1, 1, 1), mine (0, 0, 0);
  // scores 1 - 0.25 - 0.5 = 0.25 and 0; large gets 65535, mine round(65535 * e^-0.25) = 51039.
  assert.equal(a.weight, 51039);
  assert.equal(a.reward, 1 / (1 + Math.exp(0.25)));
});

test('dominated and non-candidate models get nothing, and say by whom', () => {
  const d = scoreAgainstRound(round, { accuracy: 78, params: 3000, macs: 10000 });
  assert.equal(d.status, 'dominated');
  assert.deepEqual(d.dominatedBy.map((m) => m.name), ['honest-small']);
  assert.equal(d.weight, 0);
  const low = scoreAgainstRound(round, { accuracy: 69, params: 100, macs: 100 });
  assert.equal(low.status, 'not-candidate');
  assert.equal(low.reward, 0);
});

test('a document that is not a round is refused with its name', () => {
  assert.throws(() => checkRoundResult({ kind: 'naschain/something' }, 'x.json'), /round result x\.json: kind "naschain\/something"/);
  assert.throws(() => checkRoundResult([], 'y.json'), /round result y\.json/);
});
