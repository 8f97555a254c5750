// Checks the Hub endpoint a store talks to: http(s) only, and never a token in
// clear text: plain http is allowed with a token only to a loopback host (the
// specs' local stand-in), so a mistyped --hf-endpoint cannot leak it.
import { invalid, NaschainError } from '../core/errors.js';

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '[::1]';
}

/** The endpoint without trailing slashes; throws when it is not http(s) or would carry a token in clear text. */
export function checkHubEndpoint(url: string, hasToken: boolean): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalid('Hub endpoint', url, 'an http(s) URL such as https://huggingface.co');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw invalid('Hub endpoint', url, 'an http(s) URL such as https://huggingface.co');
  if (u.protocol === 'http:' && hasToken && !isLoopbackHost(u.hostname)) {
    throw new NaschainError('INVALID', `Hub endpoint ${u.origin}: refusing to send the Hugging Face token in clear text over plain http to a non-loopback host; use https, or run without a token (unset HF_TOKEN and HF_ACCESS_TOKEN) to read public repos`);
  }
  return url.replace(/\/+$/, '');
}
