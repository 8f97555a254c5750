// Public surface of lib/model: the reference CNN, model folders, the fit check.
export { buildReferenceCnn, type ReferenceCnnOptions } from './reference-cnn.js';
export { saveModelDir, loadModelDir, modelDirLoader, modelDirSaver, MODEL_JSON } from './model-dir.js';
export { checkModelFits, declaredInputShape, type ModelIo } from './fit-check.js';
