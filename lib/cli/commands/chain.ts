// `naschain chain info` and `naschain chain commitments`: what the subnet looks
// like on chain (size, weights hyperparameters, my UID) and every UID's model
// commitment with its block, parsed or with the reason it does not parse.
import type { Argv, CommandModule } from 'yargs';
import { createContext, type GlobalArgs } from '../context.js';
import { resolveNetwork, type NetworkTarget } from '../../chain/networks.js';
import { readSubnetCommitments, type CommitmentRow } from '../../chain/subnet-commitments.js';
import type { ChainClient, SubnetInfo } from '../../chain/client.js';
import { formatCommitment } from '../../chain/commitment-string.js';
import { isNaschainError } from '../../core/errors.js';

/** Loads the polkadot-js based modules only when a chain command runs, so the rest of the CLI starts fast. */
export async function loadChain() {
  const [client, wallet] = await Promise.all([import('../../chain/subtensor-client.js'), import('../../chain/wallet.js')]);
  return { ...client, ...wallet };
}

export interface ChainArgs extends GlobalArgs {
  subtensor?: { network?: string; chain_endpoint?: string; timeout?: number };
  netuid?: number;
  wallet?: { name?: string; hotkey?: string; path?: string };
}

/** The network and wallet flags every chain-facing command shares. */
export function chainOptions<T>(y: Argv<T>): Argv<T> {
  // yargs expands dotted flags into objects and strict mode then asks for the
  // parent keys too; declaring them (hidden) keeps bittensor's flag names.
  return y
    .option('subtensor', { hidden: true })
    .option('wallet', { hidden: true })
    .option('subtensor.network', { type: 'string', describe: 'finney (netuid 31), test (netuid 123) or local (ws://127.0.0.1:9944)' })
    .option('subtensor.chain_endpoint', { type: 'string', describe: 'Node WebSocket URL; overrides the network\'s endpoint' })
    .option('subtensor.timeout', { type: 'number', default: 30, describe: 'Seconds allowed for connecting and for each call' })
    .option('netuid', { type: 'number', describe: 'Subnet id (default: the network\'s NASChain subnet)' })
    .option('wallet.name', { type: 'string', describe: 'Wallet (coldkey folder) name; env BT_WALLET_NAME; default "default"' })
    .option('wallet.hotkey', { type: 'string', describe: 'Hotkey name; env BT_WALLET_HOTKEY; default "default"' })
    .option('wallet.path', { type: 'string', describe: 'Wallets folder; env BT_WALLET_PATH; default ~/.bittensor/wallets' });
}

export function targetOf(args: ChainArgs): NetworkTarget {
  return resolveNetwork({ network: args.subtensor?.network, endpoint: args.subtensor?.chain_endpoint, netuid: args.netuid });
}

async function withClient<T>(args: ChainArgs, f: (c: ChainClient) => Promise<T>): Promise<T> {
  const ctx = createContext(args);
  const { connectSubtensor } = await loadChain();
  const client = await connectSubtensor(targetOf(args), { timeoutMs: (args.subtensor?.timeout ?? 30) * 1000, log: ctx.log });
  try {
    return await f(client);
  } finally {
    await client.close();
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

function infoText(t: NetworkTarget, s: SubnetInfo, me: { hotkey: string | null; uid: number | null; note?: string }): string {
  const h = s.hyperparams;
  return [
    `endpoint            ${t.endpoint}${t.network === 'custom' ? '' : ` (${t.network})`}`,
    `block               ${s.block}`,
    `subnet              ${s.netuid}${s.exists ? '' : ' (does not exist)'}`,
    `size                ${s.size} UIDs`,
    `tempo               ${h.tempo} blocks`,
    `weights rate limit  ${h.weightsRateLimit} blocks`,
    `commit-reveal       ${h.commitRevealEnabled ? `enabled (reveal after ${h.revealPeriodEpochs} epoch(s))` : 'disabled'}`,
    `min allowed weights ${h.minAllowedWeights}`,
    `max weights limit   ${h.maxWeightsLimit} (${((h.maxWeightsLimit / 65535) * 100).toFixed(1)}%)`,
    `weights version key ${h.weightsVersionKey}`,
    `my hotkey           ${me.hotkey ?? `none${me.note ? ` (${me.note})` : ''}`}`,
    `my uid              ${me.uid ?? (me.hotkey ? 'not registered' : '-')}`,
  ].join('\n');
}

const info: CommandModule<GlobalArgs, ChainArgs> = {
  command: 'info',
  describe: 'Subnet size, weights hyperparameters and my UID',
  builder: (y) => chainOptions(y) as Argv<ChainArgs>,
  handler: async (args) => {
    const ctx = createContext(args);
    const target = targetOf(args);
    const { hotkeyFile, loadHotkey, resolveWalletLocation } = await loadChain();
    const explicit = Boolean(args.wallet?.name ?? args.wallet?.hotkey ?? args.wallet?.path ?? process.env.BT_WALLET_NAME ?? process.env.BT_WALLET_HOTKEY ?? process.env.BT_WALLET_PATH);
    const loc = resolveWalletLocation({ path: args.wallet?.path, name: args.wallet?.name, hotkey: args.wallet?.hotkey });
    let me: { hotkey: string | null; uid: number | null; note?: string } = { hotkey: null, uid: null };
    let address: string | null = null;
    try {
      address = (await loadHotkey(loc)).address;
    } catch (e) {
      // Without wallet flags a missing default wallet is normal for a read-only look.
      if (explicit || !(isNaschainError(e) && e.code === 'NOT_FOUND')) throw e;
      me = { hotkey: null, uid: null, note: `no keyfile at ${hotkeyFile(loc)}` };
    }
    const result = await withClient(args, async (c) => {
      const subnet = await c.subnet();
      if (address) me = { hotkey: address, uid: await c.uidOf(address) };
      return subnet;
    });
    ctx.emit(
      { endpoint: target.endpoint, network: target.network, ...result, hyperparams: { ...result.hyperparams, weightsVersionKey: result.hyperparams.weightsVersionKey.toString() }, hotkey: me.hotkey, uid: me.uid },
      infoText(target, result, me),
    );
  },
};

const commitments: CommandModule<GlobalArgs, ChainArgs> = {
  command: 'commitments',
  describe: 'Every UID\'s model commitment with its block, parsed or with the reason it does not parse',
  builder: (y) => chainOptions(y) as Argv<ChainArgs>,
  handler: async (args) => {
    const ctx = createContext(args);
    const rows: CommitmentRow[] = await withClient(args, (c) => readSubnetCommitments(c));
    const human = table(
      ['uid', 'hotkey', 'block', 'commitment'],
      rows.map((r) => [String(r.uid), r.hotkey, r.block === null ? '-' : String(r.block), r.commitment ? formatCommitment(r.commitment) : `(${r.reason})`]),
    );
    ctx.emit({ netuid: targetOf(args).netuid, rows }, rows.length ? human : 'no UIDs on this subnet');
  },
};

export const chainCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'chain',
  describe: 'Read the subnet from the subtensor chain: info, commitments',
  builder: (y) => y.command(info).command(commitments).demandCommand(1, 'Name an action: info or commitments.'),
  handler: () => undefined,
};
