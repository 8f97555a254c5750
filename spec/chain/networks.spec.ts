import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveNetwork } from '../../lib/chain/networks.js';

test('networks default to upstream endpoints and netuids', () => {
  assert.deepEqual(resolveNetwork({}), { network: 'finney', endpoint: 'wss://entrypoint-finney.opentensor.ai:443', netuid: 31 });
  assert.deepEqual(resolveNetwork({ network: 'test' }), { network: 'test', endpoint: 'wss://test.finney.opentensor.ai:443', netuid: 123 });
  assert.equal(resolveNetwork({ network: 'local' }).endpoint, 'ws://127.0.0.1:9944');
});

test('an explicit endpoint and netuid win', () => {
  assert.deepEqual(resolveNetwork({ endpoint: 'ws://10.0.0.2:9944', netuid: 7 }), { network: 'custom', endpoint: 'ws://10.0.0.2:9944', netuid: 7 });
  assert.deepEqual(resolveNetwork({ network: 'test', endpoint: 'ws://x:1' }), { network: 'test', endpoint: 'ws://x:1', netuid: 123 });
});

test('bad values are named', () => {
  assert.throws(() => resolveNetwork({ network: 'mainnet' }), /--subtensor.network: got "mainnet", expected one of finney, test, local/);
  assert.throws(() => resolveNetwork({ endpoint: 'http://x' }), /--subtensor.chain_endpoint/);
  assert.throws(() => resolveNetwork({ netuid: 70000 }), /--netuid: got 70000/);
});
