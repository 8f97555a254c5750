// Ctrl-C and SIGTERM on the long commands, through the built CLI: each stops
// within a few seconds of the signal, says on stderr what is saved and how to
// continue, and exits 130 (SIGINT) or 143 (SIGTERM); what it saved is then
// used: a search resumes where it stopped (with a new --time-budget applied), a submit
// finishes without uploading or committing again.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeHub } from '../helpers/fake-hub/fake-hub-server.js';
import { FakeSubtensor } from '../helpers/fake-subtensor/server.js';
import { DEV_PHRASE, keyfileJson, tempWalletRoot, writeKeyfile } from '../helpers/fake-subtensor/test-wallets.js';
import { hotkeyFromKeyfile } from '../../lib/chain/wallet.js';
import { repoRoot } from '../helpers/cli.js';

const BIN = resolve(repoRoot, 'dist/bin/naschain.js');
const tmp = mkdtempSync(join(tmpdir(), 'naschain-interrupt-'));
/** "Within a few seconds": generous for a loaded 2-core machine; a wasm batch of the embedded data takes well under a second. */
const STOP_MS = 8000;

interface Stopped { code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string; stopMs: number }

/** Runs the CLI, sends `signal` once stderr matches `when`, and reports how it ended. */
function interruptWhen(args: string[], when: RegExp, signal: NodeJS.Signals, env: Record<string, string> = {}): Promise<Stopped> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repoRoot, env: { ...process.env, HF_TOKEN: '', HF_ACCESS_TOKEN: '', HF_TOKEN_PATH: join(tmp, 'no-token'), ...env } });
    let stderr = '', stdout = '', sentAt = 0;
    const killer = setTimeout(() => { child.kill('SIGKILL'); fail(new Error(`no ${when} on stderr within 4 minutes: ${stderr.slice(-1000)}`)); }, 240_000);
    child.stdout.on('data', (d: Buffer) => { stdout += String(d); });
    child.stderr.on('data', (d: Buffer) => {
      stderr += String(d);
      if (!sentAt && when.test(stderr)) {
        sentAt = Date.now();
        child.kill(signal);
      }
    });
    child.on('close', (code, sig) => {
      clearTimeout(killer);
      done({ code, signal: sig, stderr, stdout, stopMs: sentAt ? Date.now() - sentAt : -1 });
    });
  });
}

function runToEnd(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repoRoot, env: { ...process.env, HF_TOKEN: '', HF_ACCESS_TOKEN: '', HF_TOKEN_PATH: join(tmp, 'no-token'), ...env } });
    let stderr = '', stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += String(d); });
    child.stderr.on('data', (d: Buffer) => { stderr += String(d); });
    child.on('close', (code) => done({ code, stderr, stdout }));
  });
}

function assertStopped(r: Stopped, code: 130 | 143, saved: RegExp): void {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr.slice(-1500)}`);
  assert.ok(r.stopMs >= 0 && r.stopMs < STOP_MS, `stopped ${r.stopMs} ms after the signal`);
  const line = r.stderr.split('\n').find((l) => l.startsWith('warning: interrupted'));
  assert.ok(line, `an interrupt line on stderr: ${r.stderr.slice(-1500)}`);
  assert.match(line, saved);
  assert.equal(r.stdout, '', 'nothing on stdout');
}

after(() => rmSync(tmp, { recursive: true, force: true }));

describe('interrupting the long commands', () => {
  it('train: SIGINT during training stops within seconds, says nothing was saved and how to start again, exits 130', async () => {
    const r = await interruptWhen(['train', '--epochs', '3', '--backend', 'wasm', '--out', join(tmp, 'trained')], /^training the reference CNN/m, 'SIGINT');
    assertStopped(r, 130, /^warning: interrupted \(SIGINT\): nothing was saved: train keeps no checkpoint \(.*trained is written when training ends\); run the same command again/);
    assert.equal(existsSync(join(tmp, 'trained')), false);
  });

  it('search: SIGTERM mid-run exits 143 naming what is saved and the resume command; the resume applies a new --time-budget', async () => {
    const dir = join(tmp, 'run');
    const r = await interruptWhen(['search', '--out', dir, '--backend', 'wasm'], /^\[search gen 0\] #1 /m, 'SIGTERM');
    assertStopped(r, 143, new RegExp(`^warning: interrupted \\(SIGTERM\\): [1-9]\\d* evaluation\\(s\\) saved in ${dir}/candidates\\.jsonl, the search state with them; continue with: naschain search --resume ${dir}$`));
    const saved = readFileSync(join(dir, 'candidates.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    assert.ok(saved >= 1);
    // Resumed with a new budget: applied and said so; the saved evaluations are not redone; a second interrupt saves more.
    const resumed = await interruptWhen(['search', '--resume', dir, '--time-budget', '30', '--backend', 'wasm'], /^\[search gen 0\] #\d+ /m, 'SIGINT');
    assert.match(resumed.stderr, /--time-budget 30: the run's budget is now 30 min for the whole run, time already spent included \(was 10 min/);
    assert.match(resumed.stderr, new RegExp(`^resuming search in ${dir} on wasm: .*, 30 min budget,`, 'm'));
    assert.equal((JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { timeBudgetMs: number }).timeBudgetMs, 30 * 60_000);
    // With a pool of workers, evaluations finish (and print) in any order: none after the resume repeats a saved one.
    const numbers = [...resumed.stderr.matchAll(/^\[search gen \d+\] #(\d+) /gm)].map((m) => Number(m[1]));
    assert.ok(numbers.length > 0 && numbers.every((n) => n > saved), `evaluations after the resume are new ones (saved ${saved}, printed ${numbers.join(', ')})`);
    const savedNow = readFileSync(join(dir, 'candidates.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    assert.ok(savedNow > saved, 'the resumed run saved more evaluations');
    assertStopped(resumed, 130, new RegExp(`^warning: interrupted \\(SIGINT\\): ${savedNow} evaluation\\(s\\) saved in ${dir}/candidates\\.jsonl`));
  });

  it('validate --local: SIGINT during the retrain exits 130 and says what the state folder holds', async () => {
    const state = join(tmp, 'state');
    const r = await interruptWhen(['validate', '--local', 'spec/fixtures/submissions', '--config', 'spec/fixtures/submissions-config.json', '--state', state, '--epochs', '2', '--backend', 'wasm'],
      /^\[11\/11\] /m, 'SIGINT');
    assertStopped(r, 130, new RegExp(`^warning: interrupted \\(SIGINT\\): saved in ${state}: \\d+ model result\\(s\\) in validator\\.sqlite, \\d+ retrain journal line\\(s\\); run the same command again: finished results are reused, not recomputed$`));
  });

  describe('submit (stand-in Hub and subtensor node)', () => {
    let hub: FakeHub;
    let node: FakeSubtensor;
    let wallets: string;
    const TOKEN = 'hf_interrupt_spec_token';
    before(async () => {
      hub = new FakeHub();
      await hub.start();
      hub.addUser('alice', TOKEN);
      node = await FakeSubtensor.start();
      node.addSubnet(31, { tempo: 360, weightsRateLimit: 100 });
      node.register(31, (await hotkeyFromKeyfile(await keyfileJson({ phrase: DEV_PHRASE }), 'spec')).address);
      wallets = writeKeyfile(tempWalletRoot(), 'miner', 'hk', await keyfileJson({ phrase: DEV_PHRASE }));
    });
    after(async () => {
      await node?.close();
      await hub?.stop();
    });

    it('SIGTERM while the repo waits to go public exits 143 naming the upload and the block; the same command then finishes without repeating them', async () => {
      const dir = join(tmp, 'front', '01-model');
      mkdirSync(dir, { recursive: true });
      for (const f of ['model.json', 'group1-shard1of1.bin']) cpSync(resolve(repoRoot, 'spec/fixtures/submissions/honest-small', f), join(dir, f));
      writeFileSync(join(dir, 'metrics.json'), JSON.stringify({ kind: 'naschain/model-metrics', version: 1, dataset: 'fashion-mnist-small', learningRate: 0.1 }));
      const args = (delay: string) => ['submit', dir, '--repo', 'alice/stopped', '--config', 'spec/fixtures/submissions-config.json', '--public-delay', delay,
        '--hf-endpoint', hub.url, '--cache-dir', join(tmp, 'cache'), '--backend', 'wasm', '--subtensor.chain_endpoint', node.url, '--netuid', '31',
        '--wallet.path', wallets, '--wallet.name', 'miner', '--wallet.hotkey', 'hk'];
      const r = await interruptWhen(args('600'), /waiting 600 s before making alice\/stopped public/, 'SIGTERM', { HF_TOKEN: TOKEN });
      assertStopped(r, 143, /^warning: interrupted \(SIGTERM\): done so far: uploaded alice\/stopped@[0-9a-f]{40}, committed on chain at block \d+ \(in .*\.naschain-submit\.json\); run the same command again to finish/);
      assert.equal(hub.repos.get('alice/stopped')?.private, true, 'still private: the interrupt came before the public step');
      const commits = hub.requests.filter((q) => q.method === 'POST' && q.path.includes('/commit/')).length;
      const again = await runToEnd([...args('0'), '--json'], { HF_TOKEN: TOKEN });
      assert.equal(again.code, 0, again.stderr.slice(-1500));
      assert.deepEqual((JSON.parse(again.stdout) as { resumed: string[] }).resumed, ['upload', 'commit']);
      assert.equal(hub.requests.filter((q) => q.method === 'POST' && q.path.includes('/commit/')).length, commits, 'no second upload');
      assert.equal(hub.repos.get('alice/stopped')?.private, false);
    });
  });
});
