// The one list of layer classes a submitted model may use: built-in
// tfjs-layers classes that a small image classifier needs and that hold no
// state besides ordinary trainable weights (and BatchNormalization's moving
// statistics). Anything else (Lambda, TFOpLambda, custom classes, RNNs,
// wrappers, Rescaling's baked-in constants) is refused by name.

export const ALLOWED_LAYER_CLASSES: ReadonlySet<string> = new Set([
  'InputLayer',
  // Weighted.
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'Dense',
  'BatchNormalization',
  // Activations.
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'Softmax',
  // Pooling.
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  // Merges (residual and squeeze-excite style blocks).
  'Add',
  'Multiply',
  'Average',
  'Maximum',
  'Concatenate',
  // Shape and regularisation.
  'Dropout',
  'ZeroPadding2D',
  'Cropping2D',
  'Flatten',
  'Reshape',
]);

/** Model classes whose config.layers are walked like the top level. */
export const CONTAINER_CLASSES: ReadonlySet<string> = new Set(['Sequential', 'Model', 'Functional']);

/** The only layer class allowed non-trainable weights, and which ones (by weight name suffix). */
export const MOVING_STATISTICS_LAYER = 'BatchNormalization';
export const MOVING_STATISTICS = /\/moving_(mean|variance)(_\d+)?$/;
