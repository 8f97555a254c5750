// The one list of layer classes a submitted model may use, and for each the
// config keys it may carry (in tfjs-layers' camelCase, the form the checks
// see; see canonical-topology.ts). Built-in tfjs-layers classes that a small
// image classifier needs and that hold no state besides ordinary trainable
// weights (and BatchNormalization's moving statistics). Anything else
// (Lambda, TFOpLambda, custom classes, RNNs, wrappers, Rescaling's baked-in
// constants) is refused by name, and so is any key not listed: tfjs reads
// more keys than it writes (Layer's `weights` sets initial values, Dense's
// `inputDim` an input shape), and a value that is a {className, config}
// object is deserialized from tfjs' global class registry, which holds every
// layer and model class.
//
// The keys are those tfjs-layers 4.22's getConfig writes for each class.

/** What a config value may be. */
export type ConfigValueKind =
  /** Plain data: numbers, strings, booleans, null, arrays of those; never an object. */
  | 'data'
  /** A string from ACTIVATIONS. */
  | 'activation'
  /** A string or {className, config} from INITIALIZERS; it never runs (the loader's weight guard starts every weight at zeros). */
  | 'initializer'
  /** Must be null: regularizers and constraints change training, and their classes run code. */
  | 'null';

const BASE: Record<string, ConfigValueKind> = { name: 'data', trainable: 'data', dtype: 'data', batchInputShape: 'data' };
const NO_EXTRA = (keys: string[]): Record<string, ConfigValueKind> => Object.fromEntries(keys.map((k) => [k, 'data']));

const CONV_COMMON: Record<string, ConfigValueKind> = {
  kernelSize: 'data', strides: 'data', padding: 'data', dataFormat: 'data', dilationRate: 'data',
  activation: 'activation', useBias: 'data', biasInitializer: 'initializer',
  biasRegularizer: 'null', activityRegularizer: 'null', biasConstraint: 'null',
};

/** Allowed class -> its allowed config keys (besides name, trainable, dtype, batchInputShape) and what each may hold. */
export const LAYER_CONFIG_KEYS: ReadonlyMap<string, Readonly<Record<string, ConfigValueKind>>> = new Map<string, Record<string, ConfigValueKind>>([
  ['InputLayer', { sparse: 'data' }],
  // Weighted.
  ['Conv2D', { ...CONV_COMMON, filters: 'data', kernelInitializer: 'initializer', kernelRegularizer: 'null', kernelConstraint: 'null' }],
  ['DepthwiseConv2D', { ...CONV_COMMON, depthMultiplier: 'data', depthwiseInitializer: 'initializer', depthwiseRegularizer: 'null', depthwiseConstraint: 'null' }],
  ['SeparableConv2D', {
    ...CONV_COMMON, filters: 'data', depthMultiplier: 'data',
    depthwiseInitializer: 'initializer', pointwiseInitializer: 'initializer',
    depthwiseRegularizer: 'null', pointwiseRegularizer: 'null', depthwiseConstraint: 'null', pointwiseConstraint: 'null',
  }],
  ['Dense', {
    units: 'data', activation: 'activation', useBias: 'data', kernelInitializer: 'initializer', biasInitializer: 'initializer',
    kernelRegularizer: 'null', biasRegularizer: 'null', activityRegularizer: 'null', kernelConstraint: 'null', biasConstraint: 'null',
  }],
  ['BatchNormalization', {
    axis: 'data', momentum: 'data', epsilon: 'data', center: 'data', scale: 'data',
    betaInitializer: 'initializer', gammaInitializer: 'initializer', movingMeanInitializer: 'initializer', movingVarianceInitializer: 'initializer',
    betaRegularizer: 'null', gammaRegularizer: 'null', betaConstraint: 'null', gammaConstraint: 'null',
  }],
  // Activations.
  ['Activation', { activation: 'activation' }],
  ['ReLU', NO_EXTRA(['maxValue'])],
  ['LeakyReLU', NO_EXTRA(['alpha'])],
  ['ELU', NO_EXTRA(['alpha'])],
  ['Softmax', NO_EXTRA(['axis'])],
  // Pooling.
  ['MaxPooling2D', NO_EXTRA(['poolSize', 'padding', 'strides', 'dataFormat'])],
  ['AveragePooling2D', NO_EXTRA(['poolSize', 'padding', 'strides', 'dataFormat'])],
  ['GlobalAveragePooling2D', NO_EXTRA(['dataFormat'])],
  ['GlobalMaxPooling2D', NO_EXTRA(['dataFormat'])],
  // Merges (residual and squeeze-excite style blocks).
  ['Add', {}],
  ['Multiply', {}],
  ['Average', {}],
  ['Maximum', {}],
  ['Concatenate', NO_EXTRA(['axis'])],
  // Shape and regularisation.
  ['Dropout', NO_EXTRA(['rate', 'noiseShape', 'seed'])],
  ['ZeroPadding2D', NO_EXTRA(['padding', 'dataFormat'])],
  ['Cropping2D', NO_EXTRA(['cropping', 'dataFormat'])],
  ['Flatten', NO_EXTRA(['dataFormat'])],
  ['Reshape', NO_EXTRA(['targetShape'])],
]);

/** Every allowed config key of `cls` with its kind, base keys included; undefined for a class not allowed. */
export function configKeysOf(cls: string): Readonly<Record<string, ConfigValueKind>> | undefined {
  const own = LAYER_CONFIG_KEYS.get(cls);
  return own === undefined ? undefined : { ...BASE, ...own };
}

export const ALLOWED_LAYER_CLASSES: ReadonlySet<string> = new Set(LAYER_CONFIG_KEYS.keys());

/** Model classes whose config.layers are walked like the top level (the loader's list). */
export { CONTAINER_CLASSES } from '../model/load/topology-walk.js';

/** Keys of a model's topology object, of a container's config, and of a layer entry (camelCase). */
export const TOPOLOGY_KEYS: ReadonlySet<string> = new Set(['className', 'config', 'kerasVersion', 'backend']);
export const FUNCTIONAL_CONFIG_KEYS: ReadonlySet<string> = new Set(['name', 'layers', 'inputLayers', 'outputLayers']);
export const SEQUENTIAL_CONFIG_KEYS: ReadonlySet<string> = new Set(['name', 'layers']);
export const LAYER_ENTRY_KEYS: ReadonlySet<string> = new Set(['className', 'config', 'name', 'inboundNodes']);

/**
 * Activation names (after camel-casing) a layer may name. tfjs looks an
 * activation string up in its global class registry, where a layer or model
 * class name would also resolve, so only these elementwise functions pass.
 */
export const ACTIVATIONS: ReadonlySet<string> = new Set([
  'linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softplus', 'softsign', 'softmax', 'swish', 'gelu', 'mish',
]);

/**
 * Built-in initializers a layer may name, as a string identifier or as
 * {className, config} with a config of plain values. They never run: the
 * loader's weight guard starts every weight at zeros (weight-budget.ts).
 * Allowing them keeps tfjs- and Keras-saved models loadable.
 */
export const INITIALIZERS: ReadonlySet<string> = new Set([
  'zeros', 'ones', 'constant', 'randomUniform', 'randomNormal', 'truncatedNormal', 'varianceScaling',
  'glorotUniform', 'glorotNormal', 'heUniform', 'heNormal', 'leCunUniform', 'leCunNormal', 'orthogonal', 'identity',
  'Zeros', 'Ones', 'Constant', 'RandomUniform', 'RandomNormal', 'TruncatedNormal', 'VarianceScaling',
  'GlorotUniform', 'GlorotNormal', 'HeUniform', 'HeNormal', 'LeCunUniform', 'LeCunNormal', 'Orthogonal', 'Identity',
]);

/** The only layer class allowed non-trainable weights, and which ones (by weight name suffix): lib/eval's buffers. */
export { MOVING_STATISTICS, MOVING_STATISTICS_LAYER } from '../eval/params.js';
