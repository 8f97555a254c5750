// Public surface of lib/train: the validation recipe and its parts.
export { train, type TrainOptions, type TrainResult, type EpochStats } from './train.js';
export { reinitialize, pytorchFanIn } from './reinit.js';
export { Sgd, type SgdOptions } from './sgd.js';
export { clipByGlobalNorm, type ClippedGrads } from './clip.js';
export { cosineLr } from './schedule.js';
export { softmaxCrossEntropy } from './loss.js';
export { epochOrder, batchesOf } from './data-order.js';
export { dimsOf, normalisationOf } from './inputs.js';
export { consoleProgress, type ProgressListener, type BatchProgress, type EpochProgress } from './progress.js';
