import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';

test('--help lists every command', () => {
  const r = runCli(['--help']);
  assert.equal(r.code, 0);
  for (const c of ['search', 'check', 'submit', 'validate', 'train', 'eval', 'doctor']) assert.match(r.stdout, new RegExp(`naschain ${c}`));
});

test('an unknown flag is a usage error: exit 2, help and one error line, no stack', () => {
  const r = runCli(['train', '--no-such-flag']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /error: Unknown argument/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('no command is a usage error', () => {
  const r = runCli([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Name a command/);
});

test('a number flag given a word is a usage error that says so (yargs hands us NaN)', () => {
  for (const args of [['train', '--epochs', 'abc'], ['search', '--max-params', 'abc']]) {
    const r = runCli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, new RegExp(`error: ${args[1]}: got a value that is not a number, expected a positive`));
  }
});
