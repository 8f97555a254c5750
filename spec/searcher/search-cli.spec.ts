// `naschain search` and `naschain search --resume` through the real CLI
// (dist/bin/naschain.js): exit 0 with exactly one JSON document on stdout
// under --json; 2 for usage errors; 1 for failures (a missing or already used
// run folder), with nothing on stdout. A fresh search in the tiny space with a
// 3-second budget (its first generation, one final model for one epoch).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_FILES, readRecords } from '../../lib/searcher/run-files.js';
import { oneJsonDocument, runCliSync } from '../helpers/crash-cli.js';
import { comparableRecords, writeTinySpace } from './tiny-search.js';

const root = mkdtempSync(join(tmpdir(), 'naschain-search-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));
const out = join(root, 'run');
interface Outcome { dir: string; wallSeconds: number; underBudget?: string; front: { hash: string; dir: string; accuracy: number; accuracyFloored: number }[]; evaluations: number; submit: { dir: string; clears: boolean; why?: string } | null }
let first: Outcome;

before(() => {
  const space = writeTinySpace(root);
  const r = runCliSync(['search', '--space', space, '--population', '2', '--generations', '1', '--final-epochs', '1', '--time-budget', '0.5', '--out', out, '--backend', 'wasm', '--json']);
  first = oneJsonDocument<Outcome>(r, 0, 'search');
});

test('search --json: exit 0, one JSON document describing the run folder', () => {
  assert.equal(first.dir, out);
  assert.ok(first.front.length >= 1, 'a front model was trained');
  assert.equal(first.evaluations, readRecords(out).length);
  assert.deepEqual(first.front.map((m) => m.hash), JSON.parse(readFileSync(join(out, RUN_FILES.front), 'utf8')).models.map((m: { hash: string }) => m.hash));
  // The model to submit: the most accurate; it clears fashion-mnist-small's minimum (80%) or the summary says why not.
  const best = [...first.front].sort((a, b) => b.accuracy - a.accuracy)[0];
  assert.equal(first.submit?.dir, best?.dir);
  assert.equal(first.submit?.clears, (best?.accuracyFloored ?? 0) >= 80);
  if (!first.submit?.clears) assert.match(first.submit?.why ?? '', /below the minimum of 80%/);
  // One generation of 2 ends well inside the 30 s: the outcome says why the rest of the budget went unused.
  if (first.wallSeconds < 0.95 * 30) assert.match(first.underBudget ?? '', /^(every promoted model was trained|the final phase trained what fit)/);
});

test('search --resume of a finished run: exit 0, one JSON document, the same front, nothing evaluated again', () => {
  const before = comparableRecords(out);
  const again = oneJsonDocument<Outcome>(runCliSync(['search', '--resume', out, '--backend', 'wasm', '--json']), 0, 'search --resume');
  assert.deepEqual(again.front, first.front);
  assert.equal(again.evaluations, first.evaluations);
  assert.deepEqual(comparableRecords(out), before);
});

test('the text summary says how long before its budget a run ended and why, only when more than 5% of it was left', () => {
  const r = runCliSync(['search', '--resume', out, '--backend', 'wasm']);
  assert.equal(r.code, 0, r.stderr);
  const wall = Number(/^time: (\d+)s in all/m.exec(r.stdout)?.[1]);
  assert.ok(Number.isFinite(wall), `a "time: Ns in all" line in:\n${r.stdout}`);
  const ended = /^ended (\d+\.\d) min before the 0\.5-min budget: (.+)$/m.exec(r.stdout);
  if (wall < 0.95 * 30) {
    assert.ok(ended, `an "ended ... before the budget" line in:\n${r.stdout}`);
    assert.ok(Math.abs(Number(ended[1]) - (30 - wall) / 60) <= 0.1, `${ended[1]} min against ${wall}s spent of 30s`);
    assert.match(ended[2] ?? '', /^(every promoted model was trained with the final recipe|the final phase trained what fit at 1 epoch; )/);
  } else {
    assert.equal(ended, null, 'no such line when the run used its budget');
  }
});

test('usage errors exit 2, failures exit 1; stdout stays empty under --json', () => {
  const cases: Array<[string[], number, RegExp]> = [
    [['search', '--population', '0'], 2, /--population: got 0, expected an integer 1\.\.10000/],
    [['search', '--time-budget', 'soon'], 2, /--time-budget: got "soon", expected/],
    [['search', '--bogus-flag'], 2, /Unknown argument: bogus-flag/],
    [['search', '--resume', join(root, 'nothing-here')], 2, /--resume .*nothing-here: no such folder; expected the run folder/],
    [['search', '--out', out, '--backend', 'wasm'], 2, /holds a run already; continue it with --resume/],
  ];
  for (const [args, code, message] of cases) {
    const r = runCliSync([...args, '--json']);
    oneJsonDocument(r, code, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
  }
});
