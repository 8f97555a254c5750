// Stored results are only valid for the validation config that produced them:
// a different dataset, epoch count or seed gives other accuracies. The state
// folder remembers the fingerprint of its config (`round-config.json`) and a
// round with another config is refused instead of mixing results.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NaschainError } from '../../core/errors.js';
import type { ValiConfig } from '../../core/vali-config.js';

export const STATE_CONFIG_FILE = 'round-config.json';

/** The fields that change a measured or retrained number. */
export function scoringFingerprint(c: ValiConfig): Record<string, unknown> {
  return {
    dataset: c.dataset, maxDownloadBytes: c.maxDownloadBytes, trainEpochs: c.trainEpochs, learningRate: c.learningRate,
    batchSize: c.batchSize, momentum: c.momentum, weightDecay: c.weightDecay, clipNorm: c.clipNorm, schedule: c.schedule,
    shuffle: c.shuffle, augmentation: c.augmentation, mean: c.mean ?? null, std: c.std ?? null, seed: c.seed,
  };
}

/** Writes the fingerprint on first use; throws INVALID when the folder holds another config's results. */
export function guardStateConfig(stateDir: string, config: ValiConfig, backend: string): void {
  const path = join(stateDir, STATE_CONFIG_FILE);
  const want = { kind: 'naschain/validator-state-config', version: 1, backend, config: scoringFingerprint(config) };
  const text = `${JSON.stringify(want, null, 2)}\n`;
  if (existsSync(path)) {
    let have: unknown;
    try {
      have = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      have = null;
    }
    if (JSON.stringify(have) === JSON.stringify(want)) return;
    throw new NaschainError('INVALID', `validator state ${stateDir}: its results were measured with another validation config or backend (${path}), expected the same; use another --state folder`);
  }
  mkdirSync(stateDir, { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
