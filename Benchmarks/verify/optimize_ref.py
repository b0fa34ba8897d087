#!/usr/bin/env python3
"""Spot-check `gradscope calc optimize` against PyTorch's update rules written in numpy.

Run:  python3 Benchmarks/verify/optimize_ref.py BINARY [CASES] [SEED]
Gradients by complex step (f(p + i h)/h, h = 1e-200: exact to rounding, no truncation error).
Rules (torch.optim, defaults): SGD(momentum μ, dampening 0, nesterov) with the buffer set to
g on the first step; Adagrad(eps 1e-10, lr_decay 0, accumulator 0); RMSprop(alpha 0.99, eps
1e-8, momentum μ, not centred); Adam(betas, eps 1e-8, bias corrections as torch:
step = lr/(1-b1^t), denom = sqrt(v)/sqrt(1-b2^t) + eps); AdamW = x *= 1 - lr*0.01, then Adam.
Every printed step's x, y, f compared to 1e-9 relative (absolute 1e-12 near 0).
"""
import json, subprocess, sys
import numpy as np

A = np.pi / 6; C, S = np.cos(A), np.sin(A)
def quadratic(k):
    def f(x, y):
        u = C * x + S * y; v = -S * x + C * y
        return 0.5 * (u * u + k * v * v)
    return f
def gp(x, y):
    a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y)
    b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y)
    return a * b
SURF = {
    "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
    "banana": lambda x, y: (1 - x) ** 2 + 10 * (y - x * x) ** 2,
    "beale": lambda x, y: (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y ** 3) ** 2,
    "booth": lambda x, y: (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
    "himmelblau": lambda x, y: (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
    "rastrigin": lambda x, y: 20 + x * x - 10 * np.cos(2 * np.pi * x) + y * y - 10 * np.cos(2 * np.pi * y),
    "matyas": lambda x, y: 0.26 * (x * x + y * y) - 0.48 * x * y,
    "goldstein-price": gp,
    "saddle": lambda x, y: x * x - y * y,
    "plateau": lambda x, y: 1 - np.exp(-(x * x + y * y)),
}
def grad(f, p):
    h = 1e-200
    return np.array([f(complex(p[0], h), p[1]).imag / h, f(p[0], complex(p[1], h)).imag / h])

def reference(f, kind, lr, mom, betas, start, steps, jitter=None):
    p = np.array(start, float); out = [(0, p[0], p[1], f(p[0], p[1]))]
    buf = None; s = np.zeros(2); m = np.zeros(2); v = np.zeros(2); rbuf = np.zeros(2)
    for t in range(1, steps + 1):
        g = grad(f, p)
        if jitter is not None: g = g * (1 + 2.2e-16 * jitter.standard_normal(2))
        if kind in ("sgd", "momentum", "nesterov"):
            if mom != 0:
                buf = g.copy() if buf is None else mom * buf + g
                g = g + mom * buf if kind == "nesterov" else buf
            p = p - lr * g
        elif kind == "adagrad":
            s = s + g * g; p = p - lr * g / (np.sqrt(s) + 1e-10)
        elif kind == "rmsprop":
            v = 0.99 * v + 0.01 * g * g; avg = np.sqrt(v) + 1e-8
            if mom > 0: rbuf = mom * rbuf + g / avg; p = p - lr * rbuf
            else: p = p - lr * g / avg
        else:
            if kind == "adamw": p = p * (1 - lr * 0.01)
            b1, b2 = betas
            m = b1 * m + (1 - b1) * g; v = b2 * v + (1 - b2) * g * g
            denom = np.sqrt(v) / np.sqrt(1 - b2 ** t) + 1e-8
            p = p - (lr / (1 - b1 ** t)) * m / denom
        out.append((t, p[0], p[1], f(p[0], p[1])))
    return out

def main():
    binary = sys.argv[1]; cases = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    ok = 0; bad = []; diverged = 0; chaotic = 0
    for case in range(cases):
        surface = str(rng.choice(list(SURF))); kind = str(rng.choice(["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]))
        k = float(10 ** rng.uniform(0, 3)); f = quadratic(k) if surface == "quadratic" else SURF[surface]
        if rng.random() < 0.12: surface = "quadratic"; f = quadratic(k)
        lr = float(10 ** rng.uniform(-4, -1.5)); steps = int(rng.integers(1, 120)); start = [float(v) for v in rng.uniform(-2, 2, 2)]
        args = [binary, "calc", "optimize", "--surface", surface, "--optimizer", kind, "--lr", repr(lr), "--steps", str(steps),
                "--start", f"{start[0]!r},{start[1]!r}", "--json"]
        if surface == "quadratic": args += ["--condition", repr(k)]
        mom = 0.9 if kind in ("momentum", "nesterov") else 0.0
        if kind in ("sgd", "momentum", "nesterov", "rmsprop") and rng.random() < 0.5:
            mom = float(rng.uniform(0.05, 0.95)) if kind != "sgd" or rng.random() < 0.8 else 0.0
            args += ["--momentum", repr(mom)]
        betas = (0.9, 0.999)
        if kind in ("adam", "adamw") and rng.random() < 0.5:
            betas = (float(rng.uniform(0.5, 0.99)), float(rng.uniform(0.9, 0.9999))); args += ["--betas", f"{betas[0]!r},{betas[1]!r}"]
        p = subprocess.run(args, capture_output=True, text=True)
        if p.returncode != 0:
            bad.append((case, args, "exit %d: %s" % (p.returncode, p.stderr.strip()))); continue
        traj = json.loads(p.stdout)["trajectory"]
        try:
            with np.errstate(all="ignore"): want = reference(f, kind, lr, mom, betas, start, steps)
        except (OverflowError, ZeroDivisionError):
            want = None
        if want is None or not all(np.isfinite(w[1:]).all() for w in want):
            diverged += 1
            last = traj[-1]
            if all(np.isfinite(float(last[k])) for k in ("x", "y", "f")) and len(traj) == steps + 1:
                bad.append((case, args, "torch's rule diverges but gradscope printed finite numbers to the end"))
            continue
        worst = 0.0
        for row in traj:
            w = want[row["step"]]
            for got, ref in zip((row["x"], row["y"], row["f"]), w[1:]):
                got = float(got); worst = max(worst, abs(got - ref) / max(abs(ref), 1e-3))
        if len(traj) != steps + 1: bad.append((case, args, f"{len(traj)} rows for {steps} steps")); continue
        if worst <= 1e-9: ok += 1
        else:
            # Chaotic? The reference against itself with every gradient nudged by ~1 ulp (what a
            # different but equally right rounding does).
            with np.errstate(all="ignore"):
                nudged = reference(f, kind, lr, mom, betas, start, steps, jitter=np.random.default_rng(case))
            self_gap = max(abs(a[1] - b[1]) / max(abs(a[1]), 1e-3) for a, b in zip(want, nudged))
            if self_gap >= worst / 100: chaotic += 1
            else: bad.append((case, args, f"worst relative difference {worst:.2e} (1-ulp gradient nudges move torch's own by {self_gap:.1e})"))
    print(f"calc optimize: {ok}/{cases - diverged} trajectories agree with torch's rules to 1e-9 ({diverged} diverge: checked only that gradscope stops); "
          f"{chaotic} more differ no more than torch's own rule does with its gradients nudged by one ulp (chaotic)")
    for case, args, why in bad[:15]:
        print(f"  case {case}: {why}\n    " + " ".join(args[1:]))
    return 0 if not bad else 1

if __name__ == "__main__":
    sys.exit(main())
