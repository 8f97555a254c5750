// The image shape a built network takes and the number of logits it emits.
export interface NetworkIo {
  height: number;
  width: number;
  channels: number;
  numClasses: number;
}
