// `naschain chain info|commitments` through the built CLI (a child process,
// spawned asynchronously so this process's stand-in node keeps answering).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { FakeSubtensor } from '../helpers/fake-subtensor/server.js';
import { DEV_PHRASE, keyfileJson, seedHex, tempWalletRoot, writeKeyfile, addressOf } from '../helpers/fake-subtensor/test-wallets.js';
import { repoRoot } from '../helpers/cli.js';
import { connectSubtensor } from '../../lib/chain/subtensor-client.js';
import { hotkeyFromKeyfile } from '../../lib/chain/wallet.js';

let node: FakeSubtensor;
let wallets: string;
let commitBlock = 0;
const SHA = '0123456789abcdef0123456789abcdef01234567';

function naschain(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [resolve(repoRoot, 'dist/bin/naschain.js'), ...args], { env: { ...process.env, ...env }, cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => ok({ code: code ?? -1, stdout, stderr }));
  });
}

before(async () => {
  node = await FakeSubtensor.start();
  node.addSubnet(31, { tempo: 360, weightsRateLimit: 100, commitRevealEnabled: true, weightsVersionKey: 2012n });
  wallets = writeKeyfile(tempWalletRoot(), 'miner', 'hk', await keyfileJson({ phrase: DEV_PHRASE }));
  const miner = await hotkeyFromKeyfile(await keyfileJson({ phrase: DEV_PHRASE }), 'spec');
  const other = await hotkeyFromKeyfile(await keyfileJson({ seed: seedHex(21) }), 'spec');
  node.register(31, miner.address);
  node.register(31, other.address);
  node.register(31, await addressOf({ seed: seedHex(22) }));
  const c = await connectSubtensor({ network: 'custom', endpoint: node.url, netuid: 31 }, { timeoutMs: 20_000 });
  commitBlock = (await c.setCommitment(miner, `alice:net:${SHA}:abc:0.05`)).blockNumber;
  await c.setCommitment(other, 'bob:net:main:abc:0.05');
  await c.close();
});

after(async () => {
  await node?.close();
});

test('chain info --json: size, hyperparameters and my uid', async () => {
  const r = await naschain(['chain', 'info', '--json', '--subtensor.chain_endpoint', node.url, '--netuid', '31', '--wallet.path', wallets, '--wallet.name', 'miner', '--wallet.hotkey', 'hk']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(doc.size, 3);
  assert.equal(doc.uid, 0);
  assert.equal(doc.hotkey, await addressOf({ phrase: DEV_PHRASE }));
  assert.deepEqual(doc.hyperparams, { tempo: 360, weightsRateLimit: 100, commitRevealEnabled: true, revealPeriodEpochs: 1, minAllowedWeights: 1, maxWeightsLimit: 65535, weightsVersionKey: '2012' });
  assert.doesNotMatch(r.stdout + r.stderr, /bottom drive/);
});

test('chain commitments: one row per UID, parsed or with its reason', async () => {
  const r = await naschain(['chain', 'commitments', '--subtensor.chain_endpoint', node.url, '--netuid', '31']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0]!, /^uid\s+hotkey\s+block\s+commitment$/);
  assert.match(lines[1]!, new RegExp(`^0\\s+\\w+\\s+${commitBlock}\\s+alice:net:${SHA}:abc:0.05$`));
  assert.match(lines[2]!, /^1\s+\w+\s+\d+\s+\(commit "main" is not a 40-digit lowercase hex sha\)$/);
  assert.match(lines[3]!, /^2\s+\w+\s+-\s+\(no commitment\)$/);
});

test('an unreachable node is one clear error line and exit 1', async () => {
  const r = await naschain(['chain', 'info', '--subtensor.chain_endpoint', 'ws://127.0.0.1:9', '--subtensor.timeout', '5', '--wallet.path', wallets, '--wallet.name', 'miner', '--wallet.hotkey', 'hk']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error: cannot connect to subtensor at ws:\/\/127\.0\.0\.1:9: the WebSocket could not be opened/);
  assert.doesNotMatch(r.stderr, /has multiple versions/);
});
