#!/usr/bin/env node
// Real published Keras-converted models as plain tfjs model folders, to check
// that eval and check load and count what tfjs-layers loads. The npm package
// nsfwjs@4.4.0 ships a Keras 2.2.4 MobileNetV2 (224x224x3) and InceptionV3
// (299x299x3), both uint8-quantized by tensorflowjs_converter, as browserify
// UMD files: model.min.js exports {modelTopology, weightsManifest} and each
// shard's .min.js exports the shard's bytes in base64. This script packs the
// package from the registry into a temporary folder (`npm pack`, no install,
// no package scripts run) and writes <out>/<model>/model.json plus the shard
// files under the names the manifest gives them.
//   node scripts/nsfwjs-models.mjs [out-dir]   (default: ./nsfwjs-models)
//   node dist/bin/naschain.js eval nsfwjs-models/mobilenet_v2 --metrics-only
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PACKAGE = 'nsfwjs@4.4.0';
const MODELS = ['mobilenet_v2', 'inception_v3'];
const out = resolve(process.argv[2] ?? 'nsfwjs-models');
const tmp = mkdtempSync(join(tmpdir(), 'nsfwjs-'));
try {
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent', '--ignore-scripts', '--pack-destination', tmp], { encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['-xzf', join(tmp, tarball), '-C', tmp]);
  const require = createRequire(join(tmp, 'package', 'dist', 'models', 'index.cjs'));
  for (const name of MODELS) {
    const from = join(tmp, 'package', 'dist', 'models', name);
    const model = require(join(from, 'model.min.js'));
    if (!model?.modelTopology || !Array.isArray(model.weightsManifest)) throw new Error(`${PACKAGE} ${name}/model.min.js: no {modelTopology, weightsManifest}`);
    const dir = join(out, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
    let bytes = 0;
    for (const group of model.weightsManifest) {
      for (const path of group.paths) {
        const base64 = require(join(from, `${path}.min.js`));
        if (typeof base64 !== 'string') throw new Error(`${PACKAGE} ${name}/${path}.min.js: expected a base64 string`);
        const shard = Buffer.from(base64, 'base64');
        writeFileSync(join(dir, path), shard);
        bytes += shard.byteLength;
      }
    }
    console.log(`${dir}: model.json and ${bytes} bytes of weights`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
