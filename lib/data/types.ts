// The in-memory form of an image classification dataset, shared by readers,
// the trainer and the evaluator. Plain typed arrays: no tfjs here.

export interface ImageSplit {
  /** count*height*width*channels bytes, NHWC, row-major, 0..255. */
  images: Uint8Array;
  /** count labels, 0..numClasses-1. */
  labels: Uint8Array;
  count: number;
}

export interface ImageDataset {
  /** Registry name, e.g. "fashion-mnist", "cifar100", "fashion-mnist-small". */
  name: string;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  classNames: string[];
  /** Per-channel mean and std of the [0,1]-scaled training images (from the descriptor). */
  mean: number[];
  std: number[];
  train: ImageSplit;
  test: ImageSplit;
}
