@testable import Calc
import Testing

struct CalcOutputTests {
    @Test func jsonKeepsKeyOrderAndWritesNonFiniteAsStrings() {
        let value = CalcJSON.object([
            ("shape", .array([.integer(2), .integer(2)])),
            ("determinant", .number(-0.0)),
            ("condition_number", .number(.infinity)),
            ("U", .rows([[1, 0.5], [-1e-20, .nan]])),
            ("name", .string("a \"b\"\n")),
        ])
        #expect(value.text() == """
        {
          "shape": [2, 2],
          "determinant": 0,
          "condition_number": "inf",
          "U": [
            [1, 0.5],
            [-1e-20, "nan"]
          ],
          "name": "a \\"b\\"\\n"
        }

        """)
    }

    @Test func numbersRoundTrip() {
        for value in [0.1, 1.0 / 3, 5.0990195135927845, 7.54983443527075, -2.5e-300, 1e300] {
            #expect(Double(CalcJSON.format(value)) == value)
        }
        #expect(CalcJSON.format(-.infinity) == "\"-inf\"")
    }

    @Test func parsesMatricesAndNamesTheProblem() throws {
        #expect(try CalcInput.matrix("1,2;3,4", option: "--matrix") == [[1, 2], [3, 4]])
        #expect(try CalcInput.matrix(" -1, 2 ; 3e0,4 ", option: "--matrix") == [[-1, 2], [3, 4]])
        #expect(try CalcInput.vector("3,-4,1", option: "--vector") == [3, -4, 1])
        func problem(_ text: String) -> String {
            do { _ = try CalcInput.matrix(text, option: "--matrix"); return "accepted" } catch { return "\(error)" }
        }
        #expect(problem("1,2;3") == "--matrix: row 2 has 1 entries but row 1 has 2 (rows must be equal length)")
        #expect(problem("1,x;3,4") == "--matrix: row 1, column 2 'x' is not a number (decimal, such as 2, -0.5 or 1e-3)")
        #expect(problem("0x10,1") == "--matrix: row 1, column 1 '0x10' is not a number (decimal, such as 2, -0.5 or 1e-3)")
        #expect(problem("") == "--matrix is empty: give rows like \"1,2;3,4\"")
        #expect(problem("1,nan;3,4") == "--matrix: row 1, column 2 is nan; only finite numbers are allowed")
        #expect(problem("1,;3,4") == "--matrix: row 1, column 2 is empty")
        let nine = Array(repeating: "1,1,1,1,1,1,1,1,1", count: 2).joined(separator: ";")
        #expect(problem(nine) == "--matrix is 2x9: at most 8x8 is supported")
    }
}
