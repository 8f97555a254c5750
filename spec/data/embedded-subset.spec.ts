import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { getDescriptor, packageDatasetsDir } from '../../lib/data/registry.js';
import { repoRoot } from '../helpers/cli.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

test('the generator regenerates datasets/fashion-mnist-small byte for byte from the system Fashion-MNIST', () => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist/scripts/make-embedded-subset.js'), '/usr/share/datasets/fashion-mnist', '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('the committed subset files match the sha256 values in its descriptor and PROVENANCE.md', () => {
  const d = getDescriptor('fashion-mnist-small');
  const provenance = readFileSync(join(packageDatasetsDir(), 'fashion-mnist-small', 'PROVENANCE.md'), 'utf8');
  assert.match(provenance, /MIT licence/);
  for (const f of d.files) {
    const bytes = readFileSync(join(packageDatasetsDir(), 'fashion-mnist-small', f.name));
    assert.equal(sha(bytes), f.sha256, f.name);
    assert.equal(sha(gunzipSync(bytes)), f.contentSha256, f.name);
    assert.ok(provenance.includes(`| ${f.name} | ${f.sha256} | ${f.contentSha256} |`), f.name);
  }
});

test('the fashion-mnist descriptor hashes match Debian\'s installed files', () => {
  for (const f of getDescriptor('fashion-mnist').files) {
    const bytes = readFileSync(join('/usr/share/datasets/fashion-mnist', f.name));
    assert.equal(sha(bytes), f.sha256, f.name);
    assert.equal(sha(gunzipSync(bytes)), f.contentSha256, f.name);
  }
});
