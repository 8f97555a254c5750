// The per-machine record of which CPU backend trained fastest, so `auto`
// measures once per machine and software versions instead of on every run.
// One JSON file, entries keyed by the machine key; written atomically
// (temp file + rename) so concurrent runs never read half a file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, homedir, hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { BackendName } from './types.js';

/** What a measured choice depends on: the machine and every package whose kernels were timed. */
export interface MachineKey {
  host: string;
  cpu: string;
  cores: number;
  node: string;
  /** Versions of the backend packages ('absent' when not installed). */
  packages: Record<string, string>;
}

export interface BackendChoice {
  /** The fastest CPU backend measured. */
  choice: BackendName;
  /** Measured training images/s of the speed probe, per backend that loaded. */
  imagesPerSec: Partial<Record<BackendName, number>>;
  measuredAt: string;
  /** No GPU backend was found when this was measured: auto then skips probing for one until refreshed. */
  noGpu?: boolean;
}

interface CacheFile {
  kind: 'naschain-backend-choice';
  version: 1;
  entries: Record<string, BackendChoice & { key: MachineKey }>;
}

const KEY_PACKAGES = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];
/** Old machines' entries are dropped beyond this many (a home folder shared by many hosts). */
const MAX_ENTRIES = 32;

export function choiceCachePath(env: Record<string, string | undefined> = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && xdg !== '' ? xdg : join(homedir(), '.cache'), 'naschain', 'backend-choice.json');
}

export function machineKey(): MachineKey {
  const require = createRequire(import.meta.url);
  const packages: Record<string, string> = {};
  for (const name of KEY_PACKAGES) {
    try {
      packages[name] = (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version?: string }).version ?? 'unknown';
    } catch {
      packages[name] = 'absent';
    }
  }
  const cpu = cpus();
  return { host: hostname(), cpu: cpu[0]?.model.trim() ?? 'unknown', cores: cpu.length, node: process.version, packages };
}

export function keyString(key: MachineKey): string {
  return JSON.stringify([key.host, key.cpu, key.cores, key.node, Object.entries(key.packages).sort()]);
}

function readCache(path: string): CacheFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<CacheFile>;
    if (parsed.kind !== 'naschain-backend-choice' || parsed.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null) return undefined;
    return parsed as CacheFile;
  } catch {
    return undefined; // absent or unreadable: measure again and rewrite it
  }
}

export function readChoice(path: string, key: MachineKey): BackendChoice | undefined {
  const entry = readCache(path)?.entries[keyString(key)];
  if (entry === undefined || typeof entry.choice !== 'string') return undefined;
  return { choice: entry.choice, imagesPerSec: entry.imagesPerSec ?? {}, measuredAt: entry.measuredAt, ...(entry.noGpu === true ? { noGpu: true } : {}) };
}

export function writeChoice(path: string, key: MachineKey, choice: BackendChoice): void {
  const cache: CacheFile = readCache(path) ?? { kind: 'naschain-backend-choice', version: 1, entries: {} };
  cache.entries[keyString(key)] = { ...choice, key };
  const names = Object.keys(cache.entries);
  if (names.length > MAX_ENTRIES) {
    names.sort((a, b) => (cache.entries[a]!.measuredAt < cache.entries[b]!.measuredAt ? -1 : 1));
    for (const n of names.slice(0, names.length - MAX_ENTRIES)) delete cache.entries[n];
  }
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, `${JSON.stringify(cache, null, 2)}\n`);
  renameSync(temp, path);
}
