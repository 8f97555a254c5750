"""A naschain model (tfjs model.json) rebuilt in PyTorch and trained with the
same validation recipe, to tell a gap between this project's engine and
PyTorch's apart from a gap between architectures.

  --check-weights: load the model's own weights and print its test accuracy
      (must equal `naschain eval`'s: proves the rebuild is the same network);
  default: re-initialise as the recipe does (Kaiming-uniform with a = sqrt(5),
      biases 0, BN 1/0) and train with the config (`--config FILE`, a
      ValiConfig JSON: SGD with momentum and weight decay, cosine learning
      rate, global-norm clipping, per-epoch shuffle when the config says so,
      random crop and flip; not Cutout).

Only the layers naschain's builders emit are supported; anything else is an
error naming the layer. Prints one JSON object on stdout; progress on stderr.
A bench, not part of the package: needs Debian's python3-torch."""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    magic, = struct.unpack('>I', data[:4])
    dims = magic & 0xff
    shape = struct.unpack('>' + 'I' * dims, data[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def load_split(data_dir, prefix, mean, std):
    x = read_idx(os.path.join(data_dir, f'{prefix}-images-idx3-ubyte.gz')).float().div_(255)
    y = read_idx(os.path.join(data_dir, f'{prefix}-labels-idx1-ubyte.gz')).long()
    x = (x - mean) / std
    return x.unsqueeze(1).contiguous(), y


def same_pad(size, k, s, d=1):
    out = math.ceil(size / s)
    total = max((out - 1) * s + (k - 1) * d + 1 - size, 0)
    return total // 2, total - total // 2


class Node(nn.Module):
    """One Keras layer: a module (or None) plus how to apply it."""

    def __init__(self, cfg, cls, in_channels):
        super().__init__()
        self.cls = cls
        self.cfg = cfg
        self.mod = None
        c = cfg
        if cls == 'Conv2D':
            k, s, d = c['kernel_size'], c['strides'], c.get('dilation_rate', [1, 1])
            self.mod = nn.Conv2d(in_channels, c['filters'], k, s, dilation=d, bias=c['use_bias'])
        elif cls == 'DepthwiseConv2D':
            k, s, d = c['kernel_size'], c['strides'], c.get('dilation_rate', [1, 1])
            m = c.get('depth_multiplier', 1)
            self.mod = nn.Conv2d(in_channels, in_channels * m, k, s, dilation=d, groups=in_channels, bias=c['use_bias'])
        elif cls == 'BatchNormalization':
            self.mod = nn.BatchNorm2d(in_channels, eps=c['epsilon'], momentum=1 - c['momentum']) if in_channels else None
        elif cls == 'Dense':
            self.mod = nn.Linear(in_channels, c['units'], bias=c['use_bias'])
        elif cls not in ('InputLayer', 'ReLU', 'Activation', 'Add', 'Multiply', 'Concatenate', 'GlobalAveragePooling2D',
                         'Reshape', 'Flatten', 'MaxPooling2D', 'AveragePooling2D', 'ZeroPadding2D', 'Cropping2D', 'Dropout'):
            raise ValueError(f'layer {c.get("name")}: class {cls} is not supported by the replica')

    def pad_same(self, x, k, s, d):
        if self.cfg.get('padding') != 'same':
            return x
        top, bottom = same_pad(x.shape[2], k[0], s[0], d[0])
        left, right = same_pad(x.shape[3], k[1], s[1], d[1])
        return F.pad(x, (left, right, top, bottom)) if top or bottom or left or right else x

    def forward(self, xs):
        c, cls = self.cfg, self.cls
        x = xs[0]
        if cls in ('Conv2D', 'DepthwiseConv2D'):
            x = self.pad_same(x, c['kernel_size'], c['strides'], c.get('dilation_rate', [1, 1]))
            return activation(self.mod(x), c.get('activation', 'linear'))
        if cls == 'BatchNormalization':
            return self.mod(x)
        if cls == 'Dense':
            return activation(self.mod(x), c.get('activation', 'linear'))
        if cls == 'ReLU':
            y = F.relu(x)
            return y.clamp(max=c['max_value']) if c.get('max_value') is not None else y
        if cls == 'Activation':
            return activation(x, c['activation'])
        if cls == 'Add':
            return sum(xs[1:], xs[0])
        if cls == 'Multiply':
            y = xs[0]
            for t in xs[1:]:
                y = y * t
            return y
        if cls == 'Concatenate':
            if c.get('axis', -1) not in (-1, 3):
                raise ValueError(f'layer {c["name"]}: concatenate axis {c["axis"]}')
            return torch.cat(xs, dim=1)
        if cls == 'GlobalAveragePooling2D':
            return x.mean(dim=(2, 3))
        if cls == 'Reshape':
            t = c['target_shape']
            if len(t) == 3 and t[0] == 1 and t[1] == 1:
                return x.reshape(x.shape[0], t[2], 1, 1)
            raise ValueError(f'layer {c["name"]}: reshape to {t}')
        if cls == 'Flatten':
            return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
        if cls in ('MaxPooling2D', 'AveragePooling2D'):
            k, s = c['pool_size'], c['strides'] or c['pool_size']
            if c['padding'] == 'same':
                if cls == 'AveragePooling2D':
                    raise ValueError(f'layer {c["name"]}: average pooling with same padding')
                top, bottom = same_pad(x.shape[2], k[0], s[0])
                left, right = same_pad(x.shape[3], k[1], s[1])
                x = F.pad(x, (left, right, top, bottom), value=-math.inf)
            return (F.max_pool2d if cls == 'MaxPooling2D' else F.avg_pool2d)(x, k, s)
        if cls == 'ZeroPadding2D':
            (t, b), (l, r) = c['padding']
            return F.pad(x, (l, r, t, b))
        if cls == 'Cropping2D':
            (t, b), (l, r) = c['cropping']
            return x[:, :, t:x.shape[2] - b, l:x.shape[3] - r]
        return x  # InputLayer, Dropout (rate 0 in these models)


def activation(x, name):
    if name in ('linear', None):
        return x
    fns = {'relu': F.relu, 'sigmoid': torch.sigmoid, 'tanh': torch.tanh, 'swish': F.silu,
           'relu6': lambda t: F.relu6(t), 'hardSigmoid': lambda t: (0.2 * t + 0.5).clamp(0, 1),
           'hard_sigmoid': lambda t: (0.2 * t + 0.5).clamp(0, 1)}
    if name not in fns:
        raise ValueError(f'activation {name} is not supported by the replica')
    return fns[name](x)


class Replica(nn.Module):
    def __init__(self, topology):
        super().__init__()
        cfg = topology.get('model_config', topology)['config']
        self.order, self.inputs = [], {}
        channels = {}
        self.nodes = nn.ModuleDict()
        for layer in cfg['layers']:
            name, cls, c = layer['config']['name'], layer['class_name'], layer['config']
            inbound = [i[0] for i in layer['inbound_nodes'][0]] if layer.get('inbound_nodes') else []
            cin = channels[inbound[0]] if inbound else c['batch_input_shape'][-1]
            node = Node(c, cls, cin)
            self.nodes[name.replace('.', '_')] = node
            self.order.append(name)
            self.inputs[name] = inbound
            if cls in ('Conv2D',):
                channels[name] = c['filters']
            elif cls == 'DepthwiseConv2D':
                channels[name] = cin * c.get('depth_multiplier', 1)
            elif cls == 'Dense':
                channels[name] = c['units']
            elif cls == 'Concatenate':
                channels[name] = sum(channels[i] for i in inbound)
            elif cls == 'Reshape':
                channels[name] = c['target_shape'][-1]
            else:
                channels[name] = cin
        self.output = cfg['output_layers'][0][0]

    def forward(self, x):
        values = {}
        for name in self.order:
            ins = [values[i] for i in self.inputs[name]] or [x]
            values[name] = self.nodes[name.replace('.', '_')](ins)
        return values[self.output]


def reinitialise(model):
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            bound = 1 / math.sqrt(m.weight[0].numel())
            nn.init.uniform_(m.weight, -bound, bound)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            m.reset_parameters()
            m.reset_running_stats()


def load_weights(model, model_dir, manifest_groups):
    """Copies the shards' float32 weights into the replica (Keras layout -> PyTorch's)."""
    tensors = {}
    for group in manifest_groups:
        blob = b''.join(open(os.path.join(model_dir, p), 'rb').read() for p in group['paths'])
        offset = 0
        for w in group['weights']:
            if w.get('dtype', 'float32') != 'float32' or 'quantization' in w:
                raise ValueError(f'weight {w["name"]}: only float32 weights are supported')
            n = math.prod(w['shape'])
            tensors[w['name']] = torch.frombuffer(bytearray(blob[offset:offset + 4 * n]), dtype=torch.float32).reshape(w['shape'])
            offset += 4 * n
    for name in model.order:
        node = model.nodes[name.replace('.', '_')]
        m = node.mod
        if m is None:
            continue
        get = lambda suffix: tensors.pop(f'{name}/{suffix}')
        with torch.no_grad():
            if node.cls == 'Conv2D':
                m.weight.copy_(get('kernel').permute(3, 2, 0, 1))
            elif node.cls == 'DepthwiseConv2D':
                k = get('depthwise_kernel')  # [kh, kw, in, mult] -> [in*mult, 1, kh, kw]
                m.weight.copy_(k.permute(2, 3, 0, 1).reshape(-1, 1, k.shape[0], k.shape[1]))
            elif node.cls == 'Dense':
                m.weight.copy_(get('kernel').t())
            elif node.cls == 'BatchNormalization':
                m.weight.copy_(get('gamma'))
                m.bias.copy_(get('beta'))
                m.running_mean.copy_(get('moving_mean'))
                m.running_var.copy_(get('moving_variance'))
                continue
            if m.bias is not None:
                m.bias.copy_(get('bias'))
    if tensors:
        raise ValueError(f'weights the replica did not use: {sorted(tensors)[:5]}')


def augment(x, aug, zero, gen):
    """The recipe's train transform on a normalised batch: random crop of the image padded with
    (normalised) zeros, offsets uniform in [-pad, pad], then a horizontal flip with p = 0.5."""
    pad = aug.get('cropPadding', 0)
    if pad:
        n, h, w = len(x), x.shape[2], x.shape[3]
        padded = F.pad(x, (pad, pad, pad, pad), value=zero)
        offsets = torch.randint(0, 2 * pad + 1, (n, 2), generator=gen)
        rows = offsets[:, :1] + torch.arange(h)  # [n, h]
        cols = offsets[:, 1:] + torch.arange(w)  # [n, w]
        # one gather for the whole batch: [n, h, w, c] -> [n, c, h, w]
        x = padded[torch.arange(n)[:, None, None], :, rows[:, :, None], cols[:, None, :]].permute(0, 3, 1, 2)
    if aug.get('horizontalFlip'):
        flip = torch.rand(len(x), generator=gen) < 0.5
        x = torch.where(flip[:, None, None, None], x.flip(3), x)
    return x.contiguous(memory_format=torch.channels_last)


def evaluate(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return 100 * correct / len(x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--model', required=True, help='a folder with model.json')
    p.add_argument('--config', help='a ValiConfig JSON (required unless --check-weights)')
    p.add_argument('--data-dir', default='/usr/share/datasets/fashion-mnist')
    p.add_argument('--epochs', type=int, help="default: the config's trainEpochs")
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--threads', type=int, default=os.cpu_count() or 1)
    p.add_argument('--check-weights', action='store_true')
    # Recipe questions the engine cannot ask yet (README, issue 16): off by default.
    p.add_argument('--label-smoothing', type=float, default=0.0)
    p.add_argument('--no-decay-1d', action='store_true', help='no weight decay on BN gamma/beta and biases')
    p.add_argument('--nesterov', action='store_true')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    meta = json.load(open(os.path.join(a.model, 'model.json')))
    model = Replica(meta['modelTopology'])
    params = sum(t.numel() for t in model.parameters())
    cfg = json.load(open(a.config)) if a.config else {}
    mean = (cfg.get('mean') or [0.286])[0]
    std = (cfg.get('std') or [0.353])[0]
    x_test, y_test = load_split(a.data_dir, 't10k', mean, std)
    if a.check_weights:
        load_weights(model, a.model, meta['weightsManifest'])
        print(json.dumps({'params': params, 'testAccuracy': evaluate(model, x_test, y_test)}))
        return
    if not a.config:
        p.error('--config is required to train')
    x_train, y_train = load_split(a.data_dir, 'train', mean, std)
    torch.manual_seed(a.seed)
    reinitialise(model)
    model = model.to(memory_format=torch.channels_last)
    epochs = a.epochs or cfg['trainEpochs']
    no_decay = [t for t in model.parameters() if a.no_decay_1d and t.dim() == 1]
    groups = [{'params': [t for t in model.parameters() if all(t is not u for u in no_decay)]}, {'params': no_decay, 'weight_decay': 0.0}]
    opt = torch.optim.SGD(groups, lr=cfg['learningRate'], momentum=cfg['momentum'], weight_decay=cfg['weightDecay'], nesterov=a.nesterov)
    gen = torch.Generator().manual_seed(a.seed)
    history = []
    aug = cfg.get('augmentation', {})
    if aug.get('cutoutSize', 0):
        raise ValueError('augmentation.cutoutSize: Cutout is not supported by the replica')
    for e in range(epochs):
        step = e + 1 if cfg['schedule'] == 'upstream' else e
        lr = cfg['learningRate'] * 0.5 * (1 + math.cos(math.pi * step / epochs))
        for group in opt.param_groups:
            group['lr'] = lr
        order = torch.randperm(len(x_train), generator=gen) if cfg['shuffle'] else torch.arange(len(x_train))
        model.train()
        t0, loss_sum, correct = time.time(), 0.0, 0
        for i in range(0, len(order), cfg['batchSize']):
            idx = order[i:i + cfg['batchSize']]
            xb = augment(x_train[idx], aug, (0 - mean) / std, gen)
            logits = model(xb)
            loss = F.cross_entropy(logits, y_train[idx], label_smoothing=a.label_smoothing)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), cfg['clipNorm'])
            opt.step()
            loss_sum += loss.item() * len(idx)
            correct += (logits.argmax(1) == y_train[idx]).sum().item()
        acc = evaluate(model, x_test, y_test)
        row = {'epoch': e + 1, 'lr': lr, 'loss': loss_sum / len(order), 'trainAcc': 100 * correct / len(order), 'testAccuracy': acc, 'seconds': time.time() - t0}
        history.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    extras = {k: v for k, v in (('labelSmoothing', a.label_smoothing), ('noDecay1d', a.no_decay_1d), ('nesterov', a.nesterov)) if v}
    print(json.dumps({'params': params, 'epochs': epochs, 'seed': a.seed, **extras, 'testAccuracy': history[-1]['testAccuracy'], 'history': history}))


if __name__ == '__main__':
    try:
        main()
    except (OSError, ValueError, KeyError) as e:  # a missing file, a layer or weight the replica cannot take, a bad JSON
        print(f'torch_replica: {type(e).__name__}: {e}', file=sys.stderr)
        sys.exit(1)
