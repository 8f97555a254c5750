// Which node to talk to and which subnet: `--subtensor.network`,
// `--subtensor.chain_endpoint`, `--netuid`, with upstream's defaults.
import { invalid } from '../core/errors.js';

export type NetworkName = 'finney' | 'test' | 'local';

export interface NetworkTarget {
  /** The named network, or 'custom' when only an endpoint was given. */
  network: NetworkName | 'custom';
  endpoint: string;
  netuid: number;
}

export const NETWORKS: Readonly<Record<NetworkName, { endpoint: string; netuid: number }>> = {
  finney: { endpoint: 'wss://entrypoint-finney.opentensor.ai:443', netuid: 31 },
  test: { endpoint: 'wss://test.finney.opentensor.ai:443', netuid: 123 },
  // A local node has no NASChain subnet by default; 31 keeps the flag optional.
  local: { endpoint: 'ws://127.0.0.1:9944', netuid: 31 },
};

export function resolveNetwork(opts: { network?: string; endpoint?: string; netuid?: number }): NetworkTarget {
  const name = opts.network ?? (opts.endpoint ? undefined : 'finney');
  if (name !== undefined && !(name in NETWORKS)) throw invalid('--subtensor.network', name, 'one of finney, test, local');
  const base = name ? NETWORKS[name as NetworkName] : undefined;
  const endpoint = opts.endpoint ?? base?.endpoint ?? NETWORKS.finney.endpoint;
  if (!/^wss?:\/\/[^\s]+$/.test(endpoint)) throw invalid('--subtensor.chain_endpoint', endpoint, 'a ws:// or wss:// URL');
  const netuid = opts.netuid ?? base?.netuid ?? NETWORKS.finney.netuid;
  if (!Number.isInteger(netuid) || netuid < 0 || netuid > 65535) throw invalid('--netuid', netuid, 'an integer in [0, 65535]');
  return { network: (name as NetworkName | undefined) ?? 'custom', endpoint, netuid };
}
