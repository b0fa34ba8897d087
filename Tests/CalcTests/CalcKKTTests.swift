@testable import Calc
import Foundation
import Testing

/// `gradscope calc kkt`: the JSON keys in order, against scipy's SLSQP, and refusals.
///
/// SLSQP references: `scipy.optimize.minimize(f, [0, 0], method='SLSQP', constraints=[{'type':
/// 'eq', 'fun': h}, {'type': 'ineq', 'fun': lambda v: -g(v)}], options={'ftol': 1e-14})`
/// (scipy 1.17.1); `multipliers` lists equalities first with λ of the opposite sign to ours.
struct CalcKKTTests {
    func report(_ f: String, _ constraints: [String], start: String? = nil) throws -> (json: CalcJSON, text: String) {
        try CalcKKT.report(f: f, subjectTo: constraints, start: start)
    }

    func refusal(_ f: String, _ constraints: [String], start: String? = nil) -> String {
        do { _ = try report(f, constraints, start: start); return "accepted" } catch { return "\(error)" }
    }

    @Test func mixedConstraintsGiveEveryKey() throws {
        // SLSQP: x [1.4999999999999993, 0.5000000000000002], f 2.4999999999999982,
        // multipliers [1.000000029802321, 1.9999999701976805] (λ = -1, μ = 2 in our signs).
        let report = try report("x^2 + y^2", ["x + y = 2", "x >= 1.5"])
        #expect(report.json.text() == """
        {
          "x": [1.5, 0.5000000000000001],
          "f": 2.5,
          "mu": [1.9999999999999998],
          "lambda": [-1.0000000000000002],
          "active": [true],
          "residuals": {
            "stationarity": 0,
            "primal": 0,
            "dual": 0,
            "complementary": 0
          },
          "dual_value": 2.5,
          "gap": 0,
          "second_order": {
            "necessary": true,
            "sufficient": true
          }
        }

        """)
        #expect(report.text == """
        minimise f = x^2 + y^2 subject to
          1  x + y = 2    h = 0, lambda1 = -1.0000000000000002
          2  x >= 1.5    g = 0, active, mu2 = 1.9999999999999998
        x* = (1.5, 0.5000000000000001), f(x*) = 2.5
        KKT residuals: stationarity 0, primal 0, dual 0, complementary 0
        dual: d* = 2.5, gap p* - d* = 0 (closed)
        second order: necessary yes, sufficient yes

        """)
    }

    /// Convex problems with SLSQP's answers: x to 1e-6, multipliers to 1e-5, gap under 1e-6.
    @Test func convexProblemsMatchSLSQP() throws {
        struct Case { var f: String; var constraints: [String]; var x: [Double]; var mu: [Double]; var lambda: [Double] }
        let cases = [
            // SLSQP: [-0.5000000416710598, 1.50000004167106], [26.999965483978738]
            Case(f: "(x+2*y-7)^2 + (2*x+y-5)^2", constraints: ["x + y <= 1"], x: [-0.5, 1.5], mu: [27], lambda: []),
            // SLSQP: [0.9999999999999998, 0.9999999999999999], [2.0, 0.0]
            Case(f: "x^2 + y^2", constraints: ["x + y = 2", "x >= 0.5"], x: [1, 1], mu: [0], lambda: [-2]),
            // SLSQP: [0.314923056491555, 0.6850769435084461], [1.370153895111376]
            Case(f: "exp(x) + y^2", constraints: ["x + y >= 1"], x: [0.314923056491555, 0.6850769435084461],
                 mu: [1.370153895111376], lambda: []),
            // SLSQP: [1.9999999978147138, 1.0000000021852897], [2.0000000000000018, 0.0, 0.0]
            Case(f: "(x-3)^2 + (y-2)^2", constraints: ["x + y <= 3", "x - 2*y <= 1", "x >= 0"], x: [2, 1], mu: [2, 0, 0],
                 lambda: []),
            // SLSQP: [0.6, 0.4], [1.4000000208616257, -0.20000001043081286]
            Case(f: "x^2 + 2*y^2", constraints: ["x + y = 1", "x - y = 0.2"], x: [0.6, 0.4], mu: [], lambda: [-1.4, 0.2]),
            // SLSQP: [0.8571428586232619, 0.928571429311631], [0.642857138594386, 0.0, 0.0]
            Case(f: "(x-1)^2 + (y-2)^2 + x*y", constraints: ["x^2 + y^2 <= 2", "y >= 0", "x - 2*y = -1"],
                 x: [0.8571428586232619, 0.928571429311631], mu: [0, 0], lambda: [-0.642857138594386]),
        ]
        for c in cases {
            let text = try report(c.f, c.constraints).json.text()
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let x = try #require(object["x"] as? [Double]), mu = try #require(object["mu"] as? [Double])
            let lambda = try #require(object["lambda"] as? [Double]), gap = try #require(object["gap"] as? Double)
            #expect(zip(x, c.x).allSatisfy { abs($0 - $1) < 1e-6 }, "\(c.f): x \(x)")
            #expect(mu.count == c.mu.count && zip(mu, c.mu).allSatisfy { abs($0 - $1) < 1e-5 }, "\(c.f): mu \(mu)")
            #expect(lambda.count == c.lambda.count && zip(lambda, c.lambda).allSatisfy { abs($0 - $1) < 1e-5 }, "\(c.f): lambda \(lambda)")
            #expect(abs(gap) < 1e-6, "\(c.f): gap \(gap)")
        }
    }

    /// A linear program: its Lagrangian at μ* is constant in x, which far out wobbles only by
    /// rounding (not "unbounded"); the dual closes the gap. scipy.optimize.linprog([1, 2],
    /// A_ub=[[-1, 0], [0, -1], [-1, -1]], b_ub=[0, 0, -1], bounds=[(None, None)] * 2): x = (1, 0),
    /// f = 1, ineqlin.marginals (0, -1, -1) (its sign: ∂f/∂b_ub, so μ = -marginal).
    @Test func aLinearProgramAndAFlatMinimum() throws {
        let text = try report("x + 2*y", ["x >= 0", "y >= 0", "x + y >= 1"]).json.text()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["x"] as? [Double] == [1, 0] && object["mu"] as? [Double] == [0, 1, 1], "\(text)")
        #expect((object["gap"] as? Double).map { abs($0) < 1e-6 } == true, "\(text)")
        // x + y is least on the whole line x + y = 1: a minimum (not unbounded), not strict.
        let flat = try report("x + y", ["x + y >= 1"]).json.text()
        #expect(flat.contains("\"f\": 1,") && flat.contains("\"sufficient\": false"), "\(flat)")
    }

    /// x² - y² = (x - y)(x + y) is 0 on the whole line x + y = 0: a minimum (not strict), not
    /// "unbounded below" (main said f = -0.999878 at (-500014, 500014): a point 7e-7 off the line,
    /// feasible within the tolerance, where that slack is worth -1 of f). SLSQP from (0, 0):
    /// x = [0, 0], f = 0. The Lagrangian dual is -∞ for every λ (the -y² direction), so the gap
    /// is open.
    @Test func aFunctionConstantOnTheFeasibleLineIsNotUnbounded() throws {
        let text = try report("x^2 - y^2", ["x + y = 0"]).text
        #expect(text.contains("x* = (0, 0), f(x*) = 0\n"), "\(text)")
        #expect(text.contains("second order: necessary yes, sufficient no"), "\(text)")
        #expect(refusal("x^2 - y^2", ["x + y >= 1"]).hasPrefix("calc kkt: f is unbounded below"))
    }

    @Test func aNonConvexProblemKeepsItsGap() throws {
        // The double well on -½ ≤ x ≤ ½: p* = 9/16, d* = 0 (KKTSolverTests derives it).
        let text = try report("(x^2 - 1)^2 + y^2", ["x <= 0.5", "-x <= 0.5"]).json.text()
        #expect(text.contains("\"f\": 0.5625,"), "\(text)")
        #expect(text.contains("\"gap\": 0.5625"), "\(text)")
        #expect(text.contains("\"active\": [true, false]"), "\(text)")
    }

    @Test func problemsWithoutAnAnswerAreRefused() {
        #expect(refusal("x + y", ["y >= 0"]).hasPrefix("calc kkt: f is unbounded below on the feasible set: f = -10000 at (-10000, "))
        #expect(refusal("x^2 + y^2", ["x^2 + y^2 <= -1"])
            == "calc kkt: no point satisfies every constraint: the least violation found is 1 at (0, 0) ('x^2 + y^2 <= -1')")
        #expect(refusal("sqrt(x^2 + y^2)", ["x + y >= -1"], start: "0.5,0.5")
            == "calc kkt: f is not differentiable at the answer (0, 0): its slope along x is -1 from the left and 1 from the right")
        #expect(refusal("log(x) + y^2", [])
            == "calc kkt: f is undefined at the start (0, 0): give another start")
        #expect(refusal("x", ["x <= 2*"]) == "--subject-to 'x <= 2*': expected a number, x, y, a function or '(' but the text ended (column 8)")
        #expect(refusal("x^2", ["x >= 0", "y >= 0", "x <= 1", "y <= 1"]) == "--subject-to: at most 3 constraints (got 4)")
        #expect(refusal("x +", []) == "--f: expected a number, x, y, a function or '(' but the text ended (column 4)")
        #expect(refusal("x^2", [], start: "1") == "--start needs two numbers x,y (got 1)")
    }
}
