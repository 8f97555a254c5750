import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { memoryLogger } from '../../lib/core/log.js';
import { consoleProgress } from '../../lib/train/progress.js';

describe('consoleProgress', () => {
  it('off a terminal: no bar, one plain line per epoch with loss, accuracy, lr, speed and time', () => {
    const log = memoryLogger();
    const p = consoleProgress(log);
    p.onBatch?.({ epoch: 0, epochs: 2, batch: 1, batches: 3, loss: 2, trainAcc: 10, imagesPerSec: 100, etaSec: 5 });
    p.onEpoch?.({ epoch: 0, epochs: 2, loss: 1.23456, trainAcc: 55.5, lr: 0.0125, imagesPerSec: 321.4, seconds: 75 });
    assert.deepEqual(log.lines, ['epoch 1/2: loss 1.2346, train acc 55.50%, lr 0.01250, 321 img/s, 1m15s']);
  });
});
