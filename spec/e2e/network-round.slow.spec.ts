// NASChain end to end on 127.0.0.1 (a few minutes): three miners `submit`
// real models through the real CLI to the stand-in Hub and chain; a validator
// runs `validate --once` through the real CLI; the weights are read back from
// the chain's Weights storage and compared with what upstream's rules give,
// computed here by hand from the models' known metrics (not by our scoring
// code). Then one miner commits a new model and a second round scores only
// that one; and a second validator killed mid-round (SIGKILL) and restarted
// retrains nothing twice and sets the same weights as the uninterrupted one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSubtensor } from '../../lib/chain/subtensor-client.js';
import type { ChainClient } from '../../lib/chain/client.js';
import { RetrainJournal } from '../../lib/validator/round/retrain-journal.js';
import type { RoundResult } from '../../lib/validator/round/round-result.js';
import { readRoundLines, REPORT_FILE } from '../../lib/validator/service/round-files.js';
import type { RoundLine } from '../../lib/validator/service/network-round.js';
import { runCliAsync, startNetwork, submitThroughCli, type NetworkFixture } from '../helpers/network-fixture.js';
import { CONFIG, SUBMISSIONS } from '../validator/round/helpers/fixture-round.js';

const tmp = mkdtempSync(join(tmpdir(), 'naschain-e2e-'));
let net: NetworkFixture;
let client: ChainClient;

before(async () => {
  net = await startNetwork({
    subnet: { tempo: 360, weightsRateLimit: 3 },
    participants: [{ wallet: 'vali1', validator: true }, { wallet: 'm1' }, { wallet: 'm2' }, { wallet: 'm3' }, { wallet: 'vali2', validator: true }],
  });
  client = await connectSubtensor({ network: 'custom', endpoint: net.node.url, netuid: net.netuid }, { timeoutMs: 20_000 });
});

after(async () => {
  await client?.close();
  await net?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A fixture model's files without its submission.json (a miner has only the model). */
function modelCopy(name: string): string {
  const dir = join(tmp, 'models', name);
  cpSync(join(SUBMISSIONS, name), dir, { recursive: true, filter: (src) => !src.endsWith('submission.json') });
  return dir;
}

/**
 * Upstream's reward rule and bittensor's u16 emission, by hand: min-max
 * normalise (acc, params, MACs) over the rewarded set, score = acc - 0.25
 * params - 0.5 MACs, softmax, then the largest weight becomes 65535.
 */
function expectedWeights(models: Array<{ uid: number; acc: number; params: number; macs: number }>): Array<[number, number]> {
  const norm = (k: 'acc' | 'params' | 'macs') => {
    const vs = models.map((m) => m[k]);
    const lo = Math.min(...vs);
    const hi = Math.max(...vs);
    return models.map((m) => (hi === lo ? 0 : (m[k] - lo) / (hi - lo)));
  };
  const [a, p, c] = [norm('acc'), norm('params'), norm('macs')];
  const e = models.map((_, i) => Math.exp(a[i]! - 0.25 * p[i]! - 0.5 * c[i]!));
  const max = Math.max(...e);
  return models.map((m, i): [number, number] => [m.uid, Math.round((e[i]! / max) * 65535)]).sort((x, y) => x[0] - y[0]);
}

function validate(wallet: string, state: string, onSpawn?: (kill: (s: NodeJS.Signals) => void) => void) {
  return runCliAsync([
    'validate', '--once', ...net.chainFlags(wallet), '--hf-endpoint', net.hub.url, '--state', state, '--config', CONFIG,
    '--cache-dir', join(tmp, `cache-${wallet}`), '--backend', 'wasm', '--json',
  ], onSpawn ? { onSpawn } : {});
}

const SMALL = { acc: 79, params: 2_000, macs: 10_000 };
const MEDIUM = { acc: 81, params: 4_000, macs: 20_000 };
const LARGE = { acc: 82, params: 8_000, macs: 50_000 };

test('submit three models, validate --once: the leaky model gets nothing, the others what the rules say; a new commitment is the only thing scored next round; a killed validator resumes to the same weights', async () => {
  const uid = (w: string) => net.people.get(w)!.uid;
  const cfg = CONFIG;
  for (const [wallet, model, repo, lr] of [['m1', 'honest-small', 'small', 0.1], ['m2', 'honest-medium', 'medium', 0.1], ['m3', 'leaky-test-trained', 'leaky', 0.02]] as const) {
    const r = await submitThroughCli(net, wallet, modelCopy(model), repo, lr, cfg, join(tmp, `cache-${wallet}`));
    assert.equal(r.code, 0, r.stderr);
  }

  // Round 1.
  const state1 = join(tmp, 'vali1');
  const r1 = await validate('vali1', state1);
  assert.equal(r1.code, 0, r1.stderr);
  const doc1 = JSON.parse(r1.stdout) as { round: RoundLine; result: RoundResult };
  const leaky = doc1.result.rows.find((r) => r.uid === uid('m3'));
  assert.ok(leaky && leaky.accuracyFloor !== null && leaky.retrainAccuracyFloor !== null);
  assert.ok(leaky.accuracyFloor > leaky.retrainAccuracyFloor + 5, `leaky submitted ${leaky.accuracyFloor}%, retrained ${leaky.retrainAccuracyFloor}%`);
  assert.equal(leaky.pareto, 'dropped');
  for (const [w, m] of [['m1', SMALL], ['m2', MEDIUM]] as const) {
    const row = doc1.result.rows.find((r) => r.uid === uid(w));
    assert.deepEqual([row?.scoredAccuracy, row?.paramsRounded, row?.macsRounded], [m.acc, m.params, m.macs], `${w}'s measured metrics`);
  }
  const want1 = expectedWeights([{ uid: uid('m1'), ...SMALL }, { uid: uid('m2'), ...MEDIUM }]);
  assert.deepEqual(await client.weightsOf(uid('vali1')), want1, 'the Weights row on chain');
  assert.ok(!want1.some(([u]) => u === uid('m3')));
  assert.equal(doc1.round.set.ok, true);
  assert.equal(doc1.round.evaluated, 3);
  assert.equal(doc1.round.retrained, 3);
  assert.ok(existsSync(join(state1, REPORT_FILE)));
  assert.equal(readRoundLines(state1).length, 1);

  // Round 2: m3 replaces its commitment with a new model; only that one is scored.
  const r = await submitThroughCli(net, 'm3', modelCopy('honest-large'), 'large', 0.1, cfg, join(tmp, 'cache-m3'));
  assert.equal(r.code, 0, r.stderr);
  const largeHash = (JSON.parse(r.stdout) as { hash: string }).hash;
  net.node.advance(3);
  const doneBefore = new RetrainJournal(state1).read().filter((l) => l.event === 'retrain-done').length;
  const r2 = await validate('vali1', state1);
  assert.equal(r2.code, 0, r2.stderr);
  const lines = readRoundLines<RoundLine>(state1);
  assert.equal(lines.length, 2);
  assert.equal(lines[1]!.evaluated, 1, 'only the new commitment is evaluated');
  assert.equal(lines[1]!.retrained, 1, 'only the new commitment is retrained');
  const newDone = new RetrainJournal(state1).read().filter((l) => l.event === 'retrain-done').slice(doneBefore);
  assert.deepEqual(newDone.map((l) => [l.uid, l.hash]), [[uid('m3'), largeHash]]);
  const want2 = expectedWeights([{ uid: uid('m1'), ...SMALL }, { uid: uid('m2'), ...MEDIUM }, { uid: uid('m3'), ...LARGE }]);
  const row2 = await client.weightsOf(uid('vali1'));
  assert.deepEqual(row2, want2);

  // A second validator, SIGKILLed right after its first stored retrain, then restarted.
  const state2 = join(tmp, 'vali2');
  const journal2 = join(state2, 'retrains.jsonl');
  let timer: NodeJS.Timeout | undefined;
  const killed = await validate('vali2', state2, (kill) => {
    timer = setInterval(() => {
      if (existsSync(journal2) && readFileSync(journal2, 'utf8').includes('"retrain-done"')) kill('SIGKILL');
    }, 20);
  });
  clearInterval(timer);
  assert.equal(killed.signal, 'SIGKILL', killed.stderr);
  const doneAtKill = new RetrainJournal(state2).read().filter((l) => l.event === 'retrain-done').length;
  assert.ok(doneAtKill >= 1 && doneAtKill < 3, `killed mid-round (${doneAtKill} retrains stored)`);
  assert.deepEqual(await client.weightsOf(uid('vali2')), [], 'the killed round set no weights');
  const resumed = await validate('vali2', state2);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal((JSON.parse(resumed.stdout) as { round: RoundLine }).round.retrained, 3 - doneAtKill, 'the restart retrains only what was not stored');
  const done2 = new RetrainJournal(state2).read().filter((l) => l.event === 'retrain-done').map((l) => l.uid);
  assert.deepEqual([...done2].sort(), [uid('m1'), uid('m2'), uid('m3')]);
  assert.deepEqual(await client.weightsOf(uid('vali2')), row2, 'same weights as the uninterrupted validator');
});
