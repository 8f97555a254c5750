// A miner's commitment, checked against what the chain would refuse before
// it is signed: the hotkey must be registered on the subnet, the text must fit
// Raw/BigRaw, and the per-epoch commitment space must not run out.
import { NaschainError } from '../core/errors.js';
import type { ChainClient, Inclusion } from './client.js';
import { commitmentField, spaceFor } from './commitment-data.js';
import type { Hotkey } from './wallet.js';

export async function publishCommitment(client: ChainClient, hotkey: Hotkey, text: string): Promise<Inclusion & { variant: string }> {
  const { variant, bytes } = commitmentField(text);
  const uid = await client.uidOf(hotkey.address);
  if (uid === null) throw new NaschainError('AUTH', `hotkey ${hotkey.address} is not registered on subnet ${client.netuid}; the chain only accepts commitments from registered hotkeys`);
  const space = await client.commitmentSpace(hotkey.address);
  const need = spaceFor(bytes.length);
  if (space.used + need > space.max) {
    throw new NaschainError('LIMIT', `commitment needs ${need} bytes of space but hotkey ${hotkey.address} has used ${space.used} of ${space.max} this epoch (${space.epoch}); wait for the next epoch`);
  }
  return { ...(await client.setCommitment(hotkey, text)), variant };
}
