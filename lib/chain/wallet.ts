// Bittensor wallets as the Python tools keep them on disk:
// <path>/<name>/hotkeys/<hotkey> is a JSON keyfile with `secretPhrase` and/or
// `secretSeed` and `ss58Address`. We rebuild the sr25519 pair from the phrase
// or the seed (never from `privateKey`, which is the expanded 64-byte form) and
// insist that it re-derives the file's address. Secrets never leave this file.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady, mnemonicValidate } from '@polkadot/util-crypto';
import { hexToU8a, isHex } from '@polkadot/util';
import { NaschainError } from '../core/errors.js';

/** Where to find a hotkey: the three `--wallet.*` settings. */
export interface WalletLocation {
  path: string;
  name: string;
  hotkey: string;
}

/** A loaded hotkey: its address and the pair that signs for it. */
export interface Hotkey {
  readonly address: string;
  readonly pair: KeyringPair;
}

/** Bittensor's SS58 prefix (generic substrate, 42). */
export const SS58_PREFIX = 42;

/** Flags first, then BT_WALLET_* environment variables, then bittensor's defaults. */
export function resolveWalletLocation(
  flags: { path?: string; name?: string; hotkey?: string },
  env: NodeJS.ProcessEnv = process.env,
): WalletLocation {
  const raw = flags.path ?? env.BT_WALLET_PATH ?? '~/.bittensor/wallets';
  const path = raw === '~' || raw.startsWith('~/') ? join(homedir(), raw.slice(1)) : resolve(raw);
  return { path, name: flags.name ?? env.BT_WALLET_NAME ?? 'default', hotkey: flags.hotkey ?? env.BT_WALLET_HOTKEY ?? 'default' };
}

export function hotkeyFile(loc: WalletLocation): string {
  return join(loc.path, loc.name, 'hotkeys', loc.hotkey);
}

/** Reads and checks the hotkey keyfile; throws a one-line error naming the file, never the secret. */
export async function loadHotkey(loc: WalletLocation): Promise<Hotkey> {
  const file = hotkeyFile(loc);
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
    text = readFileSync(file, 'utf8');
  } catch {
    throw new NaschainError('NOT_FOUND', `hotkey keyfile ${file} not found (wallet name ${JSON.stringify(loc.name)}, hotkey ${JSON.stringify(loc.hotkey)}; set --wallet.path/--wallet.name/--wallet.hotkey or BT_WALLET_*)`);
  }
  return hotkeyFromKeyfile(text, file);
}

/** Builds the pair from keyfile text; `file` is only used in messages. */
export async function hotkeyFromKeyfile(text: string, file: string): Promise<Hotkey> {
  const head = text.trimStart();
  if (head.startsWith('$NACL') || head.startsWith('$ANSIBLE_VAULT') || head.startsWith('gAAAAA')) {
    throw new NaschainError('UNSUPPORTED', `hotkey keyfile ${file} is encrypted; naschain reads only unencrypted hotkeys (bittensor's default for hotkeys): regenerate the hotkey without a password or decrypt it with btcli`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new NaschainError('CORRUPT', `hotkey keyfile ${file} is not JSON (expected bittensor's keyfile with secretPhrase or secretSeed and ss58Address)`);
  }
  if (typeof data !== 'object' || data === null) throw new NaschainError('CORRUPT', `hotkey keyfile ${file} is not a JSON object`);
  const rec = data as Record<string, unknown>;
  const address = rec.ss58Address;
  if (typeof address !== 'string' || address === '') throw new NaschainError('CORRUPT', `hotkey keyfile ${file} has no ss58Address`);
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58_PREFIX });
  let pair: KeyringPair;
  const phrase = rec.secretPhrase;
  const seed = rec.secretSeed;
  if (typeof phrase === 'string' && phrase.trim() !== '') {
    if (!mnemonicValidate(phrase.trim())) throw new NaschainError('CORRUPT', `hotkey keyfile ${file}: secretPhrase is not a valid BIP-39 mnemonic`);
    pair = keyring.addFromMnemonic(phrase.trim());
  } else if (typeof seed === 'string' && seed !== '') {
    const hex = seed.startsWith('0x') ? seed : `0x${seed}`;
    if (!isHex(hex) || hexToU8a(hex).length !== 32) throw new NaschainError('CORRUPT', `hotkey keyfile ${file}: secretSeed is not 32 bytes of hex`);
    pair = keyring.addFromSeed(hexToU8a(hex));
  } else {
    throw new NaschainError('CORRUPT', `hotkey keyfile ${file} has neither secretPhrase nor secretSeed (a public-only keyfile cannot sign)`);
  }
  if (keyring.encodeAddress(pair.publicKey, SS58_PREFIX) !== keyring.encodeAddress(keyring.decodeAddress(address), SS58_PREFIX)) {
    throw new NaschainError('CORRUPT', `hotkey keyfile ${file}: its secret derives ${pair.address}, not the file's ss58Address ${address}`);
  }
  return { address: pair.address, pair };
}
