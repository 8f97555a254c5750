import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DoctorReport } from '../../lib/backend/doctor.js';
import { backendNames } from '../../lib/backend/registry.js';
import { doctor } from './doctor-run.js';

describe('naschain doctor', () => {
  it('--json reports every registered backend: what it runs on when it loads, one-line reason when not', () => {
    const cache = mkdtempSync(join(tmpdir(), 'naschain-doctor-'));
    try {
      const r = doctor(['--json', '--no-measure'], { XDG_CACHE_HOME: cache });
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as DoctorReport;
      assert.equal(doc.kind, 'naschain-doctor');
      assert.deepEqual(doc.backends.map((b) => b.name), backendNames());
      for (const b of doc.backends) {
        if (b.loads) {
          assert.equal(b.info?.name, b.name);
          assert.equal(b.reason, undefined);
          assert.equal(b.measureNote, 'not measured (--no-measure)');
        } else {
          assert.match(b.reason ?? '', new RegExp(`^backend ${b.name}: .{10,}`), `${b.name} has no reason`);
          assert.ok(!(b.reason ?? '').includes('\n'));
        }
      }
      const wasm = doc.backends.find((b) => b.name === 'wasm')!;
      assert.equal(wasm.loads, true);
      assert.equal(wasm.info?.simd, true);
      assert.ok((wasm.info?.threads ?? 0) >= 1);
      const webgpu = doc.backends.find((b) => b.name === 'webgpu')!;
      if (webgpu.loads) assert.ok((webgpu.info?.device ?? '').length > 0, 'webgpu names its adapter');
      else assert.match(webgpu.reason!, /Vulkan|adapter|webgpu/);
      const tfn = doc.backends.find((b) => b.name === 'tensorflow')!;
      if (!tfn.loads) assert.match(tfn.reason!, /npm install @tensorflow\/tfjs-node-gpu/);
      assert.match(doc.auto.reason, /not measured; auto measures/);
      assert.match(doc.machine.node, /^v\d+/);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
