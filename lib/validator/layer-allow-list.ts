// The one list of layer classes a submitted model may use: built-in
// tfjs-layers classes that a small image classifier needs and that hold no
// state besides ordinary trainable weights (and BatchNormalization's moving
// statistics). Anything else (Lambda, TFOpLambda, custom classes, RNNs,
// wrappers, Rescaling's baked-in constants) is refused by name.

const KERNEL = ['kernel_initializer', 'bias_initializer'];

/**
 * Allowed class -> the config keys of the initializers its weights are created
 * with (every weight it has), so the loader can make each allocation go
 * through a size guard.
 */
export const ALLOWED_LAYERS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['InputLayer', []],
  // Weighted.
  ['Conv2D', KERNEL],
  ['DepthwiseConv2D', ['depthwise_initializer', 'bias_initializer']],
  ['SeparableConv2D', ['depthwise_initializer', 'pointwise_initializer', 'bias_initializer']],
  ['Dense', KERNEL],
  ['BatchNormalization', ['gamma_initializer', 'beta_initializer', 'moving_mean_initializer', 'moving_variance_initializer']],
  // Activations.
  ['Activation', []],
  ['ReLU', []],
  ['LeakyReLU', []],
  ['ELU', []],
  ['Softmax', []],
  // Pooling.
  ['MaxPooling2D', []],
  ['AveragePooling2D', []],
  ['GlobalAveragePooling2D', []],
  ['GlobalMaxPooling2D', []],
  // Merges (residual and squeeze-excite style blocks).
  ['Add', []],
  ['Multiply', []],
  ['Average', []],
  ['Maximum', []],
  ['Concatenate', []],
  // Shape and regularisation.
  ['Dropout', []],
  ['ZeroPadding2D', []],
  ['Cropping2D', []],
  ['Flatten', []],
  ['Reshape', []],
]);

export const ALLOWED_LAYER_CLASSES: ReadonlySet<string> = new Set(ALLOWED_LAYERS.keys());

/** Model classes whose config.layers are walked like the top level. */
export const CONTAINER_CLASSES: ReadonlySet<string> = new Set(['Sequential', 'Model', 'Functional']);

/** The only layer class allowed non-trainable weights, and which ones (by weight name suffix). */
export const MOVING_STATISTICS_LAYER = 'BatchNormalization';
export const MOVING_STATISTICS = /\/moving_(mean|variance)(_\d+)?$/;
