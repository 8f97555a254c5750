// Manual runs of `naschain validate` without the internet: starts the stand-in
// Hub and subtensor node (spec/helpers/network-fixture.ts), registers a
// validator (uid 0, with a permit) and three miners, submits the honest-small,
// honest-medium and leaky-test-trained fixture models through the real CLI,
// prints the validate command to try, then prints the validator's Weights row
// each time it changes on chain. Ctrl-C stops it.
//
//   npx tsc -p tsconfig.json && node dist/spec/helpers/start-network.js
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSubtensor } from '../../lib/chain/subtensor-client.js';
import { startNetwork, submitThroughCli } from './network-fixture.js';
import { repoRoot } from './cli.js';

const CONFIG = join(repoRoot, 'spec/fixtures/submissions-config.json');
const SUBMISSIONS = join(repoRoot, 'spec/fixtures/submissions');
const tmp = mkdtempSync(join(tmpdir(), 'naschain-network-'));
const net = await startNetwork({
  subnet: { tempo: 360, weightsRateLimit: 3 },
  participants: [{ wallet: 'vali', validator: true }, { wallet: 'm1' }, { wallet: 'm2' }, { wallet: 'm3' }],
});
process.stderr.write(`hub ${net.hub.url}, subtensor ${net.node.url}, netuid ${net.netuid}, wallets ${net.wallets}\n`);
for (const [wallet, model, lr] of [['m1', 'honest-small', 0.1], ['m2', 'honest-medium', 0.1], ['m3', 'leaky-test-trained', 0.02]] as const) {
  const dir = join(tmp, model);
  cpSync(join(SUBMISSIONS, model), dir, { recursive: true, filter: (src) => !src.endsWith('submission.json') });
  const r = await submitThroughCli(net, wallet, dir, model, lr, CONFIG, join(tmp, 'miner-cache'));
  if (r.code !== 0) throw new Error(`submit ${model} failed: ${r.stderr}`);
  process.stderr.write(`${wallet} (uid ${net.people.get(wallet)!.uid}) committed ${model}\n`);
}
const flags = [...net.chainFlags('vali'), '--hf-endpoint', net.hub.url, '--state', join(tmp, 'state'), '--config', CONFIG, '--cache-dir', join(tmp, 'cache'), '--backend', 'wasm'];
process.stdout.write(`\nnode dist/bin/naschain.js validate --once ${flags.join(' ')}\n\n`);
const client = await connectSubtensor({ network: 'custom', endpoint: net.node.url, netuid: net.netuid });
const vali = net.people.get('vali')!.uid;
let last = '';
const timer = setInterval(() => {
  void client.weightsOf(vali).then((row) => {
    const text = JSON.stringify(row);
    if (text !== last) process.stdout.write(`block ${net.node.chain.best.number}: Weights[${net.netuid}][${vali}] = ${text}\n`);
    last = text;
  });
}, 2000);
process.on('SIGINT', () => {
  clearInterval(timer);
  void client.close().then(() => net.close()).then(() => process.exit(0));
});
