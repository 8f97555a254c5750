import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinCommitments } from '../../lib/chain/subnet-commitments.js';

test('every UID gets its commitment, its block, or the reason it has none', () => {
  const neurons = [
    { uid: 2, hotkey: 'C', validatorPermit: false, lastUpdate: 0 },
    { uid: 0, hotkey: 'A', validatorPermit: true, lastUpdate: 5 },
    { uid: 1, hotkey: 'B', validatorPermit: false, lastUpdate: 0 },
    { uid: 3, hotkey: 'D', validatorPermit: false, lastUpdate: 0 },
  ];
  const records = [
    { hotkey: 'A', block: 10, text: 'ns:m:None:None:0.01', variant: 'Raw19' },
    { hotkey: 'B', block: 11, text: 'garbage', variant: 'Raw7' },
    { hotkey: 'D', block: 12, text: null, variant: 'Sha256' },
    { hotkey: 'Z', block: 13, text: 'ns:gone:None:None:None', variant: 'Raw22' },
  ];
  assert.deepEqual(joinCommitments(neurons, records), [
    { uid: 0, hotkey: 'A', block: 10, text: 'ns:m:None:None:0.01', commitment: { namespace: 'ns', name: 'm', commit: null, hash: null, learningRate: 0.01 }, reason: null },
    { uid: 1, hotkey: 'B', block: 11, text: 'garbage', commitment: null, reason: "expected at least 4 fields namespace:name:commit:hash[:lr] separated by ':', got 1" },
    { uid: 2, hotkey: 'C', block: null, text: null, commitment: null, reason: 'no commitment' },
    { uid: 3, hotkey: 'D', block: 12, text: null, commitment: null, reason: 'first field is Sha256, not text' },
  ]);
});
