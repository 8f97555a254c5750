import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

// `npx naschain` in a fresh clone runs the entry through its shebang: it must be executable after `npm install` (the prepare build).
describe('the CLI entry', () => {
  it('is executable after the build and runs through its shebang', () => {
    const entry = resolve(repoRoot, 'dist/bin/naschain.js');
    assert.ok((statSync(entry).mode & 0o111) !== 0, `${entry} is not executable`);
    const out = execFileSync(entry, ['--help'], { encoding: 'utf8' });
    assert.match(out, /search/);
  });
});
