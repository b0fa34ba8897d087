"""The boundary lab's training benchmark in plain vectorised numpy, for comparison.

Same network and protocol as GradscopeBench's train_epoch_2-8-8-1_tanh_250pts_batch10_us:
a 2-8-8-1 tanh MLP with a sigmoid output and cross-entropy, 250 training points (XOR-like,
inputs scaled by 1/3 as Gradscope does), minibatch SGD with batch 10 and lr 0.03 (25 updates
per epoch, reshuffled every epoch); and one heatmap of predictions on a 160x96 grid.

Usage: python3 Benchmarks/numpy_mlp.py   (prints epochs per second and the grid time as JSON)
"""
import json
import time

import numpy as np

rng = np.random.default_rng(1)
n = 250
X = rng.uniform(-5, 5, size=(n, 2))
y = ((X[:, 0] > 0) == (X[:, 1] > 0)).astype(np.float64).reshape(-1, 1)
X = X / 3.0

def glorot(fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))

W1, b1 = glorot(2, 8), np.zeros(8)
W2, b2 = glorot(8, 8), np.zeros(8)
W3, b3 = glorot(8, 1), np.zeros(1)
lr, batch = 0.03, 10

def epoch():
    global W1, b1, W2, b2, W3, b3
    order = rng.permutation(n)
    for start in range(0, n, batch):
        idx = order[start:start + batch]
        xb, yb = X[idx], y[idx]
        a1 = np.tanh(xb @ W1 + b1)
        a2 = np.tanh(a1 @ W2 + b2)
        p = 1.0 / (1.0 + np.exp(-(a2 @ W3 + b3)))
        d3 = (p - yb) / len(idx)
        d2 = (d3 @ W3.T) * (1 - a2 * a2)
        d1 = (d2 @ W2.T) * (1 - a1 * a1)
        W3 -= lr * a2.T @ d3; b3 -= lr * d3.sum(0)
        W2 -= lr * a1.T @ d2; b2 -= lr * d2.sum(0)
        W1 -= lr * xb.T @ d1; b1 -= lr * d1.sum(0)

for _ in range(20):
    epoch()
epochs = 2000
t0 = time.perf_counter()
for _ in range(epochs):
    epoch()
seconds = time.perf_counter() - t0

gx, gy = np.meshgrid(np.linspace(-6, 6, 160), np.linspace(-6, 6, 96))
G = np.stack([gx.ravel(), gy.ravel()], axis=1) / 3.0
def grid():
    return np.tanh(np.tanh(G @ W1 + b1) @ W2 + b2) @ W3 + b3
grid()
reps = 50
t1 = time.perf_counter()
for _ in range(reps):
    grid()
grid_ms = (time.perf_counter() - t1) / reps * 1000

print(json.dumps({"numpy": np.__version__, "epochs_per_second": round(epochs / seconds, 1),
                  "grid_160x96_ms": round(grid_ms, 3)}))
