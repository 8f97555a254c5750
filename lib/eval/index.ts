// Public surface of lib/eval: accuracy, parameter and MAC counts, upstream rounding.
export { accuracy } from './accuracy.js';
export { countParams, type ParamCount } from './params.js';
export { countMacs, type MacCount } from './macs/count.js';
export { MAC_COUNTERS } from './macs/registry.js';
export type { MacCounter, ConcreteShape } from './macs/types.js';
export { roundParams, roundMacs, roundMacsUpstreamFloat, floorAccuracy, roundSignificant } from './rounding.js';
export { pyRound, roundToNearestSignificant, roundFlopsToNearestSignificant } from './py-round.js';
export { measureModel, accuracyMetrics, type ModelMetrics, type AccuracyMetrics } from './metrics.js';
