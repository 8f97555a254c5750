// Whether the webgpu specs can run here. Where no adapter exists they skip,
// saying why; with NASCHAIN_REQUIRE_WEBGPU=1 (.ci/run sets it, having
// installed Mesa's lavapipe) a missing adapter fails them instead, so a CI
// machine that lost its driver cannot pass by skipping the only GPU checks.
import { probeWebgpuAdapter } from '../../lib/backend/webgpu-adapter.js';

export const REQUIRE_WEBGPU_ENV = 'NASCHAIN_REQUIRE_WEBGPU';

/** undefined when an adapter is here; else why the spec skips. Throws when NASCHAIN_REQUIRE_WEBGPU=1. */
export async function webgpuMissing(hint = ''): Promise<string | undefined> {
  try {
    await probeWebgpuAdapter();
    return undefined;
  } catch (e) {
    const why = `no WebGPU adapter here (${(e as Error).message})${hint}`;
    if (process.env[REQUIRE_WEBGPU_ENV] === '1') throw new Error(`${REQUIRE_WEBGPU_ENV}=1 but ${why}`);
    return why;
  }
}
