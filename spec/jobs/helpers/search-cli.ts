// The search specs' CLI runs: a tiny search on the embedded data, the CLI in
// a child process, and what of a run folder must not depend on where its
// evaluations ran.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from '../../helpers/cli.js';
import { RUN_FILES, readRecords } from '../../../lib/searcher/run-files.js';
import { withoutTimes } from '../../../lib/searcher/record.js';

/** A tiny search: small models (most random ones are refused untrained), no time budget cut. */
export const TINY_SEARCH = ['search', '--backend', 'wasm', '--seed', '4', '--population', '4', '--generations', '2', '--max-params', '12000', '--max-macs', '1200000', '--final-epochs', '1', '--time-budget', '60'];

/** The built CLI in a child process, without blocking this one (several run at once). */
export function cli(args: string[], timeoutMs = 600_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [resolve(repoRoot, 'dist/bin/naschain.js'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('exit', (code) => { clearTimeout(timer); done({ code, stdout, stderr }); });
  });
}

/** What must not depend on where the evaluations ran: records without timings, the front, every model file. */
export function runContent(dir: string) {
  const front = JSON.parse(readFileSync(join(dir, RUN_FILES.front), 'utf8')) as { models: { dir: string }[] };
  const models = front.models.map((m) => {
    const files = readdirSync(m.dir).sort();
    return { dir: m.dir.slice(dir.length), files: Object.fromEntries(files.map((f) => [f, readFileSync(join(m.dir, f)).toString('base64')])) };
  });
  return { records: readRecords(dir).map(withoutTimes), front: { ...front, models: front.models.map((m) => ({ ...m, dir: m.dir.slice(dir.length) })) }, models };
}
