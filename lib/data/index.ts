// The public face of lib/data: what the trainer, evaluator and CLI import.
export type { ImageDataset, ImageSplit } from './types.js';
export type { DatasetDescriptor, DatasetFile, DatasetFormat } from './descriptor.js';
export { loadDataset, loadDatasetFrom, type LoadDatasetOptions } from './load-dataset.js';
export { parseDatasetDescriptor } from './descriptor.js';
export { DATASET_NAMES, DEFAULT_DATASET, getDescriptor, isDatasetName, packageDatasetsDir, type DatasetName } from './registry.js';
export { trainBatch, testBatch, batchLabels, type ImageDims, type Normalisation } from './augment.js';
