// Turns what @huggingface/hub throws into one clear NaschainError line, and
// keeps the access token out of every message.
import { HubApiError } from '@huggingface/hub';
import { NaschainError } from '../core/errors.js';
import { RequestTimeout, RetriesExhausted } from './retrying-fetch.js';

/**
 * Replaces every occurrence of the token (and any hf_ token-looking word) with
 * hf_***, and drops the query string of every URL (a presigned download URL
 * carries its signature there).
 */
export function maskToken(text: string, token?: string): string {
  let out = token ? text.split(token).join('hf_***') : text;
  out = out.replace(/\bhf_[A-Za-z0-9]{6,}\b/g, 'hf_***');
  // Up to the next space or quote; punctuation that ends the URL (a colon before the reason) stays.
  out = out.replace(/(\bhttps?:\/\/[^\s?#"'<>]+)[?#](?!…)[^\s"'<>]*?(?=[:,;.)]*(?:[\s"'<>]|$))/g, '$1?…');
  return out;
}

export interface HubAction {
  /** What we were doing, e.g. "upload to alice/model". */
  what: string;
  repo: string;
  revision?: string;
}

/** One line per failure kind; the client's own message (masked) is kept as the cause. */
export function translateHubError(e: unknown, action: HubAction, token?: string): NaschainError {
  if (e instanceof NaschainError) return new NaschainError(e.code, maskToken(e.message, token), { cause: e });
  const cause = e instanceof Error ? new Error(maskToken(e.message, token)) : e;
  if (e instanceof HubApiError) {
    const s = e.statusCode;
    const at = action.revision ? `${action.repo}@${action.revision}` : action.repo;
    if (s === 401 && !token) {
      return new NaschainError('AUTH', `${action.what}: the Hub wants a token for ${at} (401) and none was sent: the repo may be private or gated; set HF_TOKEN or HF_ACCESS_TOKEN to a token that can read it`, { cause });
    }
    if (s === 401) return new NaschainError('AUTH', `${action.what}: the Hub rejected the token (401): set a valid HF_TOKEN or HF_ACCESS_TOKEN`, { cause });
    if (s === 403) return new NaschainError('AUTH', `${action.what}: no write access to ${action.repo} (403): the token is read-only or the name belongs to another account`, { cause });
    if (s === 404) return new NaschainError('NOT_FOUND', `${action.what}: repo or revision ${at} not found (404), or it is private and the token cannot read it`, { cause });
    if (s === 412) return new NaschainError('INVALID', `${action.what}: branch of ${action.repo} moved during the commit (412): another commit landed first; upload again`, { cause });
    if (s === 429) return new NaschainError('NETWORK', `${action.what}: rate limited by the Hub (429) after all retries`, { cause });
    if (s >= 500) return new NaschainError('NETWORK', `${action.what}: the Hub failed with ${s} after all retries`, { cause });
    return new NaschainError('NETWORK', `${action.what}: the Hub answered ${s}: ${maskToken(e.message.split('. URL:')[0] ?? '', token)}`, { cause });
  }
  if (e instanceof RequestTimeout) return new NaschainError('NETWORK', `${action.what}: ${maskToken(e.message, token)}`, { cause });
  if (e instanceof RetriesExhausted) return new NaschainError('NETWORK', `${action.what}: ${maskToken(e.message, token)}`, { cause });
  if (e instanceof TypeError && /access token must start with/.test(e.message)) {
    return new NaschainError('AUTH', `${action.what}: the token does not look like a Hugging Face token (expected it to start with hf_)`, { cause });
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new NaschainError('NETWORK', `${action.what}: ${maskToken(msg, token)}`, { cause });
}
