import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { TENSORFLOW_PACKAGES, tensorflowBackendFrom } from '../../lib/backend/tensorflow.js';
import { NaschainError } from '../../lib/core/errors.js';
import { repoRoot } from '../helpers/cli.js';

const fixture = (name: string) => pathToFileURL(join(repoRoot, 'dist/spec/fixtures/backend', name)).href;

async function installed(pkg: string): Promise<boolean> {
  return import(pkg).then(() => true, () => false);
}

describe('tensorflow backend (tfjs-node-gpu, then tfjs-node, loaded lazily)', () => {
  after(async () => {
    if (tf.findBackend('tensorflow') !== null) tf.removeBackend('tensorflow');
    await tf.setBackend('cpu');
  });

  it('says both packages are absent and how to install one', async (t) => {
    for (const p of TENSORFLOW_PACKAGES) if (await installed(p)) return t.skip(`${p} is installed here`);
    await assert.rejects(tensorflowBackendFrom(TENSORFLOW_PACKAGES).load(), (e: unknown) => {
      assert.ok(e instanceof NaschainError);
      assert.equal(e.code, 'BACKEND');
      assert.equal(e.message, 'backend tensorflow: @tensorflow/tfjs-node-gpu is not installed; @tensorflow/tfjs-node is not installed ' +
        '(install one: npm install @tensorflow/tfjs-node-gpu for CUDA, or @tensorflow/tfjs-node for CPU)');
      return true;
    });
  });

  it('a package that is installed but fails to load (libtensorflow missing) is reported with its error, and the next one is tried', async () => {
    const broken = fixture('broken-tfjs-node.js');
    const good = fixture('tfjs-node-stand-in.js');
    const info = await tensorflowBackendFrom([broken, good]).load();
    assert.equal(info.name, 'tensorflow');
    assert.equal(tf.getBackend(), 'tensorflow');
    assert.equal(info.compute, 'cpu');
    assert.equal(info.device, `CPU (${good})`);
    await assert.rejects(tensorflowBackendFrom(['@tensorflow/no-such-package', broken]).load(),
      /@tensorflow\/no-such-package is not installed; .*broken-tfjs-node\.js failed to load: libtensorflow\.so\.2: cannot open shared object file/);
  });
});
