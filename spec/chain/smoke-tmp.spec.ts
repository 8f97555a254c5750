import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeSubtensor } from '../helpers/fake-subtensor/server.js';
import { connectSubtensor } from '../../lib/chain/subtensor-client.js';
import { hotkeyFromKeyfile } from '../../lib/chain/wallet.js';
import { DEV_PHRASE, keyfileJson } from '../helpers/fake-subtensor/test-wallets.js';

test('smoke', async () => {
  const node = await FakeSubtensor.start();
  node.addSubnet(31);
  const hk = await hotkeyFromKeyfile(await keyfileJson({ phrase: DEV_PHRASE }), 'x');
  node.register(31, hk.address, { validatorPermit: true });
  const t0 = Date.now();
  const client = await connectSubtensor({ network: 'custom', endpoint: node.url, netuid: 31 }, { timeoutMs: 20000 });
  console.log('connect ms', Date.now() - t0);
  try {
    console.log(await client.subnet());
    console.log(await client.neurons());
    const inc = await client.setCommitment(hk, 'ns:name:None:None:None');
    console.log(inc, await client.commitments());
    console.log(await client.setWeights(hk, [0], [5], 0n));
    console.log(await client.weightsOf(0));
  } finally {
    console.log([...node.requested.entries()], [...node.unknown]);
    await client.close();
    await node.close();
  }
});
