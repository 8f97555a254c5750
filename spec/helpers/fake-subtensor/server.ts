// A stand-in subtensor node for specs: a WebSocket JSON-RPC server on
// 127.0.0.1 (random free port) that answers what @polkadot/api asks at connect
// and during reads and writes, from a FakeChain built on the real runtime
// metadata. Submitted extrinsics are checked like a pool does (signature,
// nonce, era), applied by fake-pallets.ts and sealed into a new block with the
// real System.ExtrinsicSuccess/ExtrinsicFailed events.
//
// Faults (one-shot: each is cleared when used), set on `node.faults`:
//   poolStatus: 'invalid' | 'dropped' | 'usurped'  the next submitted extrinsic gets that pool
//       status instead of a block, and is never applied
//   dropAfterSubmit: { lands }  the socket is dropped as the next submit arrives, before any
//       answer; lands: true applies it in a new block all the same, false loses it
//   rpc: { method, result } or { method, error }  the next call of method gets this answer
//       (a broken or malicious node: null, huge or wrong values); { method, hang: true }: no answer, ever
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { hexToU8a, compactAddLength, u8aToHex, u8aConcat } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { FakeChain, ModuleError, RpcError } from './fake-chain.js';
import { applyCall } from './fake-pallets.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../spec/fixtures/subtensor');
export const METADATA_FILES = {
  finney: resolve(fixtures, 'finney-spec393.metadata.scale'),
  devnet: resolve(fixtures, 'devnet-spec381.metadata.scale'),
} as const;

export interface SubnetParams {
  tempo?: number;
  weightsRateLimit?: number;
  commitRevealEnabled?: boolean;
  revealPeriodEpochs?: number;
  minAllowedWeights?: number;
  maxWeightsLimit?: number;
  weightsVersionKey?: bigint;
}

type Json = unknown;

export interface ChainFaults {
  poolStatus?: 'invalid' | 'dropped' | 'usurped';
  dropAfterSubmit?: { lands: boolean };
  rpc?: { method: string; result?: Json; error?: { code: number; message: string; data?: string }; hang?: boolean };
}
type Sub = { ws: WebSocket; type: string; id: string };

export class FakeSubtensor {
  readonly url: string;
  /** Every RPC method the client called, for debugging what ApiPromise needs. */
  readonly requested = new Map<string, number>();
  /** Methods the stand-in does not implement but the client asked for. */
  readonly unknown = new Set<string>();
  readonly faults: ChainFaults = {};
  private subs = new Map<string, Sub>();
  private nextSub = 1;

  private constructor(private readonly wss: WebSocketServer, readonly chain: FakeChain, port: number) {
    this.url = `ws://127.0.0.1:${port}`;
    wss.on('connection', (ws) => {
      ws.on('message', (data) => { void this.onMessage(ws, data.toString()); });
      ws.on('close', () => { for (const [id, s] of this.subs) if (s.ws === ws) this.subs.delete(id); });
    });
  }

  static async start(opts: { metadata?: keyof typeof METADATA_FILES } = {}): Promise<FakeSubtensor> {
    const chain = await FakeChain.create(METADATA_FILES[opts.metadata ?? 'finney']);
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((ok, bad) => { wss.once('listening', ok); wss.once('error', bad); });
    const addr = wss.address();
    if (typeof addr === 'string' || addr === null) throw new Error('no port');
    return new FakeSubtensor(wss, chain, addr.port);
  }

  // ---- set-up helpers for specs --------------------------------------------

  addSubnet(netuid: number, p: SubnetParams = {}): void {
    const c = this.chain;
    c.put('subtensorModule', 'networksAdded', [netuid], true);
    c.put('subtensorModule', 'tempo', [netuid], p.tempo ?? 360);
    c.put('subtensorModule', 'weightsSetRateLimit', [netuid], p.weightsRateLimit ?? 100);
    c.put('subtensorModule', 'commitRevealWeightsEnabled', [netuid], p.commitRevealEnabled ?? false);
    c.put('subtensorModule', 'revealPeriodEpochs', [netuid], p.revealPeriodEpochs ?? 1);
    c.put('subtensorModule', 'minAllowedWeights', [netuid], p.minAllowedWeights ?? 1);
    c.put('subtensorModule', 'maxWeightsLimit', [netuid], p.maxWeightsLimit ?? 65535);
    c.put('subtensorModule', 'weightsVersionKey', [netuid], p.weightsVersionKey ?? 0n);
    c.put('subtensorModule', 'subnetworkN', [netuid], 0);
    this.advance(1);
  }

  /** Registers a hotkey at the next free UID; returns the UID. */
  register(netuid: number, hotkey: string, opts: { validatorPermit?: boolean } = {}): number {
    const c = this.chain;
    const uid = c.getNum('subtensorModule', 'subnetworkN', [netuid]);
    c.put('subtensorModule', 'keys', [netuid, uid], hotkey);
    c.put('subtensorModule', 'uids', [netuid, hotkey], uid);
    c.put('subtensorModule', 'subnetworkN', [netuid], uid + 1);
    c.put('subtensorModule', 'blockAtRegistration', [netuid, uid], c.pendingNumber);
    const permits = c.get('subtensorModule', 'validatorPermit', [netuid])!.toJSON() as boolean[];
    permits[uid] = opts.validatorPermit ?? false;
    c.put('subtensorModule', 'validatorPermit', [netuid], permits);
    const last = (c.get('subtensorModule', 'lastUpdate', [netuid])!.toJSON() as number[]).map(Number);
    last[uid] = 0;
    c.put('subtensorModule', 'lastUpdate', [netuid], last);
    this.advance(1);
    return uid;
  }

  /** The minimum stake to set weights (StakeThreshold) and a hotkey's stake on a subnet (TotalHotkeyAlpha). */
  setStake(opts: { threshold?: bigint; hotkey?: string; netuid?: number; amount?: bigint }): void {
    if (opts.threshold !== undefined) this.chain.put('subtensorModule', 'stakeThreshold', [], opts.threshold);
    if (opts.hotkey !== undefined && opts.netuid !== undefined) this.chain.put('subtensorModule', 'totalHotkeyAlpha', [opts.hotkey, opts.netuid], opts.amount ?? 0n);
    this.advance(1);
  }

  /** Produces n empty blocks and tells every head subscriber. */
  advance(n: number): void {
    for (let i = 0; i < n; i++) this.announce(this.chain.seal([]));
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((ok) => this.wss.close(() => ok()));
  }

  /** Drops every open client socket (the client should reconnect by itself). */
  dropConnections(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  // ---- JSON-RPC ------------------------------------------------------------

  private async onMessage(ws: WebSocket, text: string): Promise<void> {
    let req: { id: number; method: string; params?: Json[] };
    try {
      req = JSON.parse(text) as typeof req;
    } catch {
      return;
    }
    this.requested.set(req.method, (this.requested.get(req.method) ?? 0) + 1);
    // NASCHAIN_FAKE_SUBTENSOR_LOG=1 shows what the client asks for, to see which RPCs a new client version needs.
    if (process.env.NASCHAIN_FAKE_SUBTENSOR_LOG === '1') process.stderr.write(`fake-subtensor <- ${req.method} ${JSON.stringify(req.params ?? []).slice(0, 120)}\n`);
    const reply = (body: Record<string, Json>) => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ jsonrpc: '2.0', id: req.id, ...body })); };
    const rpc = this.faults.rpc;
    if (rpc?.method === req.method) {
      delete this.faults.rpc;
      if (rpc.hang) return;
      return reply(rpc.error ? { error: rpc.error } : { result: rpc.result === undefined ? null : rpc.result });
    }
    try {
      const result = this.handle(ws, req.method, req.params ?? []);
      reply({ result: result === undefined ? null : result });
    } catch (e) {
      if (e instanceof RpcError) reply({ error: { code: e.code, message: e.message, ...(e.data ? { data: e.data } : {}) } });
      else reply({ error: { code: -32603, message: e instanceof Error ? e.message : String(e) } });
    }
  }

  private block(at: Json): { hash: string; headerJson: Record<string, unknown>; extrinsics: string[]; state: Map<string, string>; number: number } {
    if (at === undefined || at === null) return this.chain.best;
    const b = this.chain.blocks.find((x) => x.hash === at);
    if (!b) throw new RpcError(4003, `Client error: UnknownBlock: block ${String(at)} not found`);
    return b;
  }

  private subscribe(ws: WebSocket, type: string, first?: Json): string {
    const id = `sub${this.nextSub++}`;
    this.subs.set(id, { ws, type, id });
    if (first !== undefined) setTimeout(() => this.notify(id, first), 1);
    return id;
  }

  private notify(id: string, result: Json): void {
    const s = this.subs.get(id);
    if (s && s.ws.readyState === s.ws.OPEN) s.ws.send(JSON.stringify({ jsonrpc: '2.0', method: s.type, params: { subscription: id, result } }));
  }

  private announce(block: { headerJson: Record<string, unknown> }): void {
    for (const s of this.subs.values()) if (s.type === 'chain_newHead' || s.type === 'chain_finalizedHead' || s.type === 'chain_allHead') this.notify(s.id, block.headerJson);
  }

  private runtimeVersion(): Record<string, Json> {
    const v = this.chain.runtimeVersion as Record<string, Json>;
    const { systemVersion, ...rest } = v;
    return { ...rest, stateVersion: systemVersion ?? 1 };
  }

  private handle(ws: WebSocket, method: string, params: Json[]): Json {
    const c = this.chain;
    switch (method) {
      case 'rpc_methods': return { version: 1, methods: [...IMPLEMENTED] };
      case 'system_chain': return 'Bittensor';
      case 'system_name': return 'naschain fake-subtensor';
      case 'system_version': return '0.0.0';
      case 'system_properties': return { ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' };
      case 'system_health': return { peers: 0, isSyncing: false, shouldHavePeers: false };
      case 'system_accountNextIndex': return c.nextNonce(String(params[0]));
      case 'chain_getBlockHash': {
        if (params[0] === undefined || params[0] === null) return c.best.hash;
        return c.blocks[Number(params[0])]?.hash ?? null;
      }
      case 'chain_getFinalizedHead': return c.best.hash;
      case 'chain_getHeader': return this.block(params[0]).headerJson;
      case 'chain_getBlock': {
        const b = this.block(params[0]);
        return { block: { header: b.headerJson, extrinsics: b.extrinsics }, justifications: null };
      }
      case 'state_getRuntimeVersion': case 'chain_getRuntimeVersion': return this.runtimeVersion();
      case 'state_getMetadata': return c.metadataHex;
      case 'state_call': return this.stateCall(String(params[0]), String(params[1] ?? '0x'));
      case 'state_getStorage': case 'state_getStorageAt': return this.block(params[1]).state.get(String(params[0])) ?? null;
      case 'state_queryStorageAt': {
        const b = this.block(params[1]);
        return [{ block: b.hash, changes: (params[0] as string[]).map((k) => [k, b.state.get(k) ?? null]) }];
      }
      case 'state_getKeysPaged': case 'state_getKeysPagedAt': {
        const [prefix, count, start, at] = params as [string, number, string | null, string | undefined];
        return [...this.block(at).state.keys()].filter((k) => k.startsWith(prefix) && (!start || k > start)).sort().slice(0, count);
      }
      case 'chain_subscribeNewHeads': case 'chain_subscribeNewHead': return this.subscribe(ws, 'chain_newHead', c.best.headerJson);
      case 'chain_subscribeAllHeads': return this.subscribe(ws, 'chain_allHead', c.best.headerJson);
      case 'chain_subscribeFinalizedHeads': case 'chain_subscribeFinalisedHeads': return this.subscribe(ws, 'chain_finalizedHead', c.best.headerJson);
      case 'state_subscribeRuntimeVersion': case 'chain_subscribeRuntimeVersion': return this.subscribe(ws, 'state_runtimeVersion', this.runtimeVersion());
      case 'chain_unsubscribeNewHeads': case 'chain_unsubscribeAllHeads': case 'chain_unsubscribeFinalizedHeads':
      case 'state_unsubscribeRuntimeVersion': case 'author_unwatchExtrinsic': case 'chain_unsubscribeRuntimeVersion':
        return this.subs.delete(String(params[0]));
      case 'author_submitAndWatchExtrinsic': return this.submit(ws, String(params[0]));
      case 'author_submitExtrinsic': {
        const hex = String(params[0]);
        this.submit(ws, hex);
        return u8aToHex(blake2AsU8a(hexToU8a(hex)));
      }
      default:
        this.unknown.add(method);
        throw new RpcError(-32601, `Method not found: ${method}`);
    }
  }

  private stateCall(method: string, data: string): string {
    const c = this.chain;
    if (method === 'Metadata_metadata_versions') return c.registry.createType('Vec<u32>', [14, 15, 16]).toHex();
    if (method === 'Metadata_metadata_at_version') {
      // Option<OpaqueMetadata>: Some, then the length-prefixed metadata bytes.
      return u8aToHex(u8aConcat(new Uint8Array([1]), compactAddLength(hexToU8a(c.metadataHex))));
    }
    if (method === 'AccountNonceApi_account_nonce') {
      const who = c.registry.createType('AccountId32', hexToU8a(data)).toString();
      return u8aToHex(c.registry.createType('u32', c.nextNonce(who)).toU8a());
    }
    if (method === 'Core_version') return u8aToHex(c.registry.createType('RuntimeVersion', this.runtimeVersion()).toU8a());
    this.unknown.add(`state_call:${method}`);
    throw new RpcError(-32000, `Client error: Execution failed: ${method} not available in the stand-in`);
  }

  private submit(ws: WebSocket, hex: string): string {
    const c = this.chain;
    const { ext, signer } = c.validate(hex);
    const id = this.subscribe(ws, 'author_extrinsicUpdate');
    const drop = this.faults.dropAfterSubmit;
    if (drop) {
      delete this.faults.dropAfterSubmit;
      ws.terminate();
      if (!drop.lands) return id;
    }
    const status = this.faults.poolStatus;
    if (status) {
      delete this.faults.poolStatus;
      setTimeout(() => {
        this.notify(id, 'ready');
        this.notify(id, status === 'usurped' ? { usurped: u8aToHex(new Uint8Array(32).fill(7)) } : status);
      }, 2);
      return id;
    }
    setTimeout(() => {
      this.notify(id, 'ready');
      c.bumpNonce(signer);
      const before = new Map(c.state);
      let events: ReturnType<typeof applyCall> = [];
      let failed: ModuleError | undefined;
      try {
        events = applyCall(c, signer, ext.method.section, ext.method.method, [...ext.method.args]);
      } catch (e) {
        if (!(e instanceof ModuleError)) throw e;
        // A failed dispatch keeps only the nonce and fee effects: roll storage back.
        c.state = before;
        failed = e;
      }
      const block = c.seal([{ hex, events, failed }]);
      this.announce(block);
      this.notify(id, { inBlock: block.hash });
      this.notify(id, { finalized: block.hash });
    }, 2);
    return id;
  }
}

const IMPLEMENTED = [
  'rpc_methods', 'system_chain', 'system_name', 'system_version', 'system_properties', 'system_health', 'system_accountNextIndex',
  'chain_getBlockHash', 'chain_getFinalizedHead', 'chain_getHeader', 'chain_getBlock', 'chain_subscribeNewHeads', 'chain_subscribeAllHeads',
  'chain_subscribeFinalizedHeads', 'chain_unsubscribeNewHeads', 'chain_unsubscribeAllHeads', 'chain_unsubscribeFinalizedHeads',
  'state_getRuntimeVersion', 'state_getMetadata', 'state_call', 'state_getStorage', 'state_queryStorageAt', 'state_getKeysPaged',
  'state_subscribeRuntimeVersion', 'state_unsubscribeRuntimeVersion', 'author_submitAndWatchExtrinsic', 'author_unwatchExtrinsic', 'author_submitExtrinsic',
];
