import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';

test('--help lists every command', () => {
  const r = runCli(['--help']);
  assert.equal(r.code, 0);
  for (const c of ['search', 'check', 'submit', 'validate', 'train', 'eval', 'doctor']) assert.match(r.stdout, new RegExp(`naschain ${c}`));
});

test('an unknown flag is a usage error: exit 2, one stderr line naming the flag and where help is, no stack', () => {
  const r = runCli(['train', '--bogus-flag']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^error: Unknown argument: bogus-flag \(see naschain train --help\)$/m);
  assert.equal(r.stdout, '');
});

test('--version prints the package version alone', async () => {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const r = runCli(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), pkg.version);
});

test('--seed must be a 32-bit non-negative integer: a word, a fraction or a negative is one usage line, exit 2', () => {
  for (const v of ['abc', '1.5', '-1', '4294967296']) {
    const r = runCli(['train', '--seed', v, '--json']);
    assert.equal(r.code, 2, v);
    assert.equal(r.stdout, '', v);
    assert.match(r.stderr, /^error: --seed: got .*, expected an integer 0\.\.4294967295/, v);
  }
});

test('no command is a usage error', () => {
  const r = runCli([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Name a command/);
});

test('a number flag given a word is a usage error that shows what was typed', () => {
  for (const args of [['train', '--epochs', 'abc'], ['search', '--max-params', 'abc']]) {
    const r = runCli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, new RegExp(`^error: ${args[1]}: got "abc", expected an integer 1\\.\\.`));
  }
});

test("a library's console output (tfjs's Node.js banner) is hidden without --debug and marked as a library's with it", () => {
  const args = ['eval', 'spec/fixtures/models/resnet20', '--metrics-only', '--backend', 'cpu'];
  const quiet = runCli(args);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.doesNotMatch(quiet.stderr + quiet.stdout, /looks like you are running TensorFlow\.js/);
  const debug = runCli([...args, '--debug']);
  assert.equal(debug.code, 0, debug.stderr);
  assert.match(debug.stderr, /^debug: \[library\] Hi, looks like you are running TensorFlow\.js/m);
  assert.doesNotMatch(debug.stdout, /looks like/);
});
