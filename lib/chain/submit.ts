// Signs an extrinsic with the hotkey, submits it and waits until it is in a
// block; a failed dispatch becomes "<Pallet>.<Error>: <sentence>" and a pool
// rejection (bad signature, stale nonce) keeps the node's own words.
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { DispatchError } from '@polkadot/types/interfaces';
import { NaschainError } from '../core/errors.js';
import type { Inclusion } from './client.js';
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

export async function signAndWait(api: ApiPromise, what: string, tx: SubmittableExtrinsic<'promise'>, signer: Hotkey, timeoutMs: number): Promise<Inclusion> {
  return new Promise<Inclusion>((resolve, reject) => {
    let unsub: (() => void) | undefined;
    let settled = false;
    const finish = (err: Error | null, value?: Inclusion) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsub?.();
      if (err) reject(err);
      else resolve(value as Inclusion);
    };
    const timer = setTimeout(() => finish(new NaschainError('NETWORK', `${what}: not included in a block within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    tx.signAndSend(signer.pair, { nonce: -1 }, (result) => {
      const { status, dispatchError } = result;
      if (status.isInBlock || status.isFinalized) {
        const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
        if (dispatchError) {
          finish(new NaschainError('INVALID', `${what} failed on chain in block ${blockHash}: ${explainDispatchError(api, dispatchError)}`));
          return;
        }
        api.rpc.chain.getHeader(blockHash)
          .then((h) => finish(null, { blockHash, blockNumber: h.number.toNumber(), txHash: tx.hash.toHex() }))
          .catch((e: unknown) => finish(new NaschainError('NETWORK', `${what}: included in ${blockHash} but its header could not be read: ${String(e)}`)));
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        finish(new NaschainError('INVALID', `${what}: the node's transaction pool reports it ${status.type}`));
      }
    }).then((u) => {
      unsub = u;
      if (settled) u();
    }).catch((e: unknown) => {
      // The node rejects before pooling with RPC error 1010 'Invalid Transaction' and a reason such as 'Transaction has a bad signature'.
      const msg = e instanceof Error ? e.message : String(e);
      finish(new NaschainError(/bad signature|BadProof/i.test(msg) ? 'AUTH' : 'INVALID', `${what} was rejected by the node: ${msg.split('\n')[0]}`));
    });
  });
}
