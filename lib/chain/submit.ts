// Signs an extrinsic with the hotkey, submits it and waits until it is in a
// block; a failed dispatch becomes "<Pallet>.<Error>: <sentence>" and a pool
// rejection (bad signature, stale nonce) keeps the node's own words (capped).
// An answer lost to a dropped socket or a missing block is settled by reading
// the chain back, never reported as a rejection and never signed twice.
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { DispatchError } from '@polkadot/types/interfaces';
import { NaschainError } from '../core/errors.js';
import type { Inclusion } from './client.js';
import { capText } from './node-text.js';
import { isConnectionError, settleLost } from './settle-extrinsic.js';
import type { Hotkey } from './wallet.js';

/** Human sentence for a dispatch error: pallet error name plus the runtime's own doc line. */
export function explainDispatchError(api: ApiPromise, err: DispatchError): string {
  if (err.isModule) {
    const meta = api.registry.findMetaError(err.asModule);
    // The pallet's own name (Commitments, SubtensorModule), not polkadot-js' camelCase section.
    const pallet = api.runtimeMetadata.asLatest.pallets.find((p) => p.index.eq(err.asModule.index))?.name.toString() ?? meta.section;
    const doc = meta.docs.join(' ').trim();
    return `${pallet}.${meta.name}${doc ? `: ${doc}` : ''}`;
  }
  if (err.isToken) return `Token.${err.asToken.type}`;
  if (err.isArithmetic) return `Arithmetic.${err.asArithmetic.type}`;
  return err.type;
}

type Watched = { inclusion: Inclusion } | { lost: string };

/**
 * Signs, sends and waits for a block. A definite answer (dispatch error, pool
 * rejection, the node refusing it) is an error; a lost answer (socket dropped
 * after sending, no block within inclusionMs) is settled by reading the chain
 * back (settle-extrinsic.ts) within settleMs, never reported as a rejection.
 */
export async function signAndWait(api: ApiPromise, what: string, tx: SubmittableExtrinsic<'promise'>, signer: Hotkey, inclusionMs: number, settleMs = 30_000): Promise<Inclusion> {
  const fromBlock = (await api.rpc.chain.getHeader()).number.toNumber();
  await tx.signAsync(signer.pair, { nonce: -1 });
  const watched = await watch(api, what, tx, inclusionMs);
  if ('inclusion' in watched) return watched.inclusion;
  return settleLost(api, { what, tx, address: signer.address, fromBlock, why: watched.lost }, settleMs, (e) => explainDispatchError(api, e));
}

function watch(api: ApiPromise, what: string, tx: SubmittableExtrinsic<'promise'>, inclusionMs: number): Promise<Watched> {
  return new Promise<Watched>((resolve, reject) => {
    let unsub: (() => void) | undefined;
    let settled = false;
    const onDrop = () => finish(null, { lost: `the connection to the node dropped after ${what} was sent` });
    const finish = (err: Error | null, value?: Watched) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      api.off('disconnected', onDrop);
      unsub?.();
      if (err) reject(err);
      else resolve(value as Watched);
    };
    const timer = setTimeout(() => finish(null, { lost: `no block included it within ${inclusionMs / 1000} s` }), inclusionMs);
    api.on('disconnected', onDrop);
    tx.send((result) => {
      const { status, dispatchError } = result;
      if (status.isInBlock || status.isFinalized) {
        const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
        if (dispatchError) {
          finish(new NaschainError('INVALID', `${what} failed on chain in block ${blockHash}: ${explainDispatchError(api, dispatchError)}`));
          return;
        }
        api.rpc.chain.getHeader(blockHash)
          .then((h) => finish(null, { inclusion: { blockHash, blockNumber: h.number.toNumber(), txHash: tx.hash.toHex() } }))
          .catch(() => finish(null, { lost: `included in ${blockHash} but its header could not be read` }));
      } else if (status.isInvalid || status.isUsurped) {
        // Invalid: the pool threw it out; Usurped: another extrinsic with the same nonce replaced it. Either way it cannot land.
        finish(new NaschainError('INVALID', `${what}: not included: the node's transaction pool reports it ${status.type}; nothing was written`));
      } else if (status.isDropped) {
        // Dropped from this node's pool (full, or evicted); another node may still include it: read the chain back.
        finish(null, { lost: `the node's transaction pool dropped it` });
      }
    }).then((u) => {
      unsub = u;
      if (settled) u();
    }).catch((e: unknown) => {
      if (isConnectionError(e)) return finish(null, { lost: `the connection to the node broke as ${what} was sent` });
      // The node rejects before pooling with RPC error 1010 'Invalid Transaction' and a reason such as 'Transaction has a bad signature'.
      const msg = capText(e instanceof Error ? e.message : String(e));
      finish(new NaschainError(/bad signature|BadProof/i.test(msg) ? 'AUTH' : 'INVALID', `${what} was rejected by the node: ${msg}`));
    });
  });
}
