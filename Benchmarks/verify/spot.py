#!/usr/bin/env python3
"""Spot checks of `gradscope calc gradient|hessian|jacobian|optimize|softmax|entropy|linear|train`.

Run:  python3 Benchmarks/verify/spot.py [--binary PATH] [--cases N] [--seed S]
(default binary: .build/debug/gradscope, else /tmp/gradscope-main-release).

gradient/hessian/jacobian: random expressions against 50-digit mpmath derivatives (1e-9
relative); optimize: PyTorch's update rules written in numpy (SGD, momentum, Nesterov, Adagrad,
RMSprop alpha=0.99, Adam, AdamW with weight decay 0.01, bias correction) on random quadratics,
every step to 1e-10; softmax/entropy: closed forms; linear: numpy det/rank/svd/eig/inv; train:
same seed gives the same numbers, and the losses are finite. Prints agreement rates per command.
"""
import argparse, json, os, subprocess, sys
import numpy as np, mpmath

here = os.path.dirname(os.path.abspath(__file__)); root = os.path.dirname(os.path.dirname(here))
def default_binary():
    b = os.path.join(root, ".build/debug/gradscope")
    return b if os.path.exists(b) else "/tmp/gradscope-main-release"

def call(binary, *args):
    p = subprocess.run([binary, "calc", *args, "--json"], capture_output=True, text=True, timeout=60)
    return p.returncode, (json.loads(p.stdout) if p.returncode == 0 else None), p.stderr

def rel(a, b, scale=None):
    a = np.asarray(a, float); b = np.asarray(b, float)
    s = max(np.max(np.abs(b)) if b.size else 0, 1e-300) if scale is None else scale
    return float(np.max(np.abs(a - b)) / s) if a.size else 0.0

mpmath.mp.dps = 50
TERMS = [("x^2*y", lambda x, y: x**2 * y), ("sin(x*y)", lambda x, y: mpmath.sin(x * y)), ("exp(0.3*x - y)", lambda x, y: mpmath.exp(0.3 * x - y)),
         ("log(1 + x^2 + y^2)", lambda x, y: mpmath.log(1 + x**2 + y**2)), ("tanh(x + 2*y)", lambda x, y: mpmath.tanh(x + 2 * y)),
         ("sqrt(1 + x^2)", lambda x, y: mpmath.sqrt(1 + x**2)), ("cos(x)^2", lambda x, y: mpmath.cos(x) ** 2), ("x^3 - 3*x*y^2", lambda x, y: x**3 - 3 * x * y**2),
         ("y/(1 + x^2)", lambda x, y: y / (1 + x**2)), ("exp(-x^2)*y^2", lambda x, y: mpmath.exp(-x**2) * y**2)]

def random_f(rng):
    k = int(rng.integers(1, 4)); idx = rng.choice(len(TERMS), k, replace=False); cs = rng.normal(0, 2, k)
    text = " + ".join(f"({float(c)!r})*({TERMS[i][0]})" for c, i in zip(cs, idx))
    fn = lambda x, y: sum(mpmath.mpf(c) * TERMS[i][1](x, y) for c, i in zip(cs, idx))
    return text, fn

def derivs(fn, x, y):
    X, Y = mpmath.mpf(x), mpmath.mpf(y)
    g = [float(mpmath.diff(lambda t: fn(t, Y), X)), float(mpmath.diff(lambda t: fn(X, t), Y))]
    h = [[float(mpmath.diff(fn, (X, Y), (2, 0))), float(mpmath.diff(fn, (X, Y), (1, 1)))],
         [float(mpmath.diff(fn, (X, Y), (1, 1))), float(mpmath.diff(fn, (X, Y), (0, 2)))]]
    return float(fn(X, Y)), g, h

def logsoftmax_exact(zz):
    m = [mpmath.mpf(float(v)) for v in zz]; t = mpmath.log(sum(mpmath.exp(v) for v in m))
    return np.array([float(v - t) for v in m])

def pytorch_steps(name, grad, start, lr, steps, mom, betas, eps, wd):
    p = np.array(start, float); out = [p.copy()]
    buf = None; s = np.zeros(2); m = np.zeros(2); v = np.zeros(2)
    for t in range(1, steps + 1):
        g = grad(p)
        if name in ("sgd", "momentum", "nesterov"):
            if mom:
                buf = g.copy() if buf is None else mom * buf + g   # dampening 0
                g = g + mom * buf if name == "nesterov" else buf
            p = p - lr * g
        elif name == "adagrad":
            s = s + g * g; p = p - lr * g / (np.sqrt(s) + eps)
        elif name == "rmsprop":
            s = 0.99 * s + 0.01 * g * g; avg = np.sqrt(s) + eps
            if mom: buf = (np.zeros(2) if buf is None else buf) * mom + g / avg; p = p - lr * buf
            else: p = p - lr * g / avg
        else:
            if name == "adamw": p = p * (1 - lr * wd)
            b1, b2 = betas; m = b1 * m + (1 - b1) * g; v = b2 * v + (1 - b2) * g * g
            mh = m / (1 - b1 ** t); vh = v / (1 - b2 ** t)
            p = p - lr * mh / (np.sqrt(vh) + eps)
        out.append(p.copy())
    return out

def main():
    ap = argparse.ArgumentParser(); ap.add_argument("--binary", default=default_binary())
    ap.add_argument("--cases", type=int, default=200); ap.add_argument("--seed", type=int, default=5)
    o = ap.parse_args(); rng = np.random.default_rng(o.seed); B = o.binary
    tally = {}; fails = []
    def record(cmd, ok, what=""):
        a, n = tally.get(cmd, (0, 0)); tally[cmd] = (a + ok, n + 1)
        if not ok: fails.append((cmd, what))
    for _ in range(o.cases):
        text, fn = random_f(rng); x, y = rng.uniform(-2, 2, 2); at = f"{float(x)!r},{float(y)!r}"
        v, g, h = derivs(fn, x, y)
        rc, d, se = call(B, "gradient", "--f", text, "--at", at)
        record("gradient", rc == 0 and rel(d["gradient"], g) < 1e-9 and rel([d["value"]], [v]) < 1e-12, f"{text} at {at}: {d or se} want {g}")
        rc, d, se = call(B, "hessian", "--f", text, "--at", at)
        record("hessian", rc == 0 and rel(d["hessian"], h) < 1e-9, f"{text} at {at}: {d or se} want {h}")
        t2, f2 = random_f(rng)
        rc, d, se = call(B, "jacobian", "--f", text + ", " + t2, "--at", at)
        g2 = derivs(f2, x, y)[1]
        record("jacobian", rc == 0 and rel(d["jacobian"], [g, g2]) < 1e-9, f"{text}, {t2} at {at}: {d or se}")
        # optimize: a random quadratic 1/2 a x^2 + b x y + 1/2 c y^2 + d x
        a, c = rng.uniform(0.2, 5, 2); b = rng.uniform(-0.5, 0.5) * np.sqrt(a * c); dd = rng.normal()
        surf = f"0.5*({float(a)!r})*x^2 + ({float(b)!r})*x*y + 0.5*({float(c)!r})*y^2 + ({float(dd)!r})*x"
        grad = lambda p: np.array([a * p[0] + b * p[1] + dd, b * p[0] + c * p[1]])
        name = str(rng.choice(["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]))
        lr = float(rng.choice([0.001, 0.01, 0.05, 0.1])); start = rng.uniform(-2, 2, 2); steps = int(rng.integers(1, 60))
        args = ["optimize", "--surface", surf, "--optimizer", name, "--lr", repr(lr), "--start", f"{float(start[0])!r},{float(start[1])!r}", "--steps", str(steps)]
        mom = None
        if name in ("sgd", "rmsprop") and rng.random() < 0.5: mom = float(rng.choice([0.5, 0.9])); args += ["--momentum", repr(mom)]
        if name in ("momentum", "nesterov"): mom = float(rng.choice([0.5, 0.9, 0.99])); args += ["--momentum", repr(mom)]
        betas = (0.9, 0.999)
        if name in ("adam", "adamw") and rng.random() < 0.5: betas = (float(rng.choice([0.5, 0.8])), float(rng.choice([0.9, 0.99]))); args += ["--betas", f"{float(betas[0])!r},{float(betas[1])!r}"]
        rc, d, se = call(B, *args)
        if rc != 0: record("optimize", False, f"{args}: {se}")
        else:
          eps = d.get("eps", 1e-8)
          ref = pytorch_steps(name, grad, start, lr, steps, mom or 0, betas, eps, 0.01)
          got = [[t["x"], t["y"]] for t in d["trajectory"]]
          err = rel(got, ref, scale=max(1, np.max(np.abs(ref))))
          record("optimize", err < 1e-10, f"{name} mom={mom} betas={betas} lr={lr} steps={steps}: rel {err:.2e}; last got {got[-1]} want {list(ref[-1])}")
        # softmax
        z = rng.normal(0, 3, int(rng.integers(2, 7))); T = float(rng.choice([0.1, 0.5, 1, 2, 10]))
        rc, d, se = call(B, "softmax", "--logits", ",".join(map(lambda v: repr(float(v)), z)), "--temperature", repr(T))
        # The reference in 50 digits from exact logs: p_i(1 - p_i) as p_i Σ_{j≠i} p_j and
        # -Σ p log p with log p = z_i - logsumexp (1 - p and log p of a p near 1 cancel in any
        # fixed precision: numpy's diag(p) - p pᵀ is 1e-6 off at T = 0.1).
        zz = z / T; lp = [mpmath.mpf(float(v)) / mpmath.mpf(T) for v in z]
        lse = max(lp) + mpmath.log(sum(mpmath.exp(v - max(lp)) for v in lp)); lp = [v - lse for v in lp]
        pm = [mpmath.exp(v) for v in lp]; p = np.array([float(v) for v in pm])
        J = np.array([[float((pm[a] * sum(pm[j] for j in range(len(pm)) if j != a) if a == b else -pm[a] * pm[b]) / mpmath.mpf(T)) for b in range(len(pm))]
                      for a in range(len(pm))])
        H = float(-sum(v * w for v, w in zip(pm, lp)) / mpmath.log(2))
        record("softmax", rc == 0 and rel(d["probabilities"], p) < 1e-12 and rel(d["jacobian"], J) < 1e-10 and abs(d["entropy"] - H) < 1e-12 * max(1, H)
               and rel(d["log_probabilities"], logsoftmax_exact(zz)) < 1e-12, f"{z} T={T}: {d or se}")
        # entropy
        n = int(rng.integers(2, 7)); P = rng.dirichlet(np.ones(n)); Q = rng.dirichlet(np.ones(n))
        P = P / P.sum(); Q = Q / Q.sum()
        rc, d, se = call(B, "entropy", "--p", ",".join(map(lambda v: repr(float(v)), P)), "--q", ",".join(map(lambda v: repr(float(v)), Q)), "--base", "e")
        if rc != 0: record("entropy", False, f"{P} {Q}: {se}")
        else:
            want = {"entropy": -np.sum(P * np.log(P)), "cross_entropy": -np.sum(P * np.log(Q)), "kl_pq": np.sum(P * np.log(P / Q)), "kl_qp": np.sum(Q * np.log(Q / P))}
            record("entropy", all(abs(d[k] - w) < 1e-11 * max(1, abs(w)) for k, w in want.items()), f"{P} {Q}: {d} want {want}")
        # linear
        n = int(rng.integers(2, 6)); M = rng.normal(0, 2, (n, n))
        if rng.random() < 0.2: M[-1] = M[0] * 2   # singular
        rc, d, se = call(B, "linear", "--matrix", ";".join(",".join(map(lambda v: repr(float(v)), r)) for r in M))
        if rc != 0: record("linear", False, f"{M}: {se}"); continue
        sv = np.linalg.svd(M, compute_uv=False); ok = rel(d["singular_values"], sv, scale=sv[0]) < 1e-10
        ok &= abs(d["determinant"] - np.linalg.det(M)) < 1e-9 * max(1, np.prod(sv) if sv[-1] > 1e-12 else sv[0] ** n)
        ok &= d["rank"] == np.linalg.matrix_rank(M)
        if d.get("inverse") not in (None, "none") and isinstance(d.get("inverse"), list):
            ok &= rel(d["inverse"], np.linalg.inv(M), scale=1 / sv[-1]) < 1e-8
        record("linear", bool(ok), f"{M.tolist()}: det {d['determinant']} vs {np.linalg.det(M)}, rank {d['rank']}, sv {d['singular_values']} vs {sv}")
    # train: determinism and finiteness on a few seeds
    for s in range(5):
        r1 = subprocess.run([B, "calc", "train", "--seed", str(s), "--json"], capture_output=True, text=True, timeout=120)
        r2 = subprocess.run([B, "calc", "train", "--seed", str(s), "--json"], capture_output=True, text=True, timeout=120)
        record("train", r1.returncode == 0 and r1.stdout == r2.stdout and "nan" not in r1.stdout, f"seed {s}: rc {r1.returncode} {r1.stderr[:200]}")
    for f in fails[:25]: print("FAIL", f[0], "|", f[1][:500])
    for k, (a, n) in tally.items(): print(f"{k}: {a}/{n} agree")
    sys.exit(0 if not fails else 1)

if __name__ == "__main__":
    main()
