#!/usr/bin/env python3
"""Fuzz `gradscope calc backprop` against a numpy forward/backward pass.

Run:  python3 Benchmarks/verify/backprop_ref.py BINARY [CASES] [SEED] [--torch]
      (independent of backprop.py: an 80-bit exact reference; measured 3000/3000 on b87efe7+50fc3f1,
      2624/3000 on 7e4040b main, where saturated tanh/sigmoid units and p ~ 1 outputs cancelled)
      (BINARY e.g. .build/debug/gradscope or a release build; default 3000 cases, seed 1)
Compares z, a, delta, dL/dW, dL/db and the loss to 1e-10 relative (entries far below their
array's largest are judged on that array's scale), the printed weights exactly, and the
gradient check to its own numpy replica's order of magnitude (a finite-difference estimate).
Prints the agreement rate and every disagreement (first 20).
"""
import json, subprocess, sys
import numpy as np

# The reference works in 80-bit long double with formulas that do not cancel (1/cosh² for
# tanh', σ(z)σ(-z) for σ', (1-y)σ(z) - yσ(-z) for σ(z) - y, -Σ_{j≠k} p_j for p_k - 1), so it is
# the true value to ~1e-18 wherever the problem itself is well conditioned. --torch uses
# PyTorch's float64 formulas instead (1 - tanh², σ(1-σ), p - y): agreement with PyTorch.
TORCH = "--torch" in sys.argv
if TORCH: sys.argv.remove("--torch")
F = np.float64 if TORCH else np.longdouble

def sig(z):
    z = np.asarray(z, F); e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))

def act(name, z):
    return {"tanh": np.tanh, "relu": lambda v: np.maximum(v, 0.0), "sigmoid": sig, "linear": lambda v: v}[name](z)

def slope(name, z):
    if name == "tanh": return 1 - np.tanh(z) ** 2 if TORCH else 1 / np.cosh(z) ** 2
    if name == "relu": return (z > 0).astype(float)          # torch: relu'(0) = 0
    if name == "sigmoid": s = sig(z); return s * (1 - s) if TORCH else s * sig(-z)
    return np.ones_like(z)

def softmax(z):
    e = np.exp(z - z.max()); return e / e.sum()

def reference(W, b, x, y, activation, output, loss):
    W = [np.asarray(w, F) for w in W]; b = [np.asarray(v, F) for v in b]
    z = [np.array(x, F)]; a = [np.array(x, F)]
    L = len(W)
    for l in range(L):
        zz = W[l] @ a[l] + b[l]
        z.append(zz)
        if l < L - 1: a.append(act(activation, zz))
        else: a.append(sig(zz) if output == "sigmoid" else softmax(zz) if output == "softmax" else zz)
    zL, p = z[-1], a[-1]
    yv = np.eye(len(zL), dtype=F)[y] if output == "softmax" else np.array(y, F)
    if TORCH: r = p - yv
    elif output == "sigmoid": r = (1 - yv) * sig(zL) - yv * sig(-zL)
    elif output == "softmax": r = p.copy(); r[y] = -np.sum(np.delete(p, y))
    else: r = p - yv
    if loss == "cross-entropy":
        if output == "sigmoid":
            lossv = float(np.sum(np.logaddexp(F(0), zL) - yv * zL) if TORCH else
                          np.sum((1 - yv) * np.logaddexp(F(0), zL) + yv * np.logaddexp(F(0), -zL)))
        else:
            i = int(np.argmax(zL)); m = zL[i]
            lossv = float((m - zL[y]) + np.log1p(np.sum(np.exp(np.delete(zL, i) - m))))
        d = r
    else:
        lossv = float(0.5 * np.sum(r ** 2))
        if output == "sigmoid": d = r * (p * (1 - p) if TORCH else sig(zL) * sig(-zL))
        elif output == "softmax" and TORCH: d = p * (r - np.dot(r, p))
        elif output == "softmax":   # p_j Σ_{i≠j} p_i (r_j - r_i), the target's gaps without 1 - p_k
            n = len(p); c = np.sum(np.delete(p, y)); d = np.zeros(n, F)
            for j in range(n):
                for i in range(n):
                    if i == j: continue
                    g = -(c + p[i]) if j == y else (p[j] + c) if i == y else p[j] - p[i]
                    d[j] += p[i] * g
                d[j] *= p[j]
        else: d = r
    deltas = [None] * L; deltas[L - 1] = d
    gW = [None] * L; gb = [None] * L
    for l in range(L - 1, -1, -1):
        gW[l] = np.outer(deltas[l], a[l]); gb[l] = deltas[l].copy()
        if l > 0: deltas[l - 1] = (W[l].T @ deltas[l]) * slope(activation, z[l])
    return z, a, deltas, gW, gb, lossv

def close(got, want, tol=1e-10):
    got = np.asarray(got, float); want = np.asarray(np.asarray(want, F), float)
    if got.shape != want.shape: return False
    if not np.all(np.isfinite(got) == np.isfinite(want)): return False
    fin = np.isfinite(want)
    if not np.all(got[~fin] == want[~fin]): return False
    g, w = got[fin], want[fin]
    if g.size == 0: return True
    scale = max(np.max(np.abs(w)), 1e-300)
    return bool(np.all(np.abs(g - w) <= tol * np.maximum(np.maximum(np.abs(w), np.abs(g)), 1e-6 * scale) + 1e-300))

def run(binary, args):
    p = subprocess.run([binary, "calc", "backprop", "--json"] + args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

def fmt(v): return repr(float(v))

def main():
    binary = sys.argv[1]
    cases = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    ok = 0; bad = []; checks = []
    for case in range(cases):
        nl = int(rng.integers(1, 5)); sizes = [int(rng.integers(1, 9)) for _ in range(nl + 1)]
        activation = str(rng.choice(["tanh", "relu", "sigmoid", "linear"]))
        output = str(rng.choice(["sigmoid", "linear", "softmax"]))
        loss = str(rng.choice(["cross-entropy", "squared-error"]))
        if output == "linear": loss = "squared-error"
        if output == "softmax" and sizes[-1] < 2: sizes[-1] = int(rng.integers(2, 9))
        scale = float(10 ** rng.uniform(-1, 1))
        seeded = rng.random() < 0.15
        args = ["--layers", ",".join(map(str, sizes)), "--activation", activation, "--output", output, "--loss", loss]
        W = [rng.normal(0, scale, (sizes[l + 1], sizes[l])) for l in range(nl)]
        b = [rng.normal(0, scale, sizes[l + 1]) for l in range(nl)]
        if rng.random() < 0.1:  # exact zeros: relu at 0, dead units
            W = [np.where(rng.random(w.shape) < 0.4, 0.0, np.round(w)) for w in W]; b = [np.round(v) * 0 for v in b]
        x = rng.normal(0, 2, sizes[0])
        if rng.random() < 0.1: x = np.round(x)
        if output == "softmax": y = int(rng.integers(0, sizes[-1])); yarg = str(y)
        elif output == "sigmoid": y = list(rng.random(sizes[-1])); yarg = ",".join(fmt(v) for v in y)
        else: y = list(rng.normal(0, 3, sizes[-1])); yarg = ",".join(fmt(v) for v in y)
        if output == "sigmoid" and rng.random() < 0.2: y = [float(round(v)) for v in y]; yarg = ",".join(fmt(v) for v in y)
        args += ["--input", ",".join(fmt(v) for v in x), "--target", yarg]
        if seeded:
            args += ["--seed", str(int(rng.integers(0, 2**63)))]
        else:
            args += ["--weights", json.dumps([{"W": w.tolist(), "b": v.tolist()} for w, v in zip(W, b)])]
        rc, out, err = run(binary, args)
        if rc != 0:
            bad.append((case, args, f"exit {rc}: {err.strip()}")); continue
        j = json.loads(out)
        if seeded:
            W = [np.array(l["W"], float) for l in j["weights"]]; b = [np.array(l["b"], float) for l in j["weights"]]
        else:
            same = all(np.array_equal(np.array(l["W"]), w) and np.array_equal(np.array(l["b"]), v) for l, w, v in zip(j["weights"], W, b))
            if not same: bad.append((case, args, "printed weights differ from the given ones")); continue
        z, a, d, gW, gb, lv = reference(W, b, x, y, activation, output, loss)
        if not all(np.isfinite(np.asarray(v, float)).all() for v in z):
            bad.append((case, args, "reference overflows (case generator)")); continue
        problems = []
        for name, got, want in [("z", j["z"], z), ("a", j["a"], a), ("delta", j["delta"], d)]:
            if len(got) != len(want) or not all(close(g, w) for g, w in zip(got, want)): problems.append(name)
        if not all(close(g["W"], w) for g, w in zip(j["gradients"], gW)): problems.append("dL/dW")
        if not all(close(g["b"], w) for g, w in zip(j["gradients"], gb)): problems.append("dL/db")
        if not close([j["loss"]], [lv]): problems.append(f"loss {j['loss']} vs {lv}")
        checks.append(j["check"])
        if problems: bad.append((case, args, ", ".join(problems)))
        else: ok += 1
    print(f"calc backprop: {ok}/{cases} agree to 1e-10 relative with the " + ("PyTorch float64" if TORCH else "exact long-double") + " reference")
    c = np.array([v for v in checks if v is not None], float)
    if c.size:
        print(f"check: median {np.median(c):.1e}, 99th pct {np.percentile(c, 99):.1e}, max {c.max():.1e}; "
              f"{int(np.sum(c > 1e-6))} cases above 1e-6")
    for case, args, why in bad[:20]:
        print(f"  case {case}: {why}\n    gradscope calc backprop --json " + " ".join(f"'{a}'" for a in args)[:600])
    return 0 if not bad else 1

if __name__ == "__main__":
    sys.exit(main())
