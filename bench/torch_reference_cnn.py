"""The reference CNN of bench/reference-cnn.ts in PyTorch, timed the same way:
training steps (SGD, softmax cross-entropy) at one batch size and inference at
another, on random 28x28x1 images, median of several timed runs after warm-up.
Driven by bench/bench.ts; prints one JSON object on stdout."""
import argparse
import json
import os
import statistics
import time

import torch
from torch import nn


def reference_cnn() -> nn.Module:
    layers = []
    channels = 1
    def block(filters):
        nonlocal channels
        layers.extend([nn.Conv2d(channels, filters, 3, padding=1, bias=False), nn.BatchNorm2d(filters), nn.ReLU()])
        channels = filters
    block(32); block(32)
    layers.append(nn.MaxPool2d(2))
    block(64); block(64)
    layers.append(nn.MaxPool2d(2))
    block(96)
    layers.extend([nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(96, 10)])
    return nn.Sequential(*layers)


def timed(runs, warmup, fn):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--train-batch', type=int, default=128)
    p.add_argument('--infer-batch', type=int, default=256)
    p.add_argument('--runs', type=int, default=5)
    p.add_argument('--warmup', type=int, default=1)
    p.add_argument('--seed', type=int, default=0)
    # Debian's build starts with one OpenMP thread; PyTorch at its best uses every core.
    p.add_argument('--threads', type=int, default=os.cpu_count() or 1)
    # cuda: the anchor for the GPU backends (webgpu on a real adapter, tfjs-node-gpu).
    p.add_argument('--device', choices=['cpu', 'cuda'], default='cpu')
    a = p.parse_args()
    if a.device == 'cuda' and not torch.cuda.is_available():
        raise SystemExit('torch.cuda.is_available() is False')
    dev = torch.device(a.device)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    model = reference_cnn().to(dev)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(a.train_batch, 1, 28, 28, device=dev)
    y = torch.randint(0, 10, (a.train_batch,), device=dev)
    xi = torch.rand(a.infer_batch, 1, 28, 28, device=dev)

    def train_step():
        model.train()
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        loss.item()

    def infer():
        model.eval()
        with torch.no_grad():
            model(xi).sum().item()

    train_s = timed(a.runs, a.warmup, train_step)
    infer_s = timed(a.runs, a.warmup, infer)
    print(json.dumps({
        'torch': torch.__version__,
        'threads': torch.get_num_threads(),
        'device': torch.cuda.get_device_name(0) if a.device == 'cuda' else 'cpu',
        'trainImagesPerSec': a.train_batch / train_s,
        'inferImagesPerSec': a.infer_batch / infer_s,
        'runs': a.runs,
    }))


if __name__ == '__main__':
    main()
