// `naschain submit` (the real CLI, against the stand-in Hub and subtensor
// node) killed with SIGKILL where its state file lags the world
// (lib/core/crash-point.ts): after the Hub commit, before the state records
// it; after the commitment extrinsic landed, before the state records it. The
// same command run again finishes the submission with what an uninterrupted
// run commits (the folder's hash, at the Hub commit holding it), and nothing
// is done twice: one commit on the Hub, one extrinsic sent to the chain.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCommitment } from '../../lib/chain/commitment-string.js';
import { connectSubtensor } from '../../lib/chain/subtensor-client.js';
import { CRASH_POINTS, type CrashPoint } from '../../lib/core/crash-point.js';
import { hashModelDir } from '../../lib/hub/model-hash.js';
import { readState, SUBMIT_STATE_FILE } from '../../lib/miner/submit-model.js';
import { assertKilled, oneJsonDocument, runCliAsync } from '../helpers/crash-cli.js';
import { HF_TOKEN, HF_USER, startNetwork, type NetworkFixture } from '../helpers/network-fixture.js';
import { CONFIG, SUBMISSIONS } from '../validator/round/helpers/fixture-round.js';

const tmp = mkdtempSync(join(tmpdir(), 'naschain-submit-crash-'));
let net: NetworkFixture;

before(async () => {
  net = await startNetwork({ participants: [{ wallet: 'm1' }, { wallet: 'm2' }] });
});

after(async () => {
  await net?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const commitPosts = (repo: string) => net.hub.requests.filter((r) => r.method === 'POST' && r.path === `/api/models/${HF_USER}/${repo}/commit/main` && r.status === 200).length;
const extrinsicsSent = () => net.node.requested.get('author_submitAndWatchExtrinsic') ?? 0;

function submit(wallet: string, dir: string, repo: string, crashAt?: CrashPoint) {
  return runCliAsync([
    'submit', dir, '--repo', `${HF_USER}/${repo}`, '--lr', '0.1', '--config', CONFIG, '--dataset', 'fashion-mnist-small', '--public-delay', '0',
    '--hf-endpoint', net.hub.url, '--cache-dir', join(tmp, `cache-${wallet}`), '--backend', 'wasm', '--json', ...net.chainFlags(wallet),
  ], crashAt, { HF_TOKEN, HF_ACCESS_TOKEN: '' });
}

interface Outcome { repo: string; commit: string; hash: string; commitment: string; block: number; resumed: string[] }

/** The submission finished as an uninterrupted run would have: the folder's hash, committed on chain, repo public. */
async function assertFinished(out: Outcome, wallet: string, dir: string, repo: string): Promise<void> {
  assert.equal(out.hash, await hashModelDir(dir), 'the hash of the local folder');
  assert.equal(out.commitment, formatCommitment({ namespace: HF_USER, name: repo, commit: out.commit, hash: out.hash, learningRate: 0.1 }));
  const head = net.hub.repos.get(`${HF_USER}/${repo}`);
  assert.ok(head && !head.private, 'the repo is public');
  assert.equal(head.branches.get('main'), out.commit, 'the committed Hub commit is the branch tip');
  const client = await connectSubtensor({ network: 'custom', endpoint: net.node.url, netuid: net.netuid });
  try {
    const mine = await client.commitmentOf(net.people.get(wallet)!.address);
    assert.deepEqual([mine?.text, mine?.block], [out.commitment, out.block], 'the commitment on chain');
  } finally {
    await client.close();
  }
  const state = readState(join(dir, SUBMIT_STATE_FILE));
  assert.deepEqual([state?.commit, state?.commitment, state?.public], [out.commit, out.commitment, true], 'the state file records every step');
}

function modelCopy(name: string): string {
  const dir = join(tmp, name);
  cpSync(join(SUBMISSIONS, 'honest-small'), dir, { recursive: true, filter: (src) => !src.endsWith('submission.json') });
  return dir;
}

test('killed after the Hub commit, before the state file records it: the rerun finds the commit on the branch and makes no second one', async () => {
  const dir = modelCopy('uploaded');
  const sent = extrinsicsSent();
  assertKilled(await submit('m1', dir, 'uploaded', CRASH_POINTS.submitUploaded), 'after the upload');
  assert.equal(commitPosts('uploaded'), 1);
  assert.ok(!existsSync(join(dir, SUBMIT_STATE_FILE)), 'no state was written');
  assert.equal(extrinsicsSent(), sent, 'nothing sent to the chain yet');
  const out = oneJsonDocument<Outcome>(await submit('m1', dir, 'uploaded'), 0, 'rerun');
  assert.equal(commitPosts('uploaded'), 1, 'one commit on the Hub');
  assert.equal(extrinsicsSent(), sent + 1, 'one extrinsic');
  await assertFinished(out, 'm1', dir, 'uploaded');
});

test('killed after the commitment landed, before the state file records it: the rerun reads it from the chain and sends nothing again', async () => {
  const dir = modelCopy('committed');
  const sent = extrinsicsSent();
  assertKilled(await submit('m2', dir, 'committed', CRASH_POINTS.submitCommitted), 'after the extrinsic');
  assert.equal(extrinsicsSent(), sent + 1);
  assert.equal(readState(join(dir, SUBMIT_STATE_FILE))?.commitment, undefined, 'the state lacks the commitment');
  const out = oneJsonDocument<Outcome>(await submit('m2', dir, 'committed'), 0, 'rerun');
  assert.deepEqual(out.resumed, ['upload', 'commit']);
  assert.equal(extrinsicsSent(), sent + 1, 'one extrinsic');
  assert.equal(commitPosts('committed'), 1, 'one commit on the Hub');
  await assertFinished(out, 'm2', dir, 'committed');
});
