#!/usr/bin/python3
"""The same mnist-conv training step in Debian's python3-torch, for `latentlab-cli bench`'s
train_images_per_s to be compared against (not part of the product).

Mirrors models/presets/mnist-conv.json exactly: the layer order LatentLab's builder produces
(conv -> ReLU -> Dropout(0.1), linear stack, mirrored transposed-conv decoder, sigmoid),
329,227 parameters, Fashion-MNIST, batch 128, Adam lr 1e-3, MSE; the batches are sliced from
tensors already in memory (the fastest idiomatic Python, no DataLoader workers).

usage: /usr/bin/python3 tools/bench/pytorch_peer.py [--threads N] [--steps N] [--profile]
"""
import argparse, gzip, json, time
import numpy as np
import torch
import torch.nn as nn

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0 = leave the default)")
ap.add_argument("--steps", type=int, default=100)
ap.add_argument("--warmup", type=int, default=10)
ap.add_argument("--batch", type=int, default=128)
ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")
ap.add_argument("--profile", action="store_true")
args = ap.parse_args()
if args.threads:
    torch.set_num_threads(args.threads)
torch.manual_seed(1)

with gzip.open(args.data) as f:
    images = torch.from_numpy(np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28).copy())

def act():
    return nn.ReLU(inplace=True)

p = 0.1
model = nn.Sequential(
    # encoder
    nn.Conv2d(1, 24, 3, 2, 1), act(), nn.Dropout(p),
    nn.Conv2d(24, 48, 3, 2, 1), act(), nn.Dropout(p),
    nn.Conv2d(48, 96, 3, 2, 0), act(), nn.Dropout(p),
    nn.Flatten(), nn.Linear(864, 128), act(), nn.Dropout(p),
    nn.Linear(128, 10),
    # decoder
    nn.Linear(10, 128), act(), nn.Dropout(p),
    nn.Linear(128, 864), act(), nn.Dropout(p),
    nn.Unflatten(1, (96, 3, 3)),
    nn.ConvTranspose2d(96, 48, 3, 2, 0, 0), act(), nn.Dropout(p),
    nn.ConvTranspose2d(48, 24, 3, 2, 1, 1), act(), nn.Dropout(p),
    nn.ConvTranspose2d(24, 1, 3, 2, 1, 1), nn.Sigmoid(),
)
params = sum(t.numel() for t in model.parameters())
assert params == 329227, params
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()
order = torch.randperm(images.shape[0])

def step(i):
    idx = order[(i * args.batch) % (images.shape[0] - args.batch):][: args.batch]
    batch = images[idx].float().div_(255)
    opt.zero_grad()
    loss = loss_fn(model(batch), batch)
    loss.backward()
    opt.step()

model.train()
for i in range(args.warmup):
    step(i)
if args.profile:
    from torch.profiler import profile
    with profile() as prof:
        for i in range(10):
            step(i)
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=12))
start = time.perf_counter()
for i in range(args.steps):
    step(args.warmup + i)
seconds = time.perf_counter() - start
print(json.dumps({"peer": "python3-torch " + torch.__version__, "threads": torch.get_num_threads(),
                  "batch": args.batch, "total_params": params,
                  "train_images_per_s": args.steps * args.batch / seconds}))
