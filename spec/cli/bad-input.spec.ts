// Every command, driven through dist/bin/naschain.js as a user types it, with
// a table of bad inputs (issue 14's among them): each gives the exact exit
// code (2: usage, 1: failure), exactly one line on stderr without --debug
// (the error, no help text, no library noise, no stack), nothing on stdout,
// and leaves a validator state folder and a search run folder as they were
// (every file hashed before and after); a path the command would have
// created is not created.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { valiPreset } from '../../lib/core/vali-config.js';
import { loadSearchSpace } from '../../lib/search/space-file.js';
import { defaultSettings } from '../../lib/searcher/defaults.js';
import { RUN_FILES, writeJsonAtomic } from '../../lib/searcher/run-files.js';
import { StateStore } from '../../lib/validator/state-store.js';
import { repoRoot } from '../helpers/cli.js';

const BIN = resolve(repoRoot, 'dist/bin/naschain.js');
const tmp = mkdtempSync(join(tmpdir(), 'naschain-bad-input-'));
const STATE = join(tmp, 'state');
const RUN = join(tmp, 'run');
const MODEL = join(tmp, 'model');
const SUBS = resolve(repoRoot, 'spec/fixtures/submissions');
const CONFIG = resolve(repoRoot, 'spec/fixtures/submissions-config.json');
const ROUND = resolve(repoRoot, 'spec/fixtures/rounds/submissions-round.json');
const FILE = join(tmp, 'a-file.txt');
const NEW = join(tmp, 'must-not-appear');
/** A command that reached the network would wait here for a node that never answers. */
const NOWHERE = ['--subtensor.chain_endpoint', 'ws://127.0.0.1:9', '--subtensor.timeout', '2'];

interface Run { code: number | null; stdout: string; stderr: string }

function run(args: string[], opts: { asNobody?: boolean } = {}): Promise<Run> {
  const [cmd, argv] = opts.asNobody
    ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, BIN, ...args]]
    : [process.execPath, [BIN, ...args]];
  return new Promise((done) => {
    const child = spawn(cmd, argv, { cwd: tmp, env: { ...process.env, HF_TOKEN: '', HF_ACCESS_TOKEN: '', HF_TOKEN_PATH: join(tmp, 'no-token') } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += String(d); });
    child.stderr.on('data', (d: Buffer) => { stderr += String(d); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => { clearTimeout(timer); done({ code, stdout, stderr }); });
  });
}

/** path -> sha256 of every file under dir, and each file's mtime. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out[p.slice(dir.length)] = `${createHash('sha256').update(readFileSync(p)).digest('hex')} ${st.mtimeMs}`;
    }
  };
  walk(dir);
  return out;
}

type Case = [args: string[], code: 1 | 2, message: RegExp];

const CASES: Case[] = [
  // numbers: type, range, missing value, what was typed (issue 14's list first)
  [['train', '--seed', 'abc', '--json'], 2, /^error: --seed: got "abc", expected an integer 0\.\.4294967295 \(see naschain train --help\)$/],
  [['train', '--seed', '4294967296'], 2, /^error: --seed: got 4294967296, expected an integer 0\.\.4294967295/],
  [['chain', 'info', '--netuid', 'abc'], 2, /^error: --netuid: got "abc", expected an integer 0\.\.65535 \(see naschain chain info --help\)$/],
  [['chain', 'commitments', '--netuid', '70000'], 2, /^error: --netuid: got 70000, expected an integer 0\.\.65535/],
  [['chain', 'info', '--subtensor.timeout', '-1'], 2, /^error: --subtensor\.timeout: got -1, expected a number > 0 and <= 2147483 \(seconds\)/],
  [['chain', 'info', '--subtensor.timeout', 'abc'], 2, /^error: --subtensor\.timeout: got "abc", expected a number > 0/],
  [['chain', 'info', '--subtensor.timeout'], 2, /^error: --subtensor\.timeout: got no value, expected a number > 0/],
  [['chain', 'info', '--subtensor.network', 'bogus'], 2, /^error: --subtensor\.network: got "bogus", expected one of finney, test, local/],
  [['chain', 'info', '--subtensor.chain_endpoint', 'http://example.org'], 2, /^error: --subtensor\.chain_endpoint: got "http:\/\/example\.org", expected a ws:\/\/ or wss:\/\/ URL/],
  [['train', '--epochs', '1e12'], 2, /^error: --epochs: got 1000000000000, expected an integer 1\.\.10000 \(see naschain train --help\)$/],
  [['train', '--epochs', '--json'], 2, /^error: --epochs: got no value, expected an integer 1\.\.10000/],
  [['train', '--lr', '0'], 2, /^error: --lr: got 0, expected a number > 0 and <= 10/],
  [['train', '--batch-size', '2.5'], 2, /^error: --batch-size: got 2\.5, expected an integer 1\.\.65536/],
  [['train', '--backend', 'quantum'], 2, /^error: --backend: got "quantum", expected one of auto, wasm/],
  [['search', '--population', '99999999999', '--out', NEW], 2, /^error: --population: got 99999999999, expected an integer 1\.\.10000 \(see naschain search --help\)$/],
  [['search', '--generations', '0', '--out', NEW], 2, /^error: --generations: got 0, expected an integer 1\.\.100000/],
  [['search', '--time-budget', '-5', '--out', NEW], 2, /^error: --time-budget: got -5, expected a number > 0 and <= 525600 \(minutes\)/],
  [['search', '--max-params', '1_000', '--out', NEW], 2, /^error: --max-params: got "1_000", expected an integer/],
  [['search', '--space', 'bogus', '--out', NEW], 2, /^error: --space: got "bogus", expected a built-in space \(cell, macro\) or a path to a space JSON file/],
  [['search', '--space', join(tmp, 'none.json'), '--out', NEW], 2, /^error: --space .*none\.json: no such file; expected a search space JSON file/],
  [['search', '--out', FILE], 2, /^error: --out .*a-file\.txt: is a file, not a folder/],
  [['search', '--out', join(FILE, 'sub')], 2, /^error: --out .*a-file\.txt\/sub: a part of the path is a file, not a folder/],
  [['search', '--out', RUN], 2, /^error: run folder .*run: holds a run already; continue it with --resume .*run or choose another --out/],
  [['search', '--resume', RUN, '--population', '9'], 2, /^error: --population 9: a resumed run keeps its own \(6, in .*run\.json\); drop --population/],
  [['search', '--resume', RUN, '--time-budget', '0'], 2, /^error: --time-budget: got 0, expected a number > 0/],
  [['search', '--resume', tmp], 2, /^error: --resume .*: no run\.json in it; expected the run folder of an earlier naschain search/],
  [['check', MODEL, '--uid', '70000', '--against', ROUND], 2, /^error: --uid: got 70000, expected an integer 0\.\.65535/],
  [['check', MODEL, '--epochs', '0'], 2, /^error: --epochs: got 0, expected an integer 1\.\.10000/],
  [['check', MODEL, '--against', join(tmp, 'none.json')], 2, /^error: --against .*none\.json: no such file; expected a saved round/],
  [['check', FILE, '--dataset', 'fashion-mnist-small'], 2, /^error: model folder .*a-file\.txt: is a file, not a folder; expected a folder with model\.json and weight shards \(see naschain check --help\)$/],
  [['eval', FILE], 2, /^error: model folder .*a-file\.txt: is a file, not a folder; expected a folder with model\.json/],
  [['eval', join(tmp, 'nope')], 2, /^error: model folder .*nope: no such folder; expected a folder with model\.json/],
  [['eval', tmp, '--metrics-only', '--backend', 'wasm'], 1, /^error: model folder .*: no model\.json in it$/],
  [['eval', MODEL, '--data-dir', FILE], 2, /^error: --data-dir .*a-file\.txt: is a file, not a folder/],
  [['submit', MODEL, '--repo', 'alice/x', '--public-delay', '-1'], 2, /^error: --public-delay: got -1, expected a number from 0 to 2147483/],
  [['submit', MODEL, '--repo', 'no-slash'], 2, /^error: --repo: /],
  [['submit', MODEL, '--repo', 'alice/x', '--netuid', 'abc'], 2, /^error: --netuid: got "abc"/],
  [['submit', MODEL, '--repo', 'alice/x', '--cache-dir', FILE], 2, /^error: --cache-dir .*a-file\.txt: is a file, not a folder/],
  // validate: the state folder is never touched by a bad input
  [['validate', '--state', '/etc/passwd', '--local', SUBS], 2, /^error: --state \/etc\/passwd: is a file, not a folder; expected the validator's state folder \(created if missing\) \(see naschain validate --help\)$/],
  [['validate', '--state', join(FILE, 'state'), '--local', SUBS], 2, /^error: --state .*a-file\.txt\/state: a part of the path is a file, not a folder/],
  [['validate', '--state', STATE, '--local', FILE], 2, /^error: --local .*a-file\.txt: is a file, not a folder; expected a folder of submission folders/],
  [['validate', '--state', STATE, '--local', SUBS, '--max-weight-limit', '70000'], 2, /^error: --max-weight-limit: got 70000, expected an integer 0\.\.65535/],
  [['validate', '--state', STATE, '--local', SUBS, '--eval-timeout', '0'], 2, /^error: --eval-timeout: got 0, expected a number > 0/],
  [['validate', '--state', STATE, '--local', SUBS, '--worker-heap-mb', '10'], 2, /^error: --worker-heap-mb: got 10, expected an integer 64\.\.1048576 \(MiB\)/],
  [['validate', '--state', STATE, '--local', SUBS, '--report', tmp], 2, /^error: --report .*: is a folder, not a file/],
  [['validate', '--state', STATE, '--local', SUBS, '--config', join(tmp, 'none.json')], 2, /^error: --config .*none\.json: no such file; expected a validation config JSON file/],
  [['validate', '--state', STATE, '--local', SUBS, '--no-isolate', '--eval-timeout', '5'], 2, /^error: --no-isolate runs jobs in this process/],
  [['validate', '--state', STATE, '--subtensor.network', 'bogus'], 2, /^error: --subtensor\.network: got "bogus"/],
  [['validate', '--state', STATE, '--netuid', '-1'], 2, /^error: --netuid: got -1, expected an integer 0\.\.65535/],
  [['validate', '--state', STATE, '--poll', 'abc'], 2, /^error: --poll: got "abc", expected a number > 0 and <= 3600 \(seconds\)/],
  [['validate', '--state', STATE, '--interval', '0'], 2, /^error: --interval: got 0, expected an integer 1\.\.1000000 \(blocks\)/],
  [['validate', '--state', STATE, '--report', join(tmp, 'r.html'), ...NOWHERE], 2, /^error: --report applies to --local only/],
  [['doctor', '--bogus'], 2, /^error: Unknown argument: bogus \(see naschain doctor --help\)$/],
  [['frobnicate'], 2, /^error: Unknown argument: frobnicate \(see naschain --help\)$/],
];

describe('bad input to every command: exact exit code, one stderr line, folders untouched', () => {
  let stateBefore: Record<string, string>;
  let runBefore: Record<string, string>;

  before(() => {
    writeFileSync(FILE, 'not a folder\n');
    // A real validator state and a real search run folder, as the commands write them.
    StateStore.open(STATE).close();
    mkdirSync(RUN);
    writeJsonAtomic(join(RUN, RUN_FILES.run), defaultSettings({ space: loadSearchSpace('macro'), config: valiPreset('fashion-mnist-small'), trainImages: 10_000, seed: 0, initial: [] }));
    writeFileSync(join(RUN, RUN_FILES.candidates), '');
    mkdirSync(MODEL);
    for (const f of ['model.json', 'group1-shard1of1.bin']) cpSync(join(SUBS, 'honest-small', f), join(MODEL, f));
    writeFileSync(join(MODEL, 'metrics.json'), JSON.stringify({ kind: 'naschain/model-metrics', version: 1, dataset: 'fashion-mnist-small', learningRate: 0.1 }));
    stateBefore = snapshot(STATE);
    runBefore = snapshot(RUN);
    assert.ok(Object.keys(stateBefore).length > 0 && Object.keys(runBefore).length > 0);
  });

  after(() => rmSync(tmp, { recursive: true, force: true }));

  it(`${CASES.length} bad inputs, two at a time`, async () => {
    const failures: string[] = [];
    const queue = [...CASES];
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const [args, code, message] = c;
        const r = await run(args);
        const lines = r.stderr.split('\n').filter((l) => l !== '');
        const what = `naschain ${args.join(' ')}`;
        if (r.code !== code) failures.push(`${what}: exit ${r.code}, expected ${code}; stderr: ${r.stderr}`);
        else if (lines.length !== 1) failures.push(`${what}: ${lines.length} stderr lines, expected 1: ${r.stderr}`);
        else if (!message.test(lines[0] as string)) failures.push(`${what}: stderr ${JSON.stringify(lines[0])} does not match ${message}`);
        else if (r.stdout !== '') failures.push(`${what}: stdout not empty: ${r.stdout.slice(0, 200)}`);
      }
    };
    await Promise.all([worker(), worker()]);
    assert.deepEqual(failures, []);
    assert.deepEqual(snapshot(STATE), stateBefore, 'the validator state folder is untouched');
    assert.deepEqual(snapshot(RUN), runBefore, 'the search run folder is untouched');
    assert.equal(existsSync(NEW), false, 'no run folder was created for a bad search');
  });

  it('the real cause when a folder or a model.json cannot be read (run as nobody): permission denied, not "no model.json" or "not valid JSON"', async (t) => {
    if (process.getuid?.() !== 0 || spawnSync('setpriv', ['--version']).status !== 0) return t.skip('needs root and setpriv to run the CLI as a user without the permissions');
    chmodSync(tmp, 0o755);
    const locked = join(tmp, 'locked');
    cpSync(MODEL, locked, { recursive: true });
    chmodSync(locked, 0o700);
    const secret = join(tmp, 'secret-json');
    cpSync(MODEL, secret, { recursive: true });
    chmodSync(secret, 0o755);
    chmodSync(join(secret, 'model.json'), 0o600);
    for (const f of ['metrics.json', 'group1-shard1of1.bin']) chmodSync(join(secret, f), 0o644);
    const own = join(tmp, 'nobody-owns');
    mkdirSync(own);
    chownSync(own, Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim()), 0);
    const cases: Case[] = [
      [['eval', locked], 2, /^error: model folder .*locked: permission denied; expected a folder with model\.json and weight shards/],
      [['check', locked], 2, /^error: model folder .*locked: permission denied/],
      [['validate', '--local', locked, '--state', join(own, 'state')], 2, /^error: --local .*locked: permission denied/],
      [['validate', '--local', SUBS, '--state', STATE], 2, /^error: --state .*state: permission denied; expected the validator's state folder/],
      [['eval', secret, '--metrics-only', '--backend', 'wasm'], 1, /^error: model folder .*secret-json: cannot read model\.json \(permission denied\)$/],
      [['train', '--model', secret, '--backend', 'wasm'], 1, /^error: model folder .*secret-json: cannot read model\.json \(permission denied\)$/],
    ];
    for (const [args, code, message] of cases) {
      const r = await run(args, { asNobody: true });
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(lines.length, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(lines[0] as string, message);
    }
    assert.deepEqual(snapshot(STATE), stateBefore);
  });
});
