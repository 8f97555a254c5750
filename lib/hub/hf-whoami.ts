// Who the Hugging Face token belongs to, read without writing anything: the
// miner's dry run asks it so that a bad token, or a repo namespace the token
// cannot write to, is found before a real submit (and before any upload).
import { whoAmI } from '@huggingface/hub';
import { NaschainError } from '../core/errors.js';
import { translateHubError } from './hub-errors.js';
import { HF_TOKEN_SOURCES, hfToken } from './hf-token.js';

export interface HubIdentity {
  /** The account name the token authenticates. */
  name: string;
  /** Organisations the account belongs to. */
  orgs: string[];
  /** The token's role ("read", "write", "fineGrained"), null when the Hub does not say. */
  role: string | null;
}

export interface HubIdentityOptions {
  hubUrl?: string;
  /** Omitted: from the standard places (hf-token.ts). */
  token?: string;
  /** Deadline of the request (default 30 s). */
  timeoutMs?: number;
}

export async function hubIdentity(options: HubIdentityOptions = {}): Promise<HubIdentity> {
  const token = options.token ?? hfToken();
  if (!token) throw new NaschainError('AUTH', `Hugging Face identity: no token: set ${HF_TOKEN_SOURCES}`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const withDeadline: typeof fetch = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  try {
    const me = await whoAmI({ accessToken: token, fetch: withDeadline, ...(options.hubUrl ? { hubUrl: options.hubUrl.replace(/\/+$/, '') } : {}) });
    const orgs = me.type === 'user' ? me.orgs.map((o) => o.name) : [];
    return { name: me.name, orgs, role: me.auth.accessToken?.role ?? null };
  } catch (e) {
    if ((e as Error)?.name === 'TimeoutError') throw new NaschainError('NETWORK', `Hugging Face identity: no answer from the Hub within ${timeoutMs / 1000} s`);
    throw translateHubError(e, { what: 'Hugging Face identity (whoami)', repo: '-' }, token);
  }
}

/** True when the identity may create repos under `namespace` (its own name or one of its organisations). */
export function canWriteNamespace(id: HubIdentity, namespace: string): boolean {
  return (id.name === namespace || id.orgs.includes(namespace)) && id.role !== 'read';
}
