// `naschain validate` on the network refuses, in one line and before any
// model is scored, a hotkey that cannot set weights there: not registered, no
// validator permit, or a subnet whose commit-reveal version naschain does not
// implement; --local-only flags are usage errors. Runs the real CLI against
// the stand-in node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliAsync, startNetwork, type NetworkFixture } from '../../helpers/network-fixture.js';
import { keyfileJson, seedHex, writeKeyfile } from '../../helpers/fake-subtensor/test-wallets.js';

const tmp = mkdtempSync(join(tmpdir(), 'naschain-vnet-'));
let net: NetworkFixture;

before(async () => {
  net = await startNetwork({ participants: [{ wallet: 'vali', validator: true }, { wallet: 'miner' }] });
  writeKeyfile(net.wallets, 'stranger', 'default', await keyfileJson({ seed: seedHex(99) }));
});

after(async () => {
  await net?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const run = (wallet: string, extra: string[] = [], netuid?: number) => {
  const flags = net.chainFlags(wallet);
  if (netuid !== undefined) flags[3] = String(netuid);
  return runCliAsync(['validate', '--once', ...flags, '--hf-endpoint', net.hub.url, '--state', join(tmp, `state-${wallet}`), ...extra]);
};

function oneErrorLine(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((l) => l.startsWith('error: '));
  assert.equal(lines.length, 1, stderr);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  return lines[0]!;
}

test('a hotkey that is not registered, or has no validator permit, is refused in one line before anything is scored', async () => {
  const stranger = await run('stranger');
  assert.equal(stranger.code, 1);
  assert.match(oneErrorLine(stranger.stderr), /is not registered on subnet 31/);
  const miner = await run('miner');
  assert.equal(miner.code, 1);
  assert.match(oneErrorLine(miner.stderr), new RegExp(`\\(uid ${net.people.get('miner')!.uid}\\) holds no validator permit on subnet 31`));
  assert.equal(existsSync(join(tmp, 'state-miner')), false, 'no state folder is made for a refused run');
});

test('a subnet with timelocked commit-reveal (CommitRevealWeightsVersion 4) is refused, naming what is supported', async () => {
  net.node.addSubnet(32, { commitRevealEnabled: true });
  net.node.register(32, net.people.get('vali')!.address, { validatorPermit: true });
  const r = await run('vali', [], 32);
  assert.equal(r.code, 1);
  assert.match(oneErrorLine(r.stderr), /commit-reveal on with CommitRevealWeightsVersion 4 .*supports only hash commit-reveal/);
});

test('--local-only flags are usage errors on the network', async () => {
  const r = await run('vali', ['--min-allowed-weights', '3']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--min-allowed-weights applies to --local only/);
  const r2 = await run('vali', ['--interval', '0']);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /--interval: got 0, expected an integer 1\.\.1000000 \(blocks\)/);
});
