// The validator service through the real CLI against the stand-ins (~1 min):
// without --once it runs a round, sets weights, waits `--interval` blocks and
// goes again, scoring nothing twice; SIGTERM while it waits stops it at once
// (exit 143) saying what is saved; SIGINT during scoring abandons the round
// (exit 130) and a restart finishes it from the SQLite state.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSubtensor } from '../../../lib/chain/subtensor-client.js';
import type { ChainClient } from '../../../lib/chain/client.js';
import { RetrainJournal } from '../../../lib/validator/round/retrain-journal.js';
import { readRoundLines } from '../../../lib/validator/service/round-files.js';
import type { RoundLine } from '../../../lib/validator/service/network-round.js';
import { runCliAsync, startNetwork, submitThroughCli, type NetworkFixture } from '../../helpers/network-fixture.js';
import { CONFIG, SUBMISSIONS } from '../round/helpers/fixture-round.js';

const tmp = mkdtempSync(join(tmpdir(), 'naschain-service-'));
let net: NetworkFixture;
let client: ChainClient;

before(async () => {
  net = await startNetwork({ subnet: { tempo: 360, weightsRateLimit: 1 }, participants: [{ wallet: 'vali', validator: true }, { wallet: 'm1' }] });
  const dir = join(tmp, 'model');
  cpSync(join(SUBMISSIONS, 'honest-small'), dir, { recursive: true, filter: (src) => !src.endsWith('submission.json') });
  const r = await submitThroughCli(net, 'm1', dir, 'small', 0.1, CONFIG, join(tmp, 'cache'));
  assert.equal(r.code, 0, r.stderr);
  client = await connectSubtensor({ network: 'custom', endpoint: net.node.url, netuid: net.netuid }, { timeoutMs: 20_000 });
});

after(async () => {
  await client?.close();
  await net?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const validateArgs = (state: string, extra: string[]) => [
  'validate', ...net.chainFlags('vali'), '--hf-endpoint', net.hub.url, '--state', state, '--config', CONFIG,
  '--cache-dir', join(tmp, 'cache'), '--backend', 'wasm', ...extra,
];

test('the service loops every --interval blocks, scores a model once, and stops on SIGTERM while waiting (exit 143)', async () => {
  const state = join(tmp, 'loop');
  let advanced = false;
  let termed = false;
  const run = await runCliAsync(validateArgs(state, ['--interval', '2', '--poll', '0.1']), {
    onStderr: (soFar, kill) => {
      const rounds = (soFar.match(/next round at block/g) ?? []).length;
      if (rounds === 1 && !advanced) {
        advanced = true;
        net.node.advance(2);
      }
      if (rounds === 2 && !termed) {
        termed = true;
        kill('SIGTERM');
      }
    },
  });
  assert.equal(run.code, 143, run.stderr);
  assert.match(run.stderr, /SIGTERM: stopped after 2 round\(s\); saved in .*: 1 model result\(s\) in validator\.sqlite, 2 retrain journal line\(s\), 2 round line\(s\)/);
  const lines = readRoundLines<RoundLine>(state);
  assert.deepEqual(lines.map((l) => [l.round, l.evaluated, l.retrained, l.set.ok]), [[1, 1, 1, true], [2, 0, 0, true]]);
  assert.ok(lines[1]!.block >= lines[0]!.block + 2, 'the second round waited for the interval');
  assert.deepEqual(await client.weightsOf(net.people.get('vali')!.uid), [[net.people.get('m1')!.uid, 65535]]);
});

test('SIGINT during scoring abandons the round (exit 130) saying what is saved; a restart runs it and sets weights', async () => {
  const state = join(tmp, 'abandon');
  const run = await runCliAsync(validateArgs(state, ['--once']), {
    // Sent as the round starts reading the chain and the Hub (the event loop is free there;
    // a retrain keeps it busy, so a signal then takes effect when the retrain ends).
    onStderr: (soFar, kill) => { if (soFar.includes('round 1: subnet')) kill('SIGINT'); },
  });
  assert.equal(run.code, 130, run.stderr);
  assert.match(run.stderr, /SIGINT: abandoning round 1 during scoring; saved in .*: 0 model result\(s\) in validator\.sqlite, 0 retrain journal line\(s\), 0 round line\(s\) in rounds\.jsonl; a restart resumes/);
  assert.equal(readRoundLines(state).length, 0);
  net.node.advance(1);
  const again = await runCliAsync(validateArgs(state, ['--once', '--json']));
  assert.equal(again.code, 0, again.stderr);
  const doc = JSON.parse(again.stdout) as { round: RoundLine };
  assert.deepEqual([doc.round.evaluated, doc.round.retrained, doc.round.set.ok], [1, 1, true]);
  assert.deepEqual(new RetrainJournal(state).read().map((l) => l.event), ['retrain-start', 'retrain-done']);
});
