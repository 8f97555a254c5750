// The state of the stand-in subtensor node: real runtime metadata, storage
// encoded with the metadata's own types and keys, a chain of blocks with
// per-block state snapshots, and extrinsic checking (signature, nonce, era)
// as a node's transaction pool does it. The pallets' effects live in
// fake-pallets.ts; the JSON-RPC surface in server.ts.
import { readFileSync } from 'node:fs';
import { Metadata, TypeRegistry, expandMetadata } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';
import type { Extrinsic } from '@polkadot/types/interfaces';
import { blake2AsU8a, cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';
import { compactStripLength, u8aConcat, u8aToHex, hexToU8a, stringToU8a } from '@polkadot/util';

/** A JSON-RPC error the server sends back as is (code 1010 is the pool's 'Invalid Transaction'). */
export class RpcError extends Error {
  constructor(readonly code: number, message: string, readonly data?: string) {
    super(message);
  }
}

export interface FakeBlock {
  number: number;
  hash: string;
  headerJson: Record<string, unknown>;
  extrinsics: string[];
  state: Map<string, string>;
}

/** Raised by a pallet to fail the extrinsic with a module error, as the runtime does. */
export class ModuleError extends Error {
  constructor(readonly pallet: string, readonly error: string) {
    super(`${pallet}.${error}`);
  }
}

export interface EventSpec { pallet: string; name: string; fields: unknown[] }

export class FakeChain {
  readonly registry = new TypeRegistry();
  readonly metadata: Metadata;
  readonly metadataHex: string;
  readonly blocks: FakeBlock[] = [];
  /** Storage of the block being built (starts as a copy of the best block's). */
  state = new Map<string, string>();
  private readonly decorated: ReturnType<typeof expandMetadata>;
  private readonly nonces = new Map<string, number>();

  constructor(metadataFile: string) {
    const bytes = readFileSync(metadataFile);
    this.metadata = new Metadata(this.registry, bytes);
    this.registry.setMetadata(this.metadata, undefined, SUBTENSOR_EXTENSIONS, true);
    this.decorated = expandMetadata(this.registry, this.metadata);
    this.metadataHex = u8aToHex(bytes);
    this.seal([]);
  }

  static async create(metadataFile: string): Promise<FakeChain> {
    await cryptoWaitReady();
    return new FakeChain(metadataFile);
  }

  /** The runtime's own RuntimeVersion (System.Version constant). */
  get runtimeVersion(): Record<string, unknown> {
    return this.decorated.consts.system!.version!.toJSON() as Record<string, unknown>;
  }

  get genesisHash(): string {
    return this.blocks[0]!.hash;
  }

  get best(): FakeBlock {
    return this.blocks[this.blocks.length - 1]!;
  }

  // ---- storage, typed by the metadata -------------------------------------

  private entry(section: string, item: string) {
    const e = this.decorated.query[section]?.[item];
    if (!e) throw new Error(`no storage ${section}.${item} in metadata`);
    return e;
  }

  key(section: string, item: string, ...args: unknown[]): string {
    const e = this.entry(section, item);
    const raw = e(...args);
    return u8aToHex(compactStripLength(raw)[1]);
  }

  prefix(section: string, item: string, ...args: unknown[]): string {
    return u8aToHex(this.entry(section, item).keyPrefix(...args));
  }

  private valueType(section: string, item: string): string {
    const t = this.entry(section, item).meta.type;
    return this.registry.createLookupType(t.isPlain ? t.asPlain : t.asMap.value);
  }

  put(section: string, item: string, args: unknown[], value: unknown): void {
    // toU8a, not toHex: polkadot-js renders integers' toHex big-endian, storage is SCALE (little-endian).
    this.state.set(this.key(section, item, ...args), u8aToHex(this.registry.createType(this.valueType(section, item), value).toU8a()));
  }

  remove(section: string, item: string, args: unknown[]): void {
    this.state.delete(this.key(section, item, ...args));
  }

  /** The stored value, or the metadata's default; null only for an absent Optional entry. */
  get(section: string, item: string, args: unknown[]): Codec | null {
    const e = this.entry(section, item);
    const hex = this.state.get(this.key(section, item, ...args));
    if (hex === undefined && e.meta.modifier.isOptional) return null;
    return this.registry.createType(this.valueType(section, item), hex === undefined ? e.meta.fallback.toU8a(true) : hexToU8a(hex));
  }

  getNum(section: string, item: string, args: unknown[]): number {
    return Number(this.get(section, item, args)!.toString());
  }

  // ---- blocks --------------------------------------------------------------

  /** The block being built now. */
  get pendingNumber(): number {
    return this.blocks.length;
  }

  /** Closes the pending block with these extrinsics and their events. */
  seal(extrinsics: Array<{ hex: string; events: EventSpec[]; failed?: ModuleError }>): FakeBlock {
    const number = this.blocks.length;
    const records: unknown[] = [];
    extrinsics.forEach((x, i) => {
      for (const ev of x.events) records.push({ phase: { ApplyExtrinsic: i }, event: this.eventBytes(ev), topics: [] });
      const dispatchInfo = { weight: { refTime: 1_000_000, proofSize: 1_000 }, class: 'Normal', paysFee: 'Yes' };
      records.push({
        phase: { ApplyExtrinsic: i },
        event: x.failed
          ? this.eventBytes({ pallet: 'System', name: 'ExtrinsicFailed', fields: [{ Module: this.moduleError(x.failed) }, dispatchInfo] })
          : this.eventBytes({ pallet: 'System', name: 'ExtrinsicSuccess', fields: [dispatchInfo] }),
        topics: [],
      });
    });
    this.put('system', 'events', [], records);
    this.put('system', 'number', [], number);
    const parentHash = number === 0 ? u8aToHex(new Uint8Array(32)) : this.best.hash;
    const extrinsicsRoot = u8aToHex(blake2AsU8a(u8aConcat(...extrinsics.map((x) => hexToU8a(x.hex)))));
    const stateRoot = u8aToHex(blake2AsU8a(stringToU8a(`state-${number}-${this.state.size}`)));
    const header = this.registry.createType('Header', { parentHash, number, stateRoot, extrinsicsRoot, digest: { logs: [] } });
    const block: FakeBlock = { number, hash: header.hash.toHex(), headerJson: header.toJSON() as Record<string, unknown>, extrinsics: extrinsics.map((x) => x.hex), state: new Map(this.state) };
    this.blocks.push(block);
    this.state.delete(this.key('system', 'events'));
    return block;
  }

  private moduleError(e: ModuleError): { index: number; error: Uint8Array } {
    const pallet = this.metadata.asLatest.pallets.find((p) => p.name.toString() === e.pallet);
    if (!pallet || pallet.errors.isNone) throw new Error(`no errors for pallet ${e.pallet}`);
    const variants = this.registry.lookup.getSiType(pallet.errors.unwrap().type).def.asVariant.variants;
    const v = variants.find((x) => x.name.toString() === e.error);
    if (!v) throw new Error(`no error ${e.pallet}.${e.error} in metadata`);
    return { index: pallet.index.toNumber(), error: new Uint8Array([v.index.toNumber(), 0, 0, 0]) };
  }

  /** RuntimeEvent bytes: pallet index, variant index, then each field in its metadata type. */
  private eventBytes(ev: EventSpec): Uint8Array {
    const pallet = this.metadata.asLatest.pallets.find((p) => p.name.toString() === ev.pallet);
    if (!pallet || pallet.events.isNone) throw new Error(`no events for pallet ${ev.pallet}`);
    const variant = this.registry.lookup.getSiType(pallet.events.unwrap().type).def.asVariant.variants.find((v) => v.name.toString() === ev.name);
    if (!variant) throw new Error(`no event ${ev.pallet}.${ev.name} in metadata`);
    const fields = variant.fields.map((f, i) => this.registry.createType(this.registry.createLookupType(f.type), ev.fields[i]).toU8a());
    return u8aConcat(new Uint8Array([pallet.index.toNumber(), variant.index.toNumber()]), ...fields);
  }

  // ---- the transaction pool's checks ---------------------------------------

  nextNonce(address: string): number {
    return this.nonces.get(address) ?? 0;
  }

  /** Decodes and validates a signed extrinsic as the pool would; throws RpcError 1010 on rejection. */
  validate(hex: string): { ext: Extrinsic; signer: string } {
    let ext: Extrinsic;
    try {
      ext = this.registry.createType('Extrinsic', hex);
    } catch (e) {
      throw new RpcError(1002, 'Verification Error: Runtime error: Could not decode extrinsic', String(e));
    }
    if (!ext.isSigned) throw new RpcError(1010, 'Invalid Transaction', 'Transaction needs to be signed');
    const signer = ext.signer.toString();
    const nonce = ext.nonce.toNumber();
    if (nonce < this.nextNonce(signer)) throw new RpcError(1010, 'Invalid Transaction', 'Transaction is outdated');
    if (nonce > this.nextNonce(signer)) throw new RpcError(1010, 'Invalid Transaction', 'Transaction will be valid in the future');
    const era = ext.era;
    let blockHash = this.genesisHash;
    if (era.isMortalEra) {
      const birth = era.asMortalEra.birth(this.pendingNumber);
      const b = this.blocks[birth];
      if (!b || era.asMortalEra.death(this.pendingNumber) <= this.pendingNumber) throw new RpcError(1010, 'Invalid Transaction', 'Transaction has an ancient birth block');
      blockHash = b.hash;
    }
    const version = this.runtimeVersion as { specVersion: number; transactionVersion: number };
    const payload = this.registry.createType('ExtrinsicPayload', {
      method: ext.method.toHex(), era: ext.era, nonce: ext.nonce, tip: ext.tip, mode: ext.mode ?? 0,
      specVersion: version.specVersion, transactionVersion: version.transactionVersion,
      genesisHash: this.genesisHash, blockHash,
    }, { version: 4 });
    const msg = payload.toU8a({ method: true });
    const signed = msg.length > 256 ? blake2AsU8a(msg) : msg;
    if (!signatureVerify(signed, ext.signature.toU8a(), signer).isValid) {
      throw new RpcError(1010, 'Invalid Transaction', 'Transaction has a bad signature');
    }
    return { ext, signer };
  }

  bumpNonce(address: string): void {
    this.nonces.set(address, this.nextNonce(address) + 1);
  }
}

const EMPTY_EXTENSION = { extrinsic: {}, payload: {} };
const SUBTENSOR_EXTENSIONS = Object.fromEntries(
  ['SudoTransactionExtension', 'CheckShieldedTxValidity', 'SubtensorTransactionExtension', 'DrandPriority'].map((n) => [n, EMPTY_EXTENSION]),
);
