#!/usr/bin/env python3
"""Independent check of `gradscope calc kkt` against scipy SLSQP and closed forms.

Run:  python3 Benchmarks/verify/kkt.py [--binary PATH] [--cases N] [--seed S]
(default binary: .build/debug/gradscope, else /tmp/gradscope-main-release).

Random convex quadratics f = 1/2 x'Qx + c'x (Q positive definite) with 0-3 constraints, mixed
linear equalities (at most 2, independent), linear inequalities and convex discs, all feasible at
a drawn point. x and f are compared with SLSQP (1e-6); multipliers are recomputed from the
active set at gradscope's x (least squares on grad f + sum mu grad g + sum lambda grad h = 0;
unique when the active gradients are independent) and must have mu >= 0, stationarity and
complementarity residuals small, dual value = f (convex: gap 0). Then fixed degenerate cases
(infeasible, unbounded, dependent constraints, a vertex, constraint qualification failing),
each to be right or refused with one line and exit 2. Exit 1 on any mismatch.
"""
import argparse, json, os, subprocess, sys
import numpy as np
from scipy.optimize import minimize

here = os.path.dirname(os.path.abspath(__file__)); root = os.path.dirname(os.path.dirname(here))
def default_binary():
    b = os.path.join(root, ".build/debug/gradscope")
    return b if os.path.exists(b) else "/tmp/gradscope-main-release"

def r(v): return f"({float(v)!r})"

def run(binary, f, cons, start=None):
    args = [binary, "calc", "kkt", "--f", f]
    for c in cons: args += ["--subject-to", c]
    if start: args += ["--start", start]
    p = subprocess.run(args + ["--json"], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr

def random_case(rng):
    A = rng.normal(size=(2, 2)); Q = A @ A.T + rng.uniform(0.05, 2) * np.eye(2)
    c = rng.normal(0, 3, 2)
    fs = f"0.5*({r(Q[0,0])}*x^2 + 2*{r(Q[0,1])}*x*y + {r(Q[1,1])}*y^2) + {r(c[0])}*x + {r(c[1])}*y"
    f = lambda v: 0.5 * v @ Q @ v + c @ v
    grad_f = lambda v: Q @ v + c
    x0 = rng.normal(0, 1.5, 2)
    n = int(rng.integers(0, 4)); cons = []   # (kind, text, fun, grad)
    neq = 0; eqdirs = []
    for _ in range(n):
        kind = rng.choice(["eq", "lin", "disc"], p=[0.3, 0.45, 0.25])
        if kind == "eq" and neq >= 1 and len(eqdirs) >= 1: kind = "lin" if rng.random() < 0.5 else "eq"
        if kind == "eq" and neq >= 2: kind = "lin"
        if kind == "eq" or kind == "lin":
            a = rng.normal(size=2)
            if kind == "eq":
                if eqdirs and abs((eqdirs[0][0] * a[1] - eqdirs[0][1] * a[0])) < 0.2 * np.linalg.norm(a) * np.linalg.norm(eqdirs[0]): kind = "lin"
                else:
                    eqdirs.append(a); neq += 1
                    b = a @ x0
                    cons.append(("eq", f"{r(a[0])}*x + {r(a[1])}*y = {r(b)}", (lambda a, b: lambda v: a @ v - b)(a, b), (lambda a: lambda v: a)(a)))
                    continue
            b = a @ x0 + rng.uniform(0, 1) * (rng.random() < 0.7)
            cons.append(("ineq", f"{r(a[0])}*x + {r(a[1])}*y <= {r(b)}", (lambda a, b: lambda v: a @ v - b)(a, b), (lambda a: lambda v: a)(a)))
        else:
            ctr = x0 + rng.normal(0, 1, 2); rad2 = np.sum((x0 - ctr) ** 2) + rng.uniform(0.01, 2)
            cons.append(("ineq", f"(x - {r(ctr[0])})^2 + (y - {r(ctr[1])})^2 <= {r(rad2)}",
                         (lambda ctr, rad2: lambda v: np.sum((v - ctr) ** 2) - rad2)(ctr, rad2),
                         (lambda ctr: lambda v: 2 * (v - ctr))(ctr)))
    return fs, f, grad_f, cons, Q

def slsqp(f, grad_f, cons, start):
    sc = [{"type": "eq" if k == "eq" else "ineq", "fun": (lambda g: (lambda v: g(v)) if k == "eq" else (lambda v: -g(v)))(g),
           "jac": (lambda dg: (lambda v: dg(v)) if k == "eq" else (lambda v: -dg(v)))(dg)} for k, _, g, dg in cons]
    best = None
    for s in [start, start + 1, start - 1, np.zeros(2)]:
        res = minimize(f, s, jac=grad_f, constraints=sc, method="SLSQP", options={"ftol": 1e-14, "maxiter": 500})
        feas = all((abs(g(res.x)) if k == "eq" else max(0, g(res.x))) < 1e-8 for k, _, g, _ in cons)
        if feas and (best is None or res.fun < best.fun): best = res
    return best

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=default_binary()); ap.add_argument("--cases", type=int, default=400)
    ap.add_argument("--seed", type=int, default=3)
    o = ap.parse_args(); rng = np.random.default_rng(o.seed)
    fails = []; agree = total = 0
    for i in range(o.cases):
        fs, f, grad_f, cons, Q = random_case(rng)
        total += 1
        rc, so, se = run(o.binary, fs, [c[1] for c in cons])
        ref = slsqp(f, grad_f, cons, np.zeros(2))
        if rc != 0:
            fails.append(("refused a feasible convex problem", fs, [c[1] for c in cons], se.strip())); continue
        d = json.loads(so); x = np.array(d["x"], dtype=float)
        bad = []
        if ref is None: bad.append("SLSQP found no feasible point")
        else:
            if np.linalg.norm(x - ref.x) > 1e-6 * max(1, np.linalg.norm(ref.x)): bad.append(f"x {x} vs SLSQP {ref.x}")
            if abs(d["f"] - ref.fun) > 1e-8 * max(1, abs(ref.fun)): bad.append(f"f {d['f']} vs SLSQP {ref.fun}")
        if abs(d["f"] - f(x)) > 1e-9 * max(1, abs(f(x))): bad.append(f"f {d['f']} is not f(x) {f(x)}")
        ineq = [c for c in cons if c[0] == "ineq"]; eqs = [c for c in cons if c[0] == "eq"]
        mu = np.array(d["mu"], dtype=float); lam = np.array(d["lambda"], dtype=float)
        if len(mu) != len(ineq) or len(lam) != len(eqs): bad.append("multiplier counts"); fails.append(("mismatch", fs, [c[1] for c in cons], "; ".join(bad))); continue
        if np.any(mu < 0): bad.append(f"mu < 0: {mu}")
        # stationarity with gradscope's multipliers
        st = grad_f(x) + sum(m * c[3](x) for m, c in zip(mu, ineq)) + sum(l * c[3](x) for l, c in zip(lam, eqs))
        scale = max(1, np.linalg.norm(grad_f(x)))
        if np.linalg.norm(st) > 1e-7 * scale: bad.append(f"stationarity {np.linalg.norm(st):.2e} with mu {mu} lambda {lam}")
        for m, c in zip(mu, ineq):
            if abs(m * c[2](x)) > 1e-8 * scale: bad.append(f"complementarity {m * c[2](x):.2e}")
            if c[2](x) > 1e-9: bad.append(f"infeasible g = {c[2](x):.2e}")
        for c in eqs:
            if abs(c[2](x)) > 1e-9: bad.append(f"infeasible h = {c[2](x):.2e}")
        # unique multipliers when the active gradients are independent: compare
        act = [c for c in ineq if abs(c[2](x)) < 1e-7]
        G = np.array([c[3](x) for c in act] + [c[3](x) for c in eqs]).reshape(-1, 2)
        if len(G) and np.linalg.matrix_rank(G, tol=1e-6) == len(G):
            sol = np.linalg.lstsq(G.T, -grad_f(x), rcond=None)[0]
            mine = np.concatenate([[m for m, c in zip(mu, ineq) if abs(c[2](x)) < 1e-7], lam])
            if np.linalg.norm(sol - mine) > 1e-6 * max(1, np.linalg.norm(sol)): bad.append(f"multipliers {mine} vs {sol}")
        if d["dual_value"] is not None and abs(d["dual_value"] - d["f"]) > 1e-6 * max(1, abs(d["f"])): bad.append(f"dual value {d['dual_value']} vs f {d['f']} (convex: no gap)")
        if not d["second_order"]["sufficient"]: bad.append("second-order sufficient false on a strictly convex f")
        if bad: fails.append(("mismatch", fs, [c[1] for c in cons], "; ".join(bad)))
        else: agree += 1
    # Degenerate and nonconvex cases: (f, constraints, want) where want is "refuse" or a dict.
    edge = [
        ("infeasible", "x^2+y^2", ["x >= 1", "x <= 0"], "refuse"),
        ("infeasible disc and line", "x^2+y^2", ["x^2+y^2 <= 1", "x + y = 3"], "refuse"),
        ("unbounded linear", "x + y", ["x >= 0"], "refuse"),
        ("unbounded along an equality", "x*y", ["x - y = 0", ], {"x": [0, 0], "f": 0}),
        ("constant on the feasible line (not unbounded)", "x^2 - y^2", ["x + y = 0"], "nonunique"),
        ("dependent equalities", "x^2+y^2", ["x + y = 1", "2*x + 2*y = 2"], {"x": [0.5, 0.5], "f": 0.5}),
        ("dependent active inequalities", "(x-2)^2+(y-2)^2", ["x + y <= 2", "2*x + 2*y <= 4"], {"x": [1, 1], "f": 2}),
        ("vertex", "(x-2)^2+(y-2)^2", ["x <= 1", "y <= 1"], {"x": [1, 1], "f": 2, "mu": [2, 2]}),
        ("vertex with 3 active", "(x-2)^2+(y-2)^2", ["x <= 1", "y <= 1", "x + y <= 2"], {"x": [1, 1], "f": 2}),
        ("CQ fails, KKT holds", "x^2+y^2", ["x^2 <= 0"], {"x": [0, 0], "f": 0}),
        ("CQ fails, no multiplier (x^2 <= 0)", "x + y^2", ["x^2 <= 0"], "refuse"),
        ("CQ fails, cusp", "x", ["y^2 <= -x^3"] if False else ["x^3 + y^2 <= 0", "x >= 0"], "refuse-or-right"),
        ("CQ fails, y^2 = 0", "y", ["y^2 = 0"], "refuse"),
        ("nonconvex: concave on disc", "-x^2-y^2", ["x^2+y^2 <= 1"], {"f": -1}),
        ("nonconvex: saddle with bounds", "x^2 - y^2", ["y <= 1", "y >= -1"], {"f": -1}),
        ("minimum at a vertex of 2 equalities", "x + y", ["x = 1", "y = 2"], {"x": [1, 2], "f": 3, "lambda": [-1, -1]}),
        ("equality sign", "x^2 + y^2", ["x + y = 2"], {"x": [1, 1], "f": 2, "lambda": [-2]}),
        ("mu sign with >=", "x^2 + y^2", ["x >= 1"], {"x": [1, 0], "f": 1, "mu": [2]}),
        ("mu sign with <=", "x^2 + y^2", ["1 - x <= 0"], {"x": [1, 0], "f": 1, "mu": [2]}),
        ("inactive", "x^2 + y^2", ["x <= 1"], {"x": [0, 0], "f": 0, "mu": [0]}),
        ("not differentiable", "abs(x) + y^2", [], "refuse"),
        ("undefined at start", "log(x)", ["x >= 1"], "refuse-or-right"),
        ("garbage f", "x +* y", [], "refuse"),
        ("garbage constraint", "x^2", ["x <> 1"], "refuse"),
        ("four constraints", "x^2", ["x<=1", "x<=2", "x<=3", "x<=4"], "refuse"),
        ("constraint without variables, false", "x^2 + y^2", ["1 <= 0"], "refuse"),
        ("constraint without variables, true", "x^2 + y^2", ["0 <= 1"], {"x": [0, 0], "f": 0}),
        ("huge coefficients", "1e300*x^2 + 1e300*y^2", ["x >= 1"], "refuse-or-right"),
        ("nan in f", "x^2 + nan", [], "refuse"),
        ("control chars", "x^2\x1b[31m", [], "refuse"),
    ]
    eok = 0
    for name, fs, cons, want in edge:
        rc, so, se = run(o.binary, fs, cons)
        lines = [l for l in se.splitlines() if l.strip()]
        clean_refusal = rc == 2 and len(lines) == 1 and so == "" and "\x1b" not in se
        if want == "refuse":
            if clean_refusal: eok += 1
            else: fails.append((f"edge {name}: want refusal", fs, cons, f"rc={rc} {so[:300]} {se[:200]}"))
            continue
        if rc != 0:
            if clean_refusal and want in ("refuse-or-right", "nonunique") and "unbounded" not in se: eok += 1
            else: fails.append((f"edge {name}: refused", fs, cons, se.strip()))
            continue
        d = json.loads(so)
        if want == "nonunique":
            if abs(d["f"]) < 1e-9: eok += 1
            else: fails.append((f"edge {name}", fs, cons, so[:300]))
            continue
        if want == "refuse-or-right":
            eok += 1; print("  (accepted)", name, json.dumps({k: d[k] for k in ("x", "f", "mu", "lambda")})); continue
        bad = []
        for k, v in want.items():
            if np.linalg.norm(np.atleast_1d(np.array(d[k], dtype=float)) - np.atleast_1d(np.array(v, dtype=float))) > 1e-7: bad.append(f"{k} {d[k]} want {v}")
        if bad: fails.append((f"edge {name}", fs, cons, "; ".join(bad)))
        else: eok += 1
    for fl in fails[:40]: print("FAIL", fl[0], "|", fl[1][:200], "|", fl[2], "|", fl[3][:400])
    print(f"kkt random convex: {agree}/{total} agree with SLSQP and the KKT conditions")
    print(f"kkt edge cases: {eok}/{len(edge)} right or refused cleanly")
    sys.exit(0 if not fails else 1)

if __name__ == "__main__":
    main()
