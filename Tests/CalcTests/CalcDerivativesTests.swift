@testable import Calc
import Testing

struct CalcDerivativesTests {
    @Test func theSeedJacobian() throws {
        let report = try CalcDerivatives.report(.jacobian, functions: "2*x1 + x2^2, -x1^2 + 3*x2, 4*x1*x2", at: "2,1", check: false)
        #expect(report.json.text() == """
        {
          "value": [5, -1, 8],
          "jacobian": [
            [2, 2],
            [-4, 3],
            [4, 8]
          ]
        }

        """)
    }

    @Test func rosenbrockHessianWithACheck() throws {
        let report = try CalcDerivatives.report(.hessian, functions: "(1-x)^2 + 100*(y-x^2)^2", at: "-1,2", check: true)
        let text = report.json.text()
        // f_xx = 2 - 400(y - 3x²) = 402, f_xy = -400x = 400, f_yy = 200.
        #expect(text.contains("\"hessian\": [\n    [402, 400],\n    [400, 200]\n  ]"), "\(text)")
        #expect(text.contains("\"relative_error\""))
    }

    @Test func malformedInputSaysWhereAndWhy() {
        func problem(_ f: String, _ at: String) -> String {
            do { _ = try CalcDerivatives.report(.gradient, functions: f, at: at, check: false); return "accepted" } catch { return "\(error)" }
        }
        #expect(problem("x +", "1,2") == "--f: expected a number, x, y, a function or '(' but the text ended (column 4)")
        #expect(problem("x, y", "1,2") == "--f: unexpected ',' (column 2)")
        #expect(problem("x", "1,2,3") == "--at needs two numbers x,y (got 3)")
        #expect(problem("foo(x)", "1,2").hasPrefix("--f: unknown name 'foo'"))
    }
}
