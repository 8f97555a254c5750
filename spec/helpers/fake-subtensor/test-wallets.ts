// Bittensor-style keyfiles for specs, written to a temp folder. The secrets
// are public test values (the substrate dev phrase and fixed seeds).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { tempDir } from '../temp-dir.js';

export const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

export function seedHex(n: number): string {
  return u8aToHex(new Uint8Array(32).fill(n));
}

export async function addressOf(secret: { phrase?: string; seed?: string }): Promise<string> {
  await cryptoWaitReady();
  const k = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return (secret.phrase ? k.addFromMnemonic(secret.phrase) : k.addFromSeed(Buffer.from(secret.seed!.slice(2), 'hex'))).address;
}

/** Writes <root>/<wallet>/hotkeys/<hotkey> as bittensor does; returns the root. */
export function writeKeyfile(root: string, wallet: string, hotkey: string, body: string): string {
  const dir = join(root, wallet, 'hotkeys');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, hotkey), body);
  return root;
}

/** A wallet root in the temp folder, removed when the spec process exits. */
export function tempWalletRoot(): string {
  return tempDir('naschain-wallets-');
}

/** The JSON a bittensor keyfile holds (privateKey/publicKey are present but unused by us). */
export async function keyfileJson(secret: { phrase?: string; seed?: string }, overrideAddress?: string): Promise<string> {
  const address = overrideAddress ?? (await addressOf(secret));
  return JSON.stringify({
    accountId: '0x00', publicKey: '0x00', privateKey: '0x00',
    ...(secret.phrase ? { secretPhrase: secret.phrase } : {}),
    ...(secret.seed ? { secretSeed: secret.seed } : {}),
    ss58Address: address,
  });
}
