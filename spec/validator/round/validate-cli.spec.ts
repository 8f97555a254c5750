// `naschain validate --local` through the real CLI (dist/bin/naschain.js) in a
// child process, without the retrain (seconds): the table on stdout, progress
// on stderr, the HTML report, one JSON document with --json, and usage errors
// (exit 2) for bad flags.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../../helpers/crash-cli.js';
import { tempDir } from '../helpers/tiny-model.js';
import { CONFIG, EXPECTED_REJECTIONS, SUBMISSIONS } from './helpers/fixture-round.js';

const tmp = tempDir('validate-cli');
after(() => tmp.cleanup());
const run = (args: string[]) => spawnSync(process.execPath, [BIN, 'validate', '--backend', 'wasm', ...args], { encoding: 'utf8', timeout: 120_000 });

test('validate --no-retrain prints the table, logs progress on stderr and writes the report', () => {
  const report = join(tmp.dir, 'out', 'round.html');
  const r = run(['--local', SUBMISSIONS, '--config', CONFIG, '--state', join(tmp.dir, 'state'), '--no-retrain', '--report', report]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^backend: wasm/);
  assert.match(r.stderr, /\[11\/11\] leaky-test-trained uid 4: accuracy 93\.50% \(93\)/);
  const lines = r.stdout.split('\n');
  assert.match(lines[0] ?? '', /^uid\s+name\s+hotkey\s+accuracy \(scored\)\s+params \(scored\)\s+MACs \(scored\)\s+retrained\s+gap\s+pareto\s+reward\s+weight\s+reason$/);
  for (const [name, reason] of Object.entries(EXPECTED_REJECTIONS)) {
    assert.match(r.stdout, new RegExp(`${name}\\s.*rejected\\s+0\\s+0\\s+${reason}: `), name);
  }
  // Without the retrain the leaky model's inflated accuracy wins: that is what the leak guard is for.
  assert.match(r.stdout, /front \(uids\): 1, 4\n/);
  assert.match(r.stdout, /retrain: off/);
  assert.ok(existsSync(report));
  assert.match(readFileSync(report, 'utf8'), /leaky-test-trained/);
});

test('validate --json prints one JSON document', () => {
  const r = run(['--local', SUBMISSIONS, '--config', CONFIG, '--state', join(tmp.dir, 'state'), '--no-retrain', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { kind: string; rows: unknown[]; weights: { uids: number[] } };
  assert.equal(doc.kind, 'naschain/validator-round');
  assert.equal(doc.rows.length, 11);
  assert.deepEqual(doc.weights.uids, [1, 4]);
  assert.equal(r.stderr, '', 'nothing but warnings on stderr with --json');
});

test('bad flags are usage errors naming the flag', () => {
  const r = run(['--local', SUBMISSIONS, '--state', join(tmp.dir, 's2'), '--max-weight-limit', '70000']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--max-weight-limit: got 70000, expected an integer 0\.\.65535/);
  const missing = run(['--local', join(tmp.dir, 'nope'), '--config', CONFIG, '--state', join(tmp.dir, 's3')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--local .*nope: no such folder/);
  assert.equal(existsSync(join(tmp.dir, 's3')), false, 'no state folder is created for a missing --local');
});

test('deadline flags are checked before any work: positive seconds, and not with --no-isolate', () => {
  const bad = run(['--local', SUBMISSIONS, '--state', join(tmp.dir, 's4'), '--eval-timeout', '0']);
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /--eval-timeout: got 0, expected a number > 0 and <= 2147483 \(seconds\)/);
  const word = run(['--local', SUBMISSIONS, '--state', join(tmp.dir, 's4'), '--retrain-timeout', 'soon']);
  assert.match(word.stderr, /--retrain-timeout: got "soon", expected a number > 0/);
  const both = run(['--local', SUBMISSIONS, '--state', join(tmp.dir, 's4'), '--no-isolate', '--eval-timeout', '5']);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--no-isolate runs jobs in this process, where no deadline or heap cap can be enforced/);
  assert.equal(existsSync(join(tmp.dir, 's4')), false);
});

test('a failure (a state database that is not SQLite) exits 1 with one line naming the file, and nothing on stdout under --json', () => {
  const state = join(tmp.dir, 'broken-state');
  mkdirSync(state, { recursive: true });
  writeFileSync(join(state, 'validator.sqlite'), 'not a database, just text that is long enough to be read as a header by sqlite');
  const r = run(['--local', SUBMISSIONS, '--config', CONFIG, '--state', state, '--no-retrain', '--json']);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error: validator state .*validator\.sqlite: not a readable SQLite database \(SQLITE_NOTADB\)$/m);
});
