// A small NASChain network on 127.0.0.1 for end-to-end specs and manual runs:
// the stand-in Hub (one user who owns the miners' repos) and the stand-in
// subtensor node with one subnet, and a bittensor wallet folder holding one
// hotkey per participant, registered in the order given (validators with a
// validator permit). Helpers drive the real CLI (dist/bin/naschain.js).
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { FakeHub } from './fake-hub/fake-hub-server.js';
import { FakeSubtensor, type SubnetParams } from './fake-subtensor/server.js';
import { addressOf, keyfileJson, seedHex, tempWalletRoot, writeKeyfile } from './fake-subtensor/test-wallets.js';
import { repoRoot } from './cli.js';

export const HF_USER = 'alice';
export const HF_TOKEN = 'hf_network_fixture_token';

export interface Participant {
  /** Wallet name; the hotkey is always "default". */
  wallet: string;
  address: string;
  uid: number;
}

export interface NetworkFixture {
  hub: FakeHub;
  node: FakeSubtensor;
  netuid: number;
  /** The bittensor wallets folder (--wallet.path). */
  wallets: string;
  people: Map<string, Participant>;
  /** Flags naming the node, subnet and a participant's wallet. */
  chainFlags(wallet: string): string[];
  close(): Promise<void>;
}

export async function startNetwork(opts: { netuid?: number; subnet?: SubnetParams; participants: Array<{ wallet: string; validator?: boolean }> }): Promise<NetworkFixture> {
  const netuid = opts.netuid ?? 31;
  const hub = new FakeHub();
  await hub.start();
  hub.addUser(HF_USER, HF_TOKEN);
  const node = await FakeSubtensor.start();
  node.addSubnet(netuid, opts.subnet ?? {});
  const wallets = tempWalletRoot();
  const people = new Map<string, Participant>();
  for (const [i, p] of opts.participants.entries()) {
    const seed = seedHex(i + 1);
    writeKeyfile(wallets, p.wallet, 'default', await keyfileJson({ seed }));
    const address = await addressOf({ seed });
    const uid = node.register(netuid, address, { validatorPermit: p.validator ?? false });
    people.set(p.wallet, { wallet: p.wallet, address, uid });
  }
  return {
    hub, node, netuid, wallets, people,
    chainFlags: (wallet) => ['--subtensor.chain_endpoint', node.url, '--netuid', String(netuid), '--wallet.path', wallets, '--wallet.name', wallet, '--wallet.hotkey', 'default'],
    close: async () => {
      await node.close();
      await hub.stop();
    },
  };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI without blocking the event loop (the stand-ins live in this process). */
export function runCliAsync(
  args: string[],
  opts: { env?: Record<string, string>; onSpawn?: (kill: (s: NodeJS.Signals) => void) => void; onStderr?: (soFar: string, kill: (s: NodeJS.Signals) => void) => void } = {},
): Promise<CliRun> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [resolve(repoRoot, 'dist/bin/naschain.js'), ...args], {
      cwd: repoRoot, env: { ...process.env, HF_TOKEN: '', HF_ACCESS_TOKEN: '', ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      opts.onStderr?.(stderr, (sig) => child.kill(sig));
    });
    child.on('close', (code, signal) => ok({ code, signal, stdout, stderr }));
    opts.onSpawn?.((s) => child.kill(s));
  });
}

function configDataset(config: string): string {
  const dataset = (JSON.parse(readFileSync(config, 'utf8')) as { dataset?: unknown }).dataset;
  if (typeof dataset !== 'string') throw new Error(`${config}: no dataset in it`);
  return dataset;
}

/** `naschain submit` of a model folder by a participant, to alice/<repo> on the stand-in Hub. */
export function submitThroughCli(net: NetworkFixture, wallet: string, dir: string, repo: string, lr: number, config: string, cacheDir: string): Promise<CliRun> {
  return runCliAsync([
    // submit takes a model's dataset from its metrics.json or --dataset (the fixtures have none): the config's.
    'submit', dir, '--repo', `${HF_USER}/${repo}`, '--lr', String(lr), '--config', config, '--dataset', configDataset(config), '--public-delay', '0',
    '--hf-endpoint', net.hub.url, '--cache-dir', cacheDir, '--json', ...net.chainFlags(wallet),
  ], { env: { HF_TOKEN } });
}
