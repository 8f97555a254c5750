// Where the Hugging Face token comes from: the places and order the Hugging
// Face tools use (huggingface_hub's get_token), so that `huggingface-cli
// login` (or `hf auth login`) is all a miner needs:
//   1. HF_TOKEN, then HUGGING_FACE_HUB_TOKEN (its older name);
//   2. HF_ACCESS_TOKEN (the name upstream NASChain's docs use);
//   3. the token file: $HF_TOKEN_PATH, else $HF_HOME/token, else
//      $XDG_CACHE_HOME/huggingface/token, else ~/.cache/huggingface/token.
// A value is cleaned as huggingface_hub does (line breaks removed, blanks
// trimmed; empty counts as unset). The token is never printed, logged or
// written anywhere; errors mask it (hub-errors.ts). Only where it came from
// (a variable's name, a file's path) may be shown.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import { errnoCode, fsErrorText } from '../core/fs-problem.js';

const ENV_NAMES = ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HF_ACCESS_TOKEN'] as const;

/** For messages: where a token is looked for. */
export const HF_TOKEN_SOURCES = 'HF_TOKEN or HF_ACCESS_TOKEN, or log in with `huggingface-cli login` (it writes ~/.cache/huggingface/token; HF_HOME and HF_TOKEN_PATH move it)';

export interface FoundToken {
  token: string;
  /** The variable's name or the file's path. */
  source: string;
}

function clean(v: string | undefined): string | undefined {
  const t = v?.replace(/[\r\n]/g, '').trim();
  return t ? t : undefined;
}

function expandHome(p: string, home: string): string {
  return p === '~' || p.startsWith('~/') ? join(home, p.slice(1)) : p;
}

/** The token file huggingface_hub reads, whether or not it exists. */
export function hfTokenPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (env.HF_TOKEN_PATH) return expandHome(env.HF_TOKEN_PATH, home);
  const hfHome = env.HF_HOME ? expandHome(env.HF_HOME, home) : join(env.XDG_CACHE_HOME ? expandHome(env.XDG_CACHE_HOME, home) : join(home, '.cache'), 'huggingface');
  return join(hfHome, 'token');
}

/** The token from the environment variables alone, in their order, or undefined. */
export function tokenFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const key of ENV_NAMES) {
    const v = clean(env[key]);
    if (v) return v;
  }
  return undefined;
}

/**
 * The token and where it came from, or undefined when there is none. A token
 * file that exists but cannot be read is an AUTH error naming the file (as
 * huggingface_hub raises on it), not a silent "no token".
 */
export function findHfToken(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): FoundToken | undefined {
  for (const key of ENV_NAMES) {
    const v = clean(env[key]);
    if (v) return { token: v, source: key };
  }
  const path = hfTokenPath(env, home);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return undefined;
    throw new NaschainError('AUTH', `Hugging Face token file ${path}: cannot read it (${fsErrorText(e)})`);
  }
  const token = clean(text);
  return token ? { token, source: path } : undefined;
}

/** The token from the standard places, or undefined. */
export function hfToken(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string | undefined {
  return findHfToken(env, home)?.token;
}
