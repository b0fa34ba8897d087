#!/usr/bin/env python3
"""Spot-check `gradscope calc gradient|hessian|jacobian` against sympy's exact derivatives.

Run:  python3 Benchmarks/verify/derivatives_ref.py BINARY [CASES] [SEED]
Random formulas in x, y (+ - * / ^, sin cos tan exp log sqrt tanh) at random points where they
are defined; sympy differentiates symbolically and evaluates at 40 digits. Entries compared to
1e-10 relative (absolute 1e-10 x the largest entry for ones that cancel to ~0). Formulas whose
exact value overflows or is complex there are skipped (counted).
"""
import json, subprocess, sys
import numpy as np, sympy as sp

x, y = sp.symbols("x y")
def formula(rng, depth):
    if depth == 0 or rng.random() < 0.25:
        r = rng.random()
        if r < 0.35: return "x"
        if r < 0.7: return "y"
        return repr(float(np.round(rng.uniform(-3, 3), int(rng.integers(0, 3)))))
    r = rng.random()
    if r < 0.45:
        op = str(rng.choice(["+", "-", "*", "/"]))
        return f"({formula(rng, depth - 1)} {op} {formula(rng, depth - 1)})"
    if r < 0.6:
        return f"({formula(rng, depth - 1)})^{int(rng.integers(2, 5))}"
    fn = str(rng.choice(["sin", "cos", "tan", "exp", "log", "sqrt", "tanh"]))
    return f"{fn}({formula(rng, depth - 1)})"

def exact(expr, p):
    v = sp.N(expr.subs({x: sp.Float(p[0], 40), y: sp.Float(p[1], 40)}), 40)
    if not v.is_real or v.has(sp.zoo, sp.oo, sp.nan): raise ValueError
    v = float(v)
    if not np.isfinite(v) or abs(v) > 1e100: raise ValueError
    return v

def close(got, want):
    got = np.array(got, float).ravel(); want = np.array(want, float).ravel()
    scale = max(np.max(np.abs(want)), 1e-300)
    return bool(np.all(np.abs(got - want) <= 1e-10 * np.maximum(np.abs(want), 1e-3 * scale) + 1e-290))

def main():
    binary = sys.argv[1]; cases = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    stats = {}; bad = []
    for case in range(cases):
        command = ["gradient", "hessian", "jacobian"][case % 3]
        count = int(rng.integers(1, 4)) if command == "jacobian" else 1
        texts = [formula(rng, int(rng.integers(1, 4))) for _ in range(count)]
        p = [float(np.round(v, 3)) for v in rng.uniform(-2, 2, 2)]
        exprs = [sp.sympify(t.replace("^", "**"), locals={"x": x, "y": y}) for t in texts]
        try:
            if command == "gradient": want = [exact(sp.diff(exprs[0], v), p) for v in (x, y)]; vals = exact(exprs[0], p)
            elif command == "hessian": want = [[exact(sp.diff(exprs[0], a, b), p) for b in (x, y)] for a in (x, y)]; vals = exact(exprs[0], p)
            else: want = [[exact(sp.diff(e, v), p) for v in (x, y)] for e in exprs]; vals = [exact(e, p) for e in exprs]
        except (ValueError, TypeError, OverflowError):
            stats.setdefault(command, [0, 0, 0])[2] += 1; continue
        out = subprocess.run([binary, "calc", command, "--f", ", ".join(texts), "--at", f"{p[0]!r},{p[1]!r}", "--json"],
                             capture_output=True, text=True)
        s = stats.setdefault(command, [0, 0, 0]); s[1] += 1
        if out.returncode != 0:
            bad.append((command, texts, p, f"exit {out.returncode}: {out.stderr.strip()}")); continue
        j = json.loads(out.stdout)
        got = j[command]
        if close(got, want) and close(np.atleast_1d(j["value"]), np.atleast_1d(vals)): s[0] += 1
        else: bad.append((command, texts, p, f"got {got}, exact {want}"))
    for command, (ok, n, skipped) in stats.items():
        print(f"calc {command}: {ok}/{n} agree with sympy to 1e-10 ({skipped} skipped: undefined or overflowing there)")
    for command, texts, p, why in bad[:15]:
        print(f"  calc {command} --f '{', '.join(texts)}' --at {p[0]},{p[1]}: {why}"[:600])
    return 0 if not bad else 1

if __name__ == "__main__":
    sys.exit(main())
