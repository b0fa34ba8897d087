import Foundation
import SimulationCore

/// `gradscope calc kkt`: the constrained minimum of a typed f(x, y) under up to three
/// constraints (inequalities and equalities), its multipliers, the four KKT residuals, the
/// dual optimum and gap, and the second-order conditions — the optimizer lab's numbers.
///
/// JSON keys, in order: `x`, `f`, `mu` (one per inequality, in the order given), `lambda` (one
/// per equality), `active` (per inequality), `residuals` {`stationarity`, `primal`, `dual`,
/// `complementary`}, `dual_value`, `gap`, `second_order` {`necessary`, `sufficient`}. A problem
/// with no answer (infeasible, unbounded, not differentiable at the answer, undefined at the
/// start) is a `CalcInputError`: a message and exit status 2, never a wrong point.
public enum CalcKKT {
    public static func report(f text: String, subjectTo: [String], start startText: String?) throws -> (json: CalcJSON, text: String) {
        let surface: Surface
        do { surface = try Surface.custom(text) } catch let error as ExpressionError {
            throw CalcInputError("--f: \(error.message) (column \(error.column))")
        }
        var constraints: [Constraint] = []
        for typed in subjectTo {
            do { constraints += try Constraint.list(typed) } catch let error as ExpressionError {
                throw CalcInputError("--subject-to '\(typed)': \(error.message) (column \(error.column))")
            }
        }
        guard constraints.count <= ConstrainedProblem.maximumConstraints else {
            throw CalcInputError("--subject-to: at most \(ConstrainedProblem.maximumConstraints) constraints (got \(constraints.count))")
        }
        var start = Vec2(0, 0)
        if let startText {
            let values = try CalcInput.vector(startText, option: "--start")
            guard values.count == 2 else { throw CalcInputError("--start needs two numbers x,y (got \(values.count))") }
            guard values.allSatisfy({ abs($0) <= 1e6 }) else { throw CalcInputError("--start must be within ±1e6") }
            start = Vec2(values[0], values[1])
        }
        let problem = ConstrainedProblem(surface: surface, constraints: constraints)
        let half = 5 * max(1, abs(start.x), abs(start.y))
        let box = LagrangeDual.Box(xRange: start.x - half...start.x + half, yRange: start.y - half...start.y + half)
        let solution: KKTSolution
        switch KKTSolver.solve(problem, start: start, xRange: box.xRange, yRange: box.yRange) {
        case .success(let found): solution = found
        case .failure(let failure): throw CalcInputError("calc kkt: " + failure.description)
        }
        let dual = LagrangeDual.analyse(problem, solution: solution, box: box)
        return (json(problem, solution, dual), describe(problem, text, solution, dual))
    }

    static func json(_ problem: ConstrainedProblem, _ s: KKTSolution, _ dual: DualAnalysis) -> CalcJSON {
        let inequalities = problem.inequalityIndices, equalities = problem.equalityIndices
        let check = s.check
        return .object([
            ("x", .numbers([s.point.x, s.point.y])),
            ("f", .number(s.value)),
            ("mu", .numbers(inequalities.map { s.multipliers[$0] })),
            ("lambda", .numbers(equalities.map { s.multipliers[$0] })),
            ("active", .array(inequalities.map { .bool(s.active[$0]) })),
            ("residuals", .object([
                ("stationarity", .number(check.stationarity)), ("primal", .number(check.primal)),
                ("dual", .number(check.dual)), ("complementary", .number(check.complementarity)),
            ])),
            ("dual_value", .number(dual.value)),
            ("gap", .number(dual.gap)),
            ("second_order", .object([("necessary", .bool(s.secondOrder.necessary)),
                                      ("sufficient", .bool(s.secondOrder.sufficient))])),
        ])
    }

    static func describe(_ problem: ConstrainedProblem, _ formula: String, _ s: KKTSolution, _ dual: DualAnalysis) -> String {
        func n(_ value: Double) -> String { CalcDerivatives.format(value) }
        var out = "minimise f = \(formula)" + (problem.constraints.isEmpty ? " (no constraints)\n" : " subject to\n")
        for (index, constraint) in problem.constraints.enumerated() {
            let name = (constraint.isEquality ? "lambda" : "mu") + "\(index + 1)"
            let state = constraint.isEquality ? "" : (s.active[index] ? ", active" : ", inactive")
            out += "  \(index + 1)  \(constraint.comparison)    \(constraint.isEquality ? "h" : "g") = \(n(s.check.constraintValues[index]))"
                + state + ", \(name) = \(n(s.multipliers[index]))\n"
        }
        out += "x* = (\(n(s.point.x)), \(n(s.point.y))), f(x*) = \(n(s.value))\n"
        let c = s.check
        out += "KKT residuals: stationarity \(n(c.stationarity)), primal \(n(c.primal)), dual \(n(c.dual)), "
            + "complementary \(n(c.complementarity))\n"
        let closed = abs(dual.gap) <= 1e-6 * (1 + abs(dual.primalValue))
        out += "dual: d* = \(n(dual.value)), gap p* - d* = \(n(dual.gap))" + (closed ? " (closed)\n" : " (open)\n")
        out += "second order: necessary " + (s.secondOrder.necessary ? "yes" : "no") + ", sufficient "
            + (s.secondOrder.sufficient ? "yes" : "no") + "\n"
        return out
    }
}
