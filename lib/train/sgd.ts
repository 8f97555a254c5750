// SGD with momentum and weight decay, PyTorch's torch.optim.SGD semantics (not
// Keras'): d = g + wd*w; buf = momentum*buf + d (buf = d on the first step);
// w -= lr*buf. Decay applies to every trainable weight, as PyTorch's default
// parameter group does (BN gamma/beta and biases included).
import * as tf from '@tensorflow/tfjs-core';

export interface SgdOptions {
  momentum: number;
  weightDecay: number;
}

export class Sgd {
  private readonly buffers = new Map<string, tf.Variable>();

  constructor(private readonly opts: SgdOptions) {}

  /** One update of `vars` (by name) with `grads` (same names) at learning rate `lr`. */
  step(vars: Record<string, tf.Variable>, grads: tf.NamedTensorMap, lr: number): void {
    const { momentum, weightDecay } = this.opts;
    for (const [name, g] of Object.entries(grads)) {
      const w = vars[name];
      if (!w) continue;
      tf.tidy(() => {
        const d = weightDecay !== 0 ? tf.add(g, tf.mul(w, weightDecay)) : g;
        let direction = d;
        if (momentum !== 0) {
          const buf = this.buffers.get(name);
          if (buf === undefined) {
            this.buffers.set(name, tf.variable(d, false, `sgd/${name}`));
          } else {
            buf.assign(tf.add(tf.mul(buf, momentum), d));
            direction = buf;
          }
        }
        w.assign(tf.sub(w, tf.mul(direction, lr)));
      });
    }
  }

  dispose(): void {
    for (const b of this.buffers.values()) b.dispose();
    this.buffers.clear();
  }
}
