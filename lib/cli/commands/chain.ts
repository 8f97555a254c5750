// `naschain chain info` and `naschain chain commitments`: what the subnet looks
// like on chain (size, weights hyperparameters, my UID) and every UID's model
// commitment with its block, parsed or with the reason it does not parse.
import type { Argv, CommandModule } from 'yargs';
import { createContext, type GlobalArgs } from '../context.js';
import { NETWORKS, resolveNetwork, type NetworkTarget } from '../../chain/networks.js';
import { readSubnetCommitments, type CommitmentRow } from '../../chain/subnet-commitments.js';
import type { ChainClient, SubnetInfo } from '../../chain/client.js';
import { formatCommitment } from '../../chain/commitment-string.js';
import { isNaschainError, UsageError } from '../../core/errors.js';
import { checkNumber, numberOption, SPECS, withRange } from '../flag-value.js';

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

export const DEFAULT_SUBTENSOR_TIMEOUT_S = 30;

/** The subtensor.* flags, checked at parse time (yargs runs no coerce on a dotted key, but does on its parent). */
function checkSubtensor(v: unknown): ChainArgs['subtensor'] {
  if (typeof v !== 'object' || v === null) throw new UsageError('--subtensor: expected --subtensor.network, --subtensor.chain_endpoint or --subtensor.timeout');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k !== 'network' && k !== 'chain_endpoint' && k !== 'timeout') throw new UsageError(`Unknown argument: subtensor.${k}`);
  }
  const network = o.network;
  if (network !== undefined && (typeof network !== 'string' || !Object.hasOwn(NETWORKS, network))) {
    throw new UsageError(`--subtensor.network: got ${typeof network === 'string' && network !== '' ? JSON.stringify(network) : 'no value'}, expected one of ${Object.keys(NETWORKS).join(', ')}`);
  }
  const endpoint = o.chain_endpoint;
  if (endpoint !== undefined && (typeof endpoint !== 'string' || !/^wss?:\/\/[^\s/]+/.test(endpoint))) {
    throw new UsageError(`--subtensor.chain_endpoint: got ${typeof endpoint === 'string' && endpoint !== '' ? JSON.stringify(endpoint) : 'no value'}, expected a ws:// or wss:// URL`);
  }
  const timeout = checkNumber('subtensor.timeout', o.timeout, SPECS.seconds);
  return { ...(network !== undefined ? { network } : {}), ...(endpoint !== undefined ? { chain_endpoint: endpoint } : {}), ...(timeout !== undefined ? { timeout } : {}) } as ChainArgs['subtensor'];
}

/** The network and wallet flags every chain-facing command shares. */
export function chainOptions<T>(y: Argv<T>): Argv<T> {
  // yargs expands dotted flags into objects and strict mode then asks for the
  // parent keys too; declaring them (hidden) keeps bittensor's flag names.
  return y
    .option('subtensor', { hidden: true, coerce: checkSubtensor })
    .option('wallet', { hidden: true })
    .option('subtensor.network', { type: 'string', describe: 'finney (netuid 31), test (netuid 123) or local (ws://127.0.0.1:9944)' })
    .option('subtensor.chain_endpoint', { type: 'string', describe: 'Node WebSocket URL; overrides the network\'s endpoint' })
    .option('subtensor.timeout', { describe: withRange(`Seconds allowed for connecting and for each call (default ${DEFAULT_SUBTENSOR_TIMEOUT_S})`, SPECS.seconds) })
    .option('netuid', numberOption('netuid', SPECS.u16, 'Subnet id (default: the network\'s NASChain subnet)'))
    .option('wallet.name', { type: 'string', describe: 'Wallet (coldkey folder) name; env BT_WALLET_NAME; default "default"' })
    .option('wallet.hotkey', { type: 'string', describe: 'Hotkey name; env BT_WALLET_HOTKEY; default "default"' })
    .option('wallet.path', { type: 'string', describe: 'Wallets folder; env BT_WALLET_PATH; default ~/.bittensor/wallets' });
}

/** --subtensor.timeout in milliseconds. */
export function chainTimeoutMs(args: ChainArgs): number {
  return (args.subtensor?.timeout ?? DEFAULT_SUBTENSOR_TIMEOUT_S) * 1000;
}

export function targetOf(args: ChainArgs): NetworkTarget {
  return resolveNetwork({ network: args.subtensor?.network, endpoint: args.subtensor?.chain_endpoint, netuid: args.netuid });
}

async function withClient<T>(args: ChainArgs, f: (c: ChainClient) => Promise<T>): Promise<T> {
  const ctx = createContext(args);
  const { connectSubtensor } = await loadChain();
  const client = await connectSubtensor(targetOf(args), { timeoutMs: chainTimeoutMs(args), log: ctx.log });
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
