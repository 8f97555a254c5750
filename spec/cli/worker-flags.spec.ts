// --workers and --redis at the edge: bad values are usage errors (exit 2) that
// name the flag; `naschain worker` needs --redis; a Redis that is not there is
// a one-line failure (exit 1), not a hang; a password in the URL is not shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';

test('bad --workers / --redis values and combinations are usage errors naming the flag', () => {
  const cases: [string[], RegExp][] = [
    [['search', '--workers', '0'], /--workers: got 0, expected an integer 1\.\.1024/],
    [['search', '--workers', '1.5'], /--workers: got 1\.5/],
    [['search', '--redis', 'http://127.0.0.1:6379'], /--redis: expected a redis:\/\/ or rediss:\/\/ URL, not http:/],
    [['validate', '--local', 'spec/fixtures/submissions', '--no-isolate', '--workers', '2'], /--no-isolate runs jobs in this process, one at a time; drop --workers and --redis/],
    [['worker'], /Missing required argument: redis/],
    [['worker', '--redis', 'not a url'], /--redis: expected a URL such as redis:\/\/127\.0\.0\.1:6379/],
    [['worker', '--redis', 'redis://127.0.0.1:6379', '--concurrency', '0'], /--concurrency: got 0/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

test('a Redis that is not there: exit 1 with one line, the password hidden', () => {
  const r = runCli(['worker', '--backend', 'cpu', '--redis', 'redis://:hunter2@127.0.0.1:1'], { timeoutMs: 60_000 });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /error: redis redis:\/\/:\*\*\*@127\.0\.0\.1:1: cannot reach it \(.*ECONNREFUSED.*\); is redis-server running there\?/);
  assert.doesNotMatch(r.stderr, /hunter2/);
});
