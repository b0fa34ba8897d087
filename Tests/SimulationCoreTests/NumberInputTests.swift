import Foundation
import SimulationCore
import Testing

/// Numbers typed into prompts and text values: an expression each, or a refusal that says what
/// could not be read and where.
@Suite struct NumberInputTests {
    func value(_ text: String) -> Double? { try? NumberInput.value(text) }
    func refusal(_ text: String) -> String {
        do {
            let v = try NumberInput.value(text)
            return "accepted \(v)"
        } catch {
            return error.description
        }
    }

    @Test func expressionsAreTheirValues() {
        #expect(value("1/3") == 1.0 / 3.0)
        #expect(value("sqrt(2)") == 2.0.squareRoot())
        #expect(value("pi/4") == Double.pi / 4)
        #expect(value("-2.5e-3") == -0.0025)
        #expect(value("2^0.5") == pow(2, 0.5))
        #expect(value(" 7 ") == 7)
        #expect(value("-x") == nil)
        #expect(value("e") == M_E)
        #expect(value("2*-3") == -6)
        #expect(value("-2^2") == -4)
        #expect(value("1.5E+2") == 150)
    }

    @Test func aRefusalSaysWhatAndWhere() {
        #expect(refusal("abc") == "'abc': unknown name abc at column 1")
        #expect(refusal("1/(2") == "'1/(2': expected ')' to close the '(' at column 3")
        #expect(refusal("2x") == "'2x': write '*' between '2' and 'x' (no implicit multiplication) at column 2")
        #expect(refusal("x") == "'x': unknown name x at column 1")
        #expect(refusal("1/") == "'1/': expected a number, pi, e, a function or '(' but the text ended at column 3")
        #expect(refusal("1/0") == "'1/0': the value is infinite")
        #expect(refusal("sqrt(-1)") == "'sqrt(-1)': the value has no real value (NaN)")
        #expect(refusal("1 2") == "'1 2': unexpected '2' at column 3")
        #expect(refusal("1e999") == "'1e999': 1e999 is beyond the largest number (about 1.8e308) at column 1")
        #expect(refusal("0x10") == "'0x10': write '*' between '0' and 'x' (no implicit multiplication) at column 2")
        #expect(refusal("") == "empty expression at column 1")
    }

    @Test func aRefusalNeverEchoesControlCharacters() {
        #expect(refusal("1\u{1b}[2J") == "'1?[2J': unexpected '?' at column 2")
        #expect(refusal("2\u{202e}1") == "'2?1': unexpected '?' at column 2")
        let long = String(repeating: "1+", count: 40) + "q"
        #expect(refusal(long) == "'" + String(repeating: "1+", count: 15) + "1…': unknown name q at column 81")
    }

    @Test func listsTakeAnExpressionPerEntry() throws {
        #expect(try NumberInput.list("0.5, -1") == [0.5, -1])
        #expect(try NumberInput.list("1/2 sqrt(4) -3") == [0.5, 2, -3])
        #expect(try NumberInput.list("1 - 2") == [-1])
        #expect(try NumberInput.list("1 -2") == [1, -2])
        #expect(try NumberInput.list("(1 -2) 3") == [-1, 3])
        #expect(try NumberInput.list("2^ -1, pi") == [0.5, .pi])
        #expect(throws: NumberInputError(text: "1, abc", message: "unknown name abc", column: 4)) { try NumberInput.list("1, abc") }
        #expect(throws: NumberInputError(text: "1,,2", message: "unexpected ','", column: 3)) { try NumberInput.list("1,,2") }
        #expect(throws: NumberInputError(text: "1; 2", message: "unexpected ';' (numbers are separated by commas or spaces)", column: 2)) {
            try NumberInput.list("1; 2")
        }
        #expect(throws: NumberInputError(text: "1, 1/0", message: "entry 2 is infinite", column: nil)) { try NumberInput.list("1, 1/0") }
    }

    @Test func matricesTakeRowsOfExpressions() throws {
        #expect(try NumberInput.matrix("1 2; 3 4") == [[1, 2], [3, 4]])
        #expect(try NumberInput.matrix("1,2;3,4") == [[1, 2], [3, 4]])
        let c = 3.0.squareRoot() / 2
        #expect(try NumberInput.matrix("1/2, -sqrt(3)/2; sqrt(3)/2 1/2") == [[0.5, -c], [c, 0.5]])
        #expect(try NumberInput.matrix("1 -1 2; 0 pi -e") == [[1, -1, 2], [0, .pi, -M_E]])
        #expect(throws: NumberInputError(text: "1 2; 3", message: "row 2 has 1 entries but row 1 has 2", column: 7)) {
            try NumberInput.matrix("1 2; 3")
        }
        #expect(throws: NumberInputError(text: "1 2 3; 4 5; 6 7 8", message: "row 2 has 2 entries but row 1 has 3", column: 11)) {
            try NumberInput.matrix("1 2 3; 4 5; 6 7 8")
        }
        #expect(throws: NumberInputError(text: "1 2; 3 sqrt(-1)", message: "row 2, entry 2 has no real value (NaN)", column: nil)) {
            try NumberInput.matrix("1 2; 3 sqrt(-1)")
        }
        #expect(throws: NumberInputError(text: "1 2; 3 foo", message: "unknown name foo", column: 8)) { try NumberInput.matrix("1 2; 3 foo") }
    }

    @Test func formulasStillTakeVariables() throws {
        // The same parser for surfaces: x and y are names there.
        #expect(try Expression.parse("x^2 + y").value(x: 2, y: 1) == 5)
        #expect(throws: ExpressionError.self) { try Expression.parse("abc") }
    }
}
