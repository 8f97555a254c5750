// Public surface of lib/model: the reference CNN, saving model folders, the one loader, the fit check.
export { buildReferenceCnn, type ReferenceCnnOptions } from './reference-cnn.js';
export { saveModelDir, modelDirSaver, MODEL_JSON } from './model-dir.js';
export * from './load/index.js';
export { checkModelFits, declaredInputShape, type ModelIo } from './fit-check.js';
