import Foundation
import SimulationCore
import Testing

struct ExpressionTests {
    func value(_ text: String, _ x: Double = 0, _ y: Double = 0) throws -> Double {
        try Expression.parse(text).value(x: x, y: y)
    }

    @Test func precedenceAndAssociativity() throws {
        #expect(try value("2^3^2") == 512)
        #expect(try value("-2^2") == -4)
        #expect(try value("1-2-3") == -4)
        #expect(try value("8/4/2") == 1)
        #expect(try value("2+3*4") == 14)
        #expect(try value("(2+3)*4") == 20)
        #expect(try value("2*-3") == -6)
        #expect(try value("x^2 + y", 3, 1) == 10)
        #expect(try value("-x^2", 3) == -9)
        #expect(try value("(-2)^3") == -8)
        #expect(try value("1e-3*1000") == 1)
        #expect(try value("pi") == Double.pi && value("e") == M_E)
        #expect(try value("2*x1 + x2^2", 2, 1) == 5)
    }

    @Test func errorsPointAtTheColumn() {
        func error(_ text: String) -> String {
            do { _ = try Expression.parse(text); return "parsed" } catch { return "\(error)" }
        }
        #expect(error("x +") == "expected a number, x, y, a function or '(' but the text ended at column 4")
        #expect(error("(x") == "expected ')' to close the '(' at column 1 at column 3")
        #expect(error("sinn(x)") == "unknown name 'sinn' (known: sin, cos, tan, exp, log, sqrt, abs, tanh, x, y, pi, e) at column 1")
        #expect(error("x $ y") == "unexpected '$' at column 3")
        #expect(error("") == "empty expression at column 1")
        #expect(error("2 3") == "unexpected '3' at column 3")
        #expect(error("2x") == "write '*' between '2' and 'x' (no implicit multiplication) at column 2")
        #expect(error("sin x") == "expected '(' after sin at column 5")
    }

    /// Size and nesting are bounded (a 50,000-term sum or 20,000 nested parentheses overflowed
    /// the stack): one clear error instead.
    @Test func hugeOrDeepFormulasAreRefused() throws {
        func error(_ text: String) -> String {
            do { _ = try Expression.parse(text); return "parsed" } catch { return "\(error)" }
        }
        #expect(error(Array(repeating: "x", count: 1001).joined(separator: "+"))
                == "the formula is 2001 characters long; at most 2000 are taken at column 2001")
        #expect(error(String(repeating: "(", count: 101) + "x" + String(repeating: ")", count: 101))
                == "nested more than 100 deep (parentheses, signs or powers) at column 101")
        #expect(error(String(repeating: "-", count: 150) + "x") == "nested more than 100 deep (parentheses, signs or powers) at column 101")
        #expect(error(String(repeating: "sin(", count: 101) + "x" + String(repeating: ")", count: 101)).hasPrefix("nested more than 100"))
        // Within the bounds: the longest sum and the deepest nesting evaluate.
        let longest = Array(repeating: "x", count: 1000).joined(separator: "+")
        #expect(try Expression.parse(longest).gradient(x: 1, y: 2) == (1000, 0))
        #expect(try Expression.parse(String(repeating: "(", count: 100) + "x" + String(repeating: ")", count: 100)).value(x: 3, y: 0) == 3)
    }

    /// The seed's Jacobian: f = (2x1 + x2², -x1² + 3x2, 4x1x2) at (2, 1) is [[2, 2], [-4, 3], [4, 8]].
    @Test func theSeedJacobian() throws {
        let functions = try Expression.parseList("2*x1 + x2^2, -x1^2 + 3*x2, 4*x1*x2")
        let rows = functions.map { f -> [Double] in let g = f.gradient(x: 2, y: 1); return [g.0, g.1] }
        #expect(rows == [[2, 2], [-4, 3], [4, 8]])
    }

    @Test func rosenbrockDerivativesAreExact() throws {
        let f = try Expression.parse("(1-x)^2 + 100*(y-x^2)^2")
        for (x, y) in [(-2.0, 2.0), (1.0, 1.0), (0.3, -0.7), (-1.0, 2.0)] {
            // Exact up to rounding (the tree sums in its own order).
            func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-14 * max(1, abs(b)) }
            let g = f.gradient(x: x, y: y)
            #expect(close(g.0, -2 * (1 - x) - 400 * x * (y - x * x)))
            #expect(close(g.1, 200 * (y - x * x)))
            let h = f.hessian(x: x, y: y)
            let expected = [[2 - 400 * (y - 3 * x * x), -400 * x], [-400 * x, 200]]
            #expect(zip(h.joined(), expected.joined()).allSatisfy { close($0, $1) })
            #expect(f.value(x: x, y: y) == Surface.rosenbrock.value(Vec2(x, y)))
        }
    }

    /// Every function's derivative, and random expressions, against central differences.
    @Test func derivativesMatchFiniteDifferences() throws {
        var random = SeededRandom(seed: 9)
        let atoms = ["x", "y", "0.5", "2", "(x*y)", "(x-y)"]
        let unary = ["sin", "cos", "tan", "exp", "tanh", "sqrt", "log", "abs"]
        for _ in 0..<150 {
            // A random expression of a few operations.
            var text = atoms[random.int(below: atoms.count)]
            for _ in 0..<(1 + random.int(below: 4)) {
                let other = atoms[random.int(below: atoms.count)]
                switch random.int(below: 6) {
                case 0: text = "(\(text) + \(other))"
                case 1: text = "(\(text) * \(other))"
                case 2: text = "(\(text) - \(other))"
                case 3: text = "(\(text))^2"
                case 4: text = "(\(text) / (1 + (\(other))^2))"
                default: text = unary[random.int(below: unary.count)] + "(\(text))"
                }
            }
            let f = try Expression.parse(text)
            let x = random.uniform(0.2...1.2), y = random.uniform(0.2...1.2)
            let value = f.value(x: x, y: y)
            guard value.isFinite, abs(value) < 1e6 else { continue }
            let h = 1e-6
            let numeric = ((f.value(x: x + h, y: y) - f.value(x: x - h, y: y)) / (2 * h),
                           (f.value(x: x, y: y + h) - f.value(x: x, y: y - h)) / (2 * h))
            let exact = f.gradient(x: x, y: y)
            guard numeric.0.isFinite, numeric.1.isFinite, abs(numeric.0) < 1e4, abs(numeric.1) < 1e4 else { continue }
            for (a, n) in [(exact.0, numeric.0), (exact.1, numeric.1)] {
                #expect(abs(a - n) <= 1e-6 * max(1, abs(a)), "\(text) at (\(x), \(y)): \(a) vs \(n)")
            }
            let hessian = f.hessian(x: x, y: y)
            let gPlus = f.gradient(x: x + h, y: y), gMinus = f.gradient(x: x - h, y: y)
            let fxx = (gPlus.0 - gMinus.0) / (2 * h), fxy = (gPlus.1 - gMinus.1) / (2 * h)
            if abs(fxx) < 1e4 { #expect(abs(hessian[0][0] - fxx) <= 1e-5 * max(1, abs(fxx)), "\(text) f_xx") }
            if abs(fxy) < 1e4 { #expect(abs(hessian[0][1] - fxy) <= 1e-5 * max(1, abs(fxy)), "\(text) f_xy") }
        }
    }

    /// A constant exponent however written (-2, (-2), (1+1)) and whole powers above 64 are
    /// defined for a negative base, derivatives included (they went through exp(p log b) = NaN).
    @Test func constantPowersOfNegativeBases() throws {
        func derivatives(_ text: String, _ x: Double, _ y: Double) throws -> [Double] {
            let f = try Expression.parse(text), g = f.gradient(x: x, y: y), h = f.hessian(x: x, y: y)
            return [f.value(x: x, y: y), g.0, g.1, h[0][0], h[0][1], h[1][1]]
        }
        // x^-2 at -2: 1/4, -2x^-3 = 1/4, 6x^-4 = 3/8.
        for text in ["x^-2", "x^(-2)", "x^(0-2)", "1/x^2"] {
            #expect(try derivatives(text, -2, 1) == [0.25, 0.25, 0, 0.375, 0, 0], "\(text)")
        }
        #expect(try derivatives("x^(1+1)", -2, 1) == [4, -4, 0, 2, 0, 0])
        #expect(try derivatives("x^2*y^-1", 1, -2) == [-0.5, -1, -0.25, -1, -0.5, -0.25])
        // x^65 at -1.01: 65 x^64 and 65·64 x^63, as pow gives them.
        let big = try derivatives("x^65", -1.01, 1)
        #expect(big[0] == pow(-1.01, 65) && big[1] == 65 * pow(-1.01, 64) && big[3] == 65 * 64 * pow(-1.01, 63))
        // A fractional power of a negative base stays undefined.
        let root = try derivatives("x^0.5", -1, 1)
        #expect(root[0].isNaN && root[1].isNaN && root[3].isNaN)
    }

    /// A variable a term does not depend on keeps derivative 0 even when that term's own
    /// derivative is infinite (0·∞ is not NaN here), as PyTorch's autograd gives.
    @Test func infiniteSlopesStayWithTheirVariable() throws {
        func gradient(_ text: String, _ x: Double, _ y: Double) throws -> [Double] {
            let g = try Expression.parse(text).gradient(x: x, y: y)
            return [g.0, g.1]
        }
        #expect(try gradient("x + sqrt(0)", 1, 2) == [1, 0])
        #expect(try gradient("x*y + 0^0.5", 1, 2) == [2, 1])
        #expect(try gradient("sqrt(y) + x", 1, 0) == [1, .infinity])
        #expect(try gradient("log(y) + x", 1, 0) == [1, .infinity])
        #expect(try gradient("1/x", 0, 1) == [-.infinity, 0])
        #expect(try Expression.parse("sqrt(x)").hessian(x: 0, y: 1) == [[-.infinity, 0], [0, 0]])
        #expect(try Expression.parse("x^-2").hessian(x: 0, y: 1) == [[.infinity, 0], [0, 0]])
        // Where the product rule really meets 0·∞ it stays undefined, as in PyTorch.
        #expect(try gradient("x*sqrt(x)", 0, 1)[0].isNaN)
        #expect(try gradient("cos(sqrt(x))", 0, 1)[0].isNaN)
    }
}
