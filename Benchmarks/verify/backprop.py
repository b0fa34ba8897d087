#!/usr/bin/env python3
"""Independent numpy reference for `gradscope calc backprop`.

Run:  python3 Benchmarks/verify/backprop.py [--binary PATH] [--cases N] [--seed S]
(default binary: .build/debug/gradscope, else /tmp/gradscope-main-release).

For N random networks (1-4 weight layers, 1-8 units, every hidden activation, every output and
loss) it feeds --weights JSON (exact round-trip decimals) or a seed, recomputes z, a, delta,
dL/dW, dL/db and the loss in numpy (PyTorch's rules: ReLU'(0) = 0, BCE on the sigmoid,
softmax cross-entropy = logsumexp(z) - z_y, squared error 1/2 sum (a - y)^2), and compares to
1e-10 relative (a floor of 1e-12 of the vector's scale for entries that cancel). `check` is
compared with the reference's own Richardson central difference (both must be < 1e-6 when the
network is smooth there). Then it runs the edge cases (ReLU at exactly 0, saturated sigmoid,
huge softmax logits, targets out of range, malformed JSON, NaN/inf, oversize) and expects each
either right or refused with one line on stderr and exit 2. Prints agreement rates; exit 1 on
any mismatch.
"""
import argparse, json, os, subprocess, sys
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))

def default_binary():
    b = os.path.join(root, ".build/debug/gradscope")
    return b if os.path.exists(b) else "/tmp/gradscope-main-release"

def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[~pos]); out[~pos] = e / (1 + e)
    return out

def act(name, z):
    return {"tanh": np.tanh, "relu": lambda v: np.maximum(v, 0), "sigmoid": sigmoid, "linear": lambda v: v}[name](z)

def slope(name, z):
    # sech^2 and sigma(z) sigma(-z): exact where the unit saturates (1 - tanh^2 is not).
    if name == "tanh": return 1 / np.cosh(z) ** 2
    if name == "relu": return (z > 0).astype(float)   # PyTorch: relu'(0) = 0
    if name == "sigmoid": return sigmoid(z) * sigmoid(-z)
    return np.ones_like(z)

def logsumexp(z):
    m = np.max(z); return m + np.log(np.sum(np.exp(z - m)))

def softmax(z):
    e = np.exp(z - np.max(z)); return e / e.sum()

def forward(Ws, bs, hidden, out, lossname, x, y):
    zs, as_ = [x], [x]
    for l, (W, b) in enumerate(zip(Ws, bs)):
        z = W @ as_[-1] + b
        zs.append(z)
        if l < len(Ws) - 1: as_.append(act(hidden, z))
        elif out == "sigmoid": as_.append(sigmoid(z))
        elif out == "softmax": as_.append(softmax(z))
        else: as_.append(z)
    z = zs[-1]; p = as_[-1]
    if out == "softmax": yv = np.eye(len(z))[int(y)]
    else: yv = np.asarray(y, dtype=float)
    if lossname == "cross-entropy" and out == "sigmoid":
        # BCEWithLogits: max(z,0) - z y + log(1 + e^-|z|)
        loss = np.sum(np.maximum(z, 0) - z * yv + np.log1p(np.exp(-np.abs(z))))
    elif lossname == "cross-entropy":
        loss = logsumexp(z) - z[int(y)]
    else:
        loss = 0.5 * np.sum((p - yv) ** 2)
    return zs, as_, yv, loss

import mpmath
mpmath.mp.dps = 800   # 1 - sigma(z) stays exact up to |z| ~ 1800 (sigma' underflows past 745)

def head_exact(out, lossname, z, y):
    """Loss and output delta from the output layer's (float64) z, in 800-digit arithmetic."""
    zm = [mpmath.mpf(float(v)) for v in z]
    if out == "sigmoid": p = [1 / (1 + mpmath.exp(-v)) for v in zm]
    elif out == "softmax":
        m = max(zm); e = [mpmath.exp(v - m) for v in zm]; t = sum(e); p = [v / t for v in e]
    else: p = zm
    yv = [mpmath.mpf(1 if k == int(y) else 0) for k in range(len(z))] if out == "softmax" else [mpmath.mpf(float(v)) for v in y]
    r = [a - b for a, b in zip(p, yv)]
    if lossname == "cross-entropy" and out == "sigmoid":
        loss = sum(mpmath.log(1 + mpmath.exp(v)) - t * v for v, t in zip(zm, yv)); d = r
    elif lossname == "cross-entropy":
        m = max(zm); loss = m + mpmath.log(sum(mpmath.exp(v - m) for v in zm)) - zm[int(y)]; d = r
    else:
        loss = sum(v * v for v in r) / 2
        if out == "sigmoid": d = [a * b * (1 - b) for a, b in zip(r, p)]
        elif out == "softmax":
            w = sum(a * b for a, b in zip(r, p)); d = [b * (a - w) for a, b in zip(r, p)]
        else: d = r
    return float(loss), np.array([float(v) for v in d])

def backward(Ws, bs, hidden, out, lossname, zs, as_, yv, y=None):
    d = head_exact(out, lossname, zs[-1], y if out == "softmax" else yv)[1]
    deltas = [None] * len(Ws); gW = [None] * len(Ws); gb = [None] * len(Ws)
    deltas[-1] = d
    for l in range(len(Ws) - 1, -1, -1):
        gW[l] = np.outer(deltas[l], as_[l]); gb[l] = deltas[l].copy()
        if l > 0: deltas[l - 1] = (Ws[l].T @ deltas[l]) * slope(hidden, zs[l])
    return deltas, gW, gb

def close(got, want, scale=None, rel=1e-10):
    got = np.asarray(got, dtype=float); want = np.asarray(want, dtype=float)
    if got.shape != want.shape: return False
    if scale is None: scale = np.max(np.abs(want)) if want.size else 0
    tol = rel * np.maximum(np.abs(want), 1e-2 * scale) + 1e-300
    return bool(np.all((np.abs(got - want) <= tol) | (got == want)))

def run(binary, args):
    # "--weights @TEXT": the text goes in a temporary file (an argument is limited to 128 KB).
    args = list(args)
    for i, a in enumerate(args):
        if a.startswith("@") and i > 0 and args[i - 1] == "--weights":
            import tempfile
            f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False); f.write(a[1:]); f.close()
            args[i] = f.name
    p = subprocess.run([binary, "calc", "backprop", *args, "--json"], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr

def num(v):
    if isinstance(v, str): return float(v)   # "inf"/"nan" as strings
    return v

def tofloat(obj):
    if isinstance(obj, list): return [tofloat(o) for o in obj]
    return float(num(obj))

def numeric_check(Ws, bs, hidden, out, lossname, x, y, gW, gb, h=1e-4):
    theta = np.concatenate([np.concatenate([W.ravel(), b]) for W, b in zip(Ws, bs)])
    analytic = np.concatenate([np.concatenate([W.ravel(), b]) for W, b in zip(gW, gb)])
    shapes = [(W.shape, b.shape) for W, b in zip(Ws, bs)]
    def unpack(t):
        Wl, bl, o = [], [], 0
        for (ws, bsh) in shapes:
            n = ws[0] * ws[1]; Wl.append(t[o:o + n].reshape(ws)); o += n
            bl.append(t[o:o + bsh[0]]); o += bsh[0]
        return Wl, bl
    def L(t):
        Wl, bl = unpack(t); return forward(Wl, bl, hidden, out, lossname, x, y)[3]
    numeric = []
    for i in range(len(theta)):
        def c(s):
            tp = theta.copy(); tm = theta.copy(); tp[i] += s; tm[i] -= s
            return (L(tp) - L(tm)) / (2 * s)
        numeric.append((4 * c(h / 2) - c(h)) / 3)
    numeric = np.array(numeric)
    floor = max(1e-300, 1e-3 * np.max(np.abs(analytic)))
    return float(np.max(np.abs(analytic - numeric) / np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)))

def random_case(rng):
    nl = int(rng.integers(1, 5))
    hidden = str(rng.choice(["tanh", "relu", "sigmoid", "linear"]))
    out = str(rng.choice(["sigmoid", "linear", "softmax"]))
    lossname = str(rng.choice(["cross-entropy", "squared-error"]))
    if out == "linear": lossname = "squared-error"
    sizes = [int(rng.integers(1, 9)) for _ in range(nl + 1)]
    if out == "softmax": sizes[-1] = max(2, sizes[-1])
    mode = rng.random()
    Ws, bs = [], []
    scale = float(rng.choice([0.1, 0.5, 1, 2, 5]))
    for l in range(nl):
        if mode < 0.15:   # small integers: exact zeros of z (ReLU at exactly 0)
            W = rng.integers(-2, 3, size=(sizes[l + 1], sizes[l])).astype(float)
            b = rng.integers(-1, 2, size=sizes[l + 1]).astype(float)
        else:
            W = rng.normal(0, scale, size=(sizes[l + 1], sizes[l])); b = rng.normal(0, scale, size=sizes[l + 1])
        Ws.append(W); bs.append(b)
    if mode < 0.15: x = rng.integers(-2, 3, size=sizes[0]).astype(float)
    else: x = rng.normal(0, 1.5, size=sizes[0])
    if out == "softmax": y = int(rng.integers(0, sizes[-1]))
    elif out == "sigmoid":
        y = rng.random(sizes[-1]); y[rng.random(sizes[-1]) < 0.3] = 0; y[rng.random(sizes[-1]) < 0.3] = 1
    else: y = rng.normal(0, 2, size=sizes[-1])
    return sizes, hidden, out, lossname, Ws, bs, x, y

def fmt(v): return repr(float(v))
def fmtlist(v): return ",".join(fmt(t) for t in v)

def weights_json(Ws, bs):
    return "[" + ",".join('{"W":[' + ",".join("[" + fmtlist(r) + "]" for r in W) + '],"b":[' + fmtlist(b) + "]}"
                          for W, b in zip(Ws, bs)) + "]"

def check_case(binary, rng, seeded, stats, failures):
    sizes, hidden, out, lossname, Ws, bs, x, y = random_case(rng)
    args = ["--layers", ",".join(map(str, sizes)), "--activation", hidden, "--output", out, "--loss", lossname,
            "--input", fmtlist(x), "--target", str(y) if out == "softmax" else fmtlist(y)]
    if seeded: args += ["--seed", str(int(rng.integers(0, 2**63)))]
    else: args += ["--weights", weights_json(Ws, bs)]
    rc, so, se = run(binary, args)
    stats["cases"] += 1
    if rc != 0:
        failures.append(("refused", args, se.strip())); return
    d = json.loads(so)
    if seeded:
        Ws = [np.array(tofloat(L["W"])) for L in d["weights"]]; bs = [np.array(tofloat(L["b"])) for L in d["weights"]]
        for l, W in enumerate(Ws):
            lim = np.sqrt(6 / (W.shape[0] + W.shape[1]))
            if W.shape != (sizes[l + 1], sizes[l]) or np.any(np.abs(W) > lim) or np.any(bs[l] != 0):
                failures.append(("seeded init", args, "weights outside Xavier / biases not 0"))
    zs, as_, yv, loss = forward(Ws, bs, hidden, out, lossname, x, y)
    loss = head_exact(out, lossname, zs[-1], y if out == 'softmax' else yv)[0]
    deltas, gW, gb = backward(Ws, bs, hidden, out, lossname, zs, as_, yv, y)
    bad = []
    for l in range(len(zs)):
        if not close(tofloat(d["z"][l]), zs[l]): bad.append(f"z[{l}]")
        if not close(tofloat(d["a"][l]), as_[l]): bad.append(f"a[{l}]")
    for l in range(len(deltas)):
        sc = np.max(np.abs(deltas[l])) if deltas[l].size else 0
        if not close(tofloat(d["delta"][l]), deltas[l]): bad.append(f"delta[{l+1}]")
        if not close(tofloat(d["gradients"][l]["W"]), gW[l]): bad.append(f"dW[{l+1}]")
        if not close(tofloat(d["gradients"][l]["b"]), gb[l]): bad.append(f"db[{l+1}]")
    if not close(num(d["loss"]), loss): bad.append(f"loss got {d['loss']} want {loss!r}")
    # The check: recompute; a kink of ReLU within h of some z spoils both, so judge only smooth cases.
    kink = hidden == "relu" and any(np.any(np.abs(zs[l]) < 1e-3) for l in range(1, len(zs) - 1))
    if stats["cases"] % 10 == 0 or seeded:
        ref = numeric_check(Ws, bs, hidden, out, lossname, x, y, gW, gb)
        stats["checked"] += 1
        got = float(num(d["check"]))
        if not kink and (ref < 1e-6) != (got < 1e-6): bad.append(f"check got {got:.2e} ref {ref:.2e}")
        if not kink and ref < 1e-6: stats["check_ok"] += 1
    if bad: failures.append(("mismatch " + ", ".join(bad), args, ""))
    else: stats["agree"] += 1

EDGE = [
    # (name, args, expectation)  expectation: "ok" (exit 0, numbers checked by hand below) or "refuse"
    ("relu at exactly 0", ["--layers", "1,1,1", "--activation", "relu", "--weights", '[{"W":[[1]],"b":[-1]},{"W":[[2]],"b":[0]}]', "--input", "1", "--target", "1"], "ok"),
    ("saturated sigmoid z=50 y=0", ["--weights", '[{"W":[[50]],"b":[0]}]', "--input", "1", "--target", "0"], "ok"),
    ("saturated sigmoid z=-800 y=1", ["--weights", '[{"W":[[-800]],"b":[0]}]', "--input", "1", "--target", "1"], "ok"),
    ("saturated sigmoid squared error", ["--weights", '[{"W":[[45]],"b":[0]}]', "--input", "1", "--target", "0", "--loss", "squared-error"], "ok"),
    ("softmax logits 1e5", ["--weights", '[{"W":[[1e5],[0]],"b":[0,0]}]', "--input", "1", "--target", "1", "--output", "softmax"], "ok"),
    ("overflowing z", ["--weights", '[{"W":[[1e200]],"b":[0]}]', "--input", "1e200", "--target", "1"], "refuse"),
    ("overflowing hidden z", ["--weights", '[{"W":[[1e200]],"b":[0]},{"W":[[1]],"b":[0]}]', "--activation", "linear", "--input", "1e200", "--target", "1"], "refuse"),
    ("overflowing sum", ["--weights", '[{"W":[[1e308,1e308]],"b":[0]}]', "--input", "1,1", "--target", "1", "--output", "linear", "--loss", "squared-error"], "refuse"),
    ("softmax logits +-1e300 (dL/da beyond a Double, said so)", ["--weights", '[{"W":[[1e300],[-1e300]],"b":[0,0]}]', "--input", "1", "--target", "1", "--output", "softmax"], "ok"),
    ("sigmoid CE z=800 y=1", ["--weights", '[{"W":[[800]],"b":[0]}]', "--input", "1", "--target", "1"], "ok"),
    ("tanh saturated hidden z=20", ["--layers", "1,1,1", "--weights", '[{"W":[[20]],"b":[0]},{"W":[[1]],"b":[0]}]', "--input", "1", "--target", "0"], "ok"),
    ("sigmoid y=1 z=40 (delta -4.2e-18)", ["--weights", '[{"W":[[40]],"b":[0]}]', "--input", "1", "--target", "1"], "ok"),
    ("softmax y=top z=40 (delta -4.2e-18)", ["--weights", '[{"W":[[40],[0]],"b":[0,0]}]', "--input", "1", "--target", "0", "--output", "softmax"], "ok"),
    ("overflowing loss", ["--weights", '[{"W":[[1e200]],"b":[0]}]', "--input", "1", "--target", "0", "--output", "linear", "--loss", "squared-error"], "refuse"),
    ("target above 1 for sigmoid", ["--layers", "2,2,1", "--target", "1.5"], "refuse"),
    ("target below 0 for sigmoid", ["--layers", "2,2,1", "--target", "-0.1"], "refuse"),
    ("softmax target 2 of 2", ["--layers", "2,2", "--output", "softmax", "--target", "2"], "refuse"),
    ("softmax target -1", ["--layers", "2,2", "--output", "softmax", "--target", "-1"], "refuse"),
    ("softmax target 0.5", ["--layers", "2,2", "--output", "softmax", "--target", "0.5"], "refuse"),
    ("softmax target 1e300", ["--layers", "2,2", "--output", "softmax", "--target", "1e300"], "refuse"),
    ("softmax one unit", ["--layers", "2,1", "--output", "softmax", "--target", "0"], "refuse"),
    ("linear + cross-entropy", ["--layers", "2,1", "--output", "linear", "--target", "0"], "refuse"),
    ("two targets one unit", ["--layers", "2,1", "--target", "1,0"], "refuse"),
    ("malformed JSON", ["--weights", '[{"W":[[1]],"b":[0]}'], "refuse"),
    ("JSON NaN", ["--weights", '[{"W":[[NaN]],"b":[0]}]', "--input", "1"], "refuse"),
    ("JSON 1e999", ["--weights", '[{"W":[[1e999]],"b":[0]}]', "--input", "1"], "refuse"),
    ("JSON string", ["--weights", '[{"W":[["1"]],"b":[0]}]', "--input", "1"], "refuse"),
    ("JSON null", ["--weights", '[{"W":null,"b":[0]}]', "--input", "1"], "refuse"),
    ("JSON ragged", ["--weights", '[{"W":[[1,2],[3]],"b":[0,0]}]', "--input", "1,1"], "refuse"),
    ("JSON empty rows", ["--weights", '[{"W":[[]],"b":[0]}]', "--input", "1"], "refuse"),
    ("JSON b mismatch", ["--weights", '[{"W":[[1]],"b":[0,1]}]', "--input", "1"], "refuse"),
    ("JSON chain broken", ["--weights", '[{"W":[[1],[2]],"b":[0,0]},{"W":[[1,2,3]],"b":[0]}]', "--input", "1"], "refuse"),
    ("JSON 5 layers", ["--weights", "[" + ",".join(['{"W":[[1]],"b":[0]}'] * 5) + "]", "--input", "1"], "refuse"),
    ("JSON 9 units", ["--weights", '[{"W":[' + ",".join(["[1]"] * 9) + '],"b":[' + ",".join(["0"] * 9) + "]}]", "--input", "1"], "refuse"),
    ("JSON 9 inputs", ["--weights", '[{"W":[[' + ",".join(["1"] * 9) + ']],"b":[0]}]', "--input", ",".join(["1"] * 9)], "refuse"),
    ("JSON deep nesting (file)", ["--weights", "@" + "[" * 100000 + "]" * 100000], "refuse"),
    ("JSON 2 MB (file)", ["--weights", "@" + '[{"W":[[' + "1," * 700000 + '1]],"b":[0]}]'], "refuse"),
    ("JSON deep nesting inline", ["--weights", "[" * 60000 + "]" * 60000], "refuse"),
    ("JSON top-level object", ["--weights", '{"W":[[1]],"b":[0]}'], "refuse"),
    ("JSON extra key", ["--weights", '[{"W":[[1]],"b":[0],"c":1}]', "--input", "1"], "refuse"),
    ("JSON nonfinite via overflow 1.8e308", ["--weights", '[{"W":[[1.8e308]],"b":[0]}]', "--input", "1"], "refuse"),
    ("layers vs weights", ["--layers", "2,1", "--weights", '[{"W":[[1]],"b":[0]}]', "--input", "1"], "refuse"),
    ("input NaN", ["--input", "nan,1"], "refuse"),
    ("input inf", ["--input", "inf,1"], "refuse"),
    ("input 1e400", ["--input", "1e400,1"], "refuse"),
    ("input too many", ["--input", "1,2,3"], "refuse"),
    ("input empty", ["--input", ""], "refuse"),
    ("layers 9 units", ["--layers", "2,9,1"], "refuse"),
    ("layers 5 weight layers", ["--layers", "2,2,2,2,2,1"], "refuse"),
    ("layers 0", ["--layers", "0,1"], "refuse"),
    ("layers huge", ["--layers", "2," + "9" * 40 + ",1"], "refuse"),
    ("layers negative", ["--layers", "2,-1,1"], "refuse"),
    ("bad activation", ["--activation", "gelu"], "refuse"),
    ("bad output", ["--output", "tanh"], "refuse"),
    ("bad loss", ["--loss", "hinge"], "refuse"),
    ("weights file missing", ["--weights", "/nonexistent/w.json"], "refuse"),
    ("weights file a directory", ["--weights", "/tmp"], "refuse"),
    ("weights a device", ["--weights", "/dev/zero"], "refuse"),
    ("control chars", ["--activation", "\x1b[31mred"], "refuse"),
]

def edge_cases(binary, failures):
    n = ok = 0
    for name, args, want in EDGE:
        n += 1
        try:
            rc, so, se = run(binary, args)
        except subprocess.TimeoutExpired:
            failures.append((f"edge {name}: timed out", args[:6], "")); continue
        lines = [l for l in se.splitlines() if l.strip()]
        if want == "refuse":
            if rc == 2 and len(lines) == 1 and so == "" and "\x1b" not in se and len(se) < 400: ok += 1
            else: failures.append((f"edge {name}: want one-line refusal, exit 2; got rc={rc}", [a[:80] for a in args], (se or so)[:300]))
            continue
        if rc != 0:
            failures.append((f"edge {name}: refused", [a[:80] for a in args], se.strip())); continue
        d = json.loads(so)
        txt = subprocess.run([binary, "calc", "backprop", *args], capture_output=True, text=True).stdout
        Ws = [np.array(tofloat(L["W"])) for L in d["weights"]]; bs = [np.array(tofloat(L["b"])) for L in d["weights"]]
        out = d["output"]; hidden = d["activation"]; lossname = d["loss_function"]
        x = np.array(tofloat(d["input"])); y = d["target"]
        y = y if out == "softmax" else np.atleast_1d(np.array(tofloat(y)))
        zs, as_, yv, loss = forward(Ws, bs, hidden, out, lossname, x, y)
        loss = head_exact(out, lossname, zs[-1], y if out == 'softmax' else yv)[0]
        deltas, gW, gb = backward(Ws, bs, hidden, out, lossname, zs, as_, yv, y)
        bad = []
        allnums = json.dumps(d)
        if '"nan"' in allnums or '"inf"' in allnums or '"-inf"' in allnums: bad.append("non-finite number in JSON")
        if "nan" in txt or "inf" in txt: bad.append("non-finite number in text: " + " | ".join(l for l in txt.splitlines() if "nan" in l or "inf" in l)[:200])
        if not close(num(d["loss"]), loss): bad.append(f"loss {d['loss']} want {loss!r}")
        for l in range(len(deltas)):
            if not close(tofloat(d["delta"][l]), deltas[l]): bad.append(f"delta[{l+1}] {d['delta'][l]} want {deltas[l]}")
        if bad: failures.append((f"edge {name}: " + "; ".join(bad), [a[:80] for a in args], ""))
        else: ok += 1
    return n, ok

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=default_binary())
    ap.add_argument("--cases", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    o = ap.parse_args()
    rng = np.random.default_rng(o.seed)
    stats = {"cases": 0, "agree": 0, "checked": 0, "check_ok": 0}
    failures = []
    for i in range(o.cases):
        check_case(o.binary, rng, seeded=(i % 10 == 9), stats=stats, failures=failures)
    en, eok = edge_cases(o.binary, failures)
    for f in failures[:40]: print("FAIL", f[0], "|", " ".join(f[1])[:400], "|", f[2][:300])
    print(f"backprop random: {stats['agree']}/{stats['cases']} agree to 1e-10 "
          f"(check recomputed on {stats['checked']}, both < 1e-6 on {stats['check_ok']})")
    print(f"backprop edge cases: {eok}/{en} right or refused cleanly")
    sys.exit(0 if not failures else 1)

if __name__ == "__main__":
    main()
