#!/usr/bin/env node
// Runs the compiled specs with node's test runner. Default: every
// dist/spec/**/*.spec.js except *.slow.spec.js; --slow runs only the slow ones.
// Extra arguments filter by substring of the path.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const slow = args.includes('--slow');
const filters = args.filter((a) => !a.startsWith('--'));
const root = 'dist/spec';

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.spec.js')) out.push(p);
  }
  return out;
}

// tsc never deletes outputs: a spec moved or removed in spec/ leaves its old
// compiled file in dist/spec, which must not run.
const hasSource = (f) => existsSync(f.replace(/^dist[\\/]/, '').replace(/\.js$/, '.ts'));
const files = walk(root)
  .filter(hasSource)
  .filter((f) => f.endsWith('.slow.spec.js') === slow)
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error(`no spec files matched under ${root}`);
  process.exit(1);
}
const concurrency = process.env.NASCHAIN_TEST_CONCURRENCY ?? '2';
const r = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
