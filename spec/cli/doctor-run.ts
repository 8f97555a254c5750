// Spec helper: runs spec/cli/doctor-runner.ts (the doctor command's handler)
// in a child process and captures its output.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

export function doctor(args: string[], env: Record<string, string>): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [resolve(repoRoot, 'dist/spec/cli/doctor-runner.js'), ...args], {
    cwd: repoRoot, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
