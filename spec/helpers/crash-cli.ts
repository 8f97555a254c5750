// The built CLI run to the end, or until a crash point (lib/core/crash-point.ts)
// SIGKILLs it: for the specs that kill at the unsafe places and restart. Also
// the check every --json run must pass: stdout is exactly one JSON document.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { CRASH_ENV, type CrashPoint } from '../../lib/core/crash-point.js';
import { repoRoot } from './cli.js';

export const BIN = resolve(repoRoot, 'dist/bin/naschain.js');

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function env(crashAt: string | undefined, extra: Record<string, string>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete e[CRASH_ENV];
  if (crashAt !== undefined) e[CRASH_ENV] = crashAt;
  return e;
}

/** `naschain ...args`, blocking; with crashAt (`point` or `point:n`) it is expected to die there. */
export function runCliSync(args: string[], crashAt?: `${CrashPoint}` | `${CrashPoint}:${number}`, extraEnv: Record<string, string> = {}): CliExit {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: repoRoot, env: env(crashAt, extraEnv), encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The same without blocking the event loop (for specs whose stand-in servers live in this process). */
export function runCliAsync(args: string[], crashAt?: `${CrashPoint}` | `${CrashPoint}:${number}`, extraEnv: Record<string, string> = {}): Promise<CliExit> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repoRoot, env: env(crashAt, extraEnv) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code, signal) => ok({ code, signal, stdout, stderr }));
  });
}

/** Asserts the run died at its crash point (SIGKILL, no JSON written) and returns it. */
export function assertKilled(r: CliExit, where: string): CliExit {
  assert.equal(r.signal, 'SIGKILL', `${where}: expected a SIGKILL at the crash point, got code ${r.code}: ${r.stderr.slice(-2000)}`);
  assert.equal(r.stdout, '', `${where}: a killed run printed no document`);
  return r;
}

/** Asserts exit code `code` and, for 0, exactly one JSON document on stdout (parsed and returned); else an empty stdout. */
export function oneJsonDocument<T = unknown>(r: CliExit, code: number, where: string): T {
  assert.equal(r.signal, null, `${where}: killed by ${r.signal}: ${r.stderr.slice(-2000)}`);
  assert.equal(r.code, code, `${where}: exit code: ${r.stderr.slice(-2000)}`);
  if (code !== 0) {
    assert.equal(r.stdout, '', `${where}: a failed --json run prints nothing on stdout`);
    return undefined as T;
  }
  const text = r.stdout.trim();
  assert.ok(text.startsWith('{') && text.endsWith('}'), `${where}: stdout is one JSON object: ${r.stdout.slice(0, 200)}`);
  // JSON.parse refuses anything after the first document ("{..}\n{..}" is a syntax error).
  return JSON.parse(text) as T;
}
