// Through the real CLI: names a model or a submission controls (layer class
// and layer names, weight names, the folder name, the declared hash) carry
// ESC[2J, OSC-52 (clipboard write), CR, LF, C1 CSI and a bidi override, and
// reach the rejection messages; stdout and stderr must not carry one control
// byte (but the newline that ends each line), and no forged line appears.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../helpers/tiny-model.js';
import { CONFIG, SUBMISSIONS } from './helpers/fixture-round.js';

const tmp = tempDir('terminal-injection');
after(() => tmp.cleanup());

const INJECT = 'X\u001b[2J\u001b]52;c;ZXZpbA==\u0007\rfront (uids): 9\n\u009b31m\u202eY';
/** Any control byte a terminal acts on, or a character that reorders or breaks a line; '\n' is checked per line. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

type ModelJson = {
  modelTopology: { config: { layers: { name: string; class_name: string; config: Record<string, unknown> }[] } };
  weightsManifest: { weights: { name: string; dtype: string }[] }[];
};

function copy(name: string, edit: (json: ModelJson, submission: Record<string, unknown>) => void): void {
  const dir = join(tmp.dir, 'subs', name);
  cpSync(join(SUBMISSIONS, 'honest-small'), dir, { recursive: true });
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelJson;
  const sub = JSON.parse(readFileSync(join(dir, 'submission.json'), 'utf8')) as Record<string, unknown>;
  edit(json, sub);
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
  writeFileSync(join(dir, 'submission.json'), JSON.stringify(sub));
}

function assertClean(text: string, stream: string): void {
  for (const [i, line] of text.split('\n').entries()) assert.doesNotMatch(line, CONTROL, `${stream} line ${i + 1}: ${JSON.stringify(line)}`);
}

test('hostile names in a local round reach the table and the log without a control byte or a forged line', () => {
  copy('a-honest', (_, s) => { s.uid = 1; });
  copy('b-evil-class', (j, s) => {
    s.uid = 2;
    const layer = j.modelTopology.config.layers[2];
    assert.ok(layer);
    // Only the class: a hostile layer name is now refused earlier (bad-topology, its
    // own spec in spec/model/load/canonical-topology.spec.ts), before the class is read.
    layer.class_name = INJECT;
  });
  copy('c-evil-weight', (j, s) => {
    s.uid = 3;
    const w = j.weightsManifest[0]?.weights[0];
    assert.ok(w);
    w.name = `conv1/kernel${INJECT}`;
    w.dtype = 'int32';
  });
  copy(`d-evil-dir${INJECT.replace('\n', '')}`, (_, s) => { s.uid = 4; s.hash = INJECT; });
  const r = runCli(['validate', '--local', join(tmp.dir, 'subs'), '--config', CONFIG, '--state', join(tmp.dir, 'state'), '--no-retrain', '--backend', 'wasm']);
  assert.equal(r.code, 0, r.stderr);
  assertClean(r.stdout, 'stdout');
  assertClean(r.stderr, 'stderr');
  // The hostile text did reach the output (stripped), so the check above is not vacuous.
  for (const reason of ['disallowed-layer', 'bad-dtype', 'hash-mismatch']) assert.match(r.stdout, new RegExp(`rejected .*${reason}: .*\\[2J`), reason);
  assert.match(r.stderr, /rejected \(disallowed-layer\) .*\[2J.*52;c;ZXZpbA==/);
  const fronts = r.stdout.split('\n').filter((l) => l.includes('front (uids)'));
  assert.deepEqual(fronts.filter((l) => l.startsWith('front')), ['front (uids): 1'], 'only the real front line starts a line');
  for (const l of r.stderr.split('\n')) assert.ok(!l.startsWith('front'), `forged stderr line ${JSON.stringify(l)}`);
  // The --json document keeps the exact text, escaped by JSON itself.
  const j = runCli(['validate', '--local', join(tmp.dir, 'subs'), '--config', CONFIG, '--state', join(tmp.dir, 'state'), '--no-retrain', '--backend', 'wasm', '--json']);
  assert.equal(j.code, 0, j.stderr);
  const doc = JSON.parse(j.stdout) as { rows: { name: string }[] };
  assert.ok(doc.rows.some((row) => row.name === `d-evil-dir${INJECT.replace('\n', '')}`));
});

test("the CLI's error boundary strips control characters from an error quoting untrusted text", () => {
  const r = runCli(['validate', '--local', join(tmp.dir, `missing${INJECT}`), '--config', CONFIG, '--state', join(tmp.dir, 's2'), '--backend', 'wasm']);
  assert.equal(r.code, 2);
  assertClean(r.stderr, 'stderr');
  assert.match(r.stderr, /error: --local .*missingX\[2J\]52;c;ZXZpbA==front \(uids\): 931mY: no such folder/);
});
