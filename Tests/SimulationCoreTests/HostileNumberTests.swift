import Foundation
import Numerics
import SimulationCore
import Testing

/// Numbers from outside: one decimal grammar everywhere, and the extremes of the double range
/// give the true answer (or an honest infinity), never a wrong finite one.
@Suite struct DecimalTextTests {
    static let accepted: [(String, Double)] = [
        ("16", 16), ("-2.5", -2.5), ("+3", 3), (".5", 0.5), ("3.", 3), ("1e-3", 0.001), ("2.5E+4", 25_000),
        ("010", 10), ("-0", 0), ("1e308", 1e308), ("1e999", .infinity), ("1e-999", 0),
    ]
    static let refused = ["0x10", "0X10", "0x1p-3", "0o17", "0b101", "1_000", "1:30", "inf", "-inf", "nan", "NaN",
                          ".inf", "infinity", "", " 1", "1 ", "1e", "e3", ".", "+", "--1", "1.2.3", "٣", "１", "½", "1,5"]

    @Test(arguments: accepted)
    func decimalNumbersAreRead(text: String, value: Double) {
        #expect(DecimalText.double(text) == value)
    }

    @Test(arguments: refused)
    func otherFormsAreRefused(text: String) {
        #expect(DecimalText.double(text) == nil)
        #expect(DecimalText.integer(text) == nil)
        #expect(DecimalText.unsigned(text) == nil)
    }

    @Test func wholeNumbers() {
        #expect(DecimalText.integer("9223372036854775807") == Int.max)
        #expect(DecimalText.integer("-9223372036854775808") == Int.min)
        #expect(DecimalText.integer("9223372036854775808") == nil)  // beyond Int: refused, not wrapped
        #expect(DecimalText.integer("1.0") == nil && DecimalText.integer("1e3") == nil)
        #expect(DecimalText.unsigned("18446744073709551615") == UInt64.max)
        #expect(DecimalText.unsigned("9223372036854775808") == 1 << 63)
        #expect(DecimalText.unsigned("18446744073709551616") == nil)
        #expect(DecimalText.unsigned("-1") == nil && DecimalText.unsigned("-0") == nil)
    }
}

@Suite struct HostileDatasetTests {
    /// Hexadecimal and non-finite forms are not numbers in a data file either.
    @Test func hexAndInfinityAreRefused() {
        #expect(throws: DatasetError(line: 2, message: "x '0x1' is not a finite decimal number")) {
            try Dataset.csv("1,2,0\n0x1,2,1\n", seed: 1)
        }
        #expect(throws: DatasetError(line: 2, message: "label 'inf' is not a finite decimal number")) {
            try Dataset.csv("1,2,0\n1,2,inf\n", seed: 1)
        }
    }

    /// More than `maximumFilePoints` is refused at the first point too many, with its line.
    @Test func pointsAreCapped() throws {
        let rows = (0..<Dataset.maximumFilePoints).map { "\(Double($0 % 100) / 10 - 5),1,\($0 % 2)" }
        let full = try Dataset.csv("x,y,label\n" + rows.joined(separator: "\n"), seed: 1)
        #expect(full.train.count + full.test.count == 10_000)
        #expect(throws: DatasetError(line: 10_002, message: "more than 10000 points; at most 10000 are taken (use fewer)")) {
            try Dataset.csv("x,y,label\n" + (rows + ["0,0,1"]).joined(separator: "\n"), seed: 1)
        }
        let huge = String(repeating: "#\n", count: Dataset.maximumFileBytes / 2 + 1)
        #expect(throws: DatasetError(line: 1, message: "the file is 4000002 bytes; at most 4000000 are read")) {
            try Dataset.csv(huge, seed: 1)
        }
    }

    /// Old Mac line ends count as line ends; a control character stays in the message (the
    /// caller shows it as an escape).
    @Test func lineEndsAndControls() throws {
        #expect(throws: DatasetError(line: 3, message: "expected 3 fields x,y,label, found 2")) {
            try Dataset.csv("1,2,0\r-1,-2,1\r3,3\r", seed: 1)
        }
        #expect(throws: DatasetError(line: 2, message: "y '\u{1b}]52;c;QQ==\u{07}' is not a finite decimal number")) {
            try Dataset.csv("1,2,0\r\n1,\u{1b}]52;c;QQ==\u{07},1\r\n", seed: 1)
        }
    }
}

@Suite struct OverflowFreeNormalisationTests {
    /// `[1e308, 1e308]` sums to +inf in doubles; normalised it is still [0.5, 0.5].
    @Test func hugeWeights() {
        #expect(InfoTheory.normalized([1e308, 1e308]) == [0.5, 0.5])
        let unit = Double(sign: .plus, exponent: 1022, significand: 1)  // 4.5e307: 3, 1, 2 of them sum past the range
        #expect(InfoTheory.normalized([3 * unit, unit, 2 * unit]) == [0.5, 1.0 / 6.0, 1.0 / 3.0])
        #expect(InfoTheory.normalized([0, 0]) == nil)
        #expect(InfoTheory.normalized([1, 3]) == [0.25, 0.75])
        let tiniest = Double.leastNonzeroMagnitude  // 5e-324, subnormal
        #expect(InfoTheory.normalized([tiniest, tiniest]) == [0.5, 0.5])  // subnormal weights keep their ratio
    }
}

/// Rank and what follows from it do not change when a matrix is scaled by a power of ten near
/// the ends of the double range. Expected values from numpy 2.4 on the matrix scaled to entries
/// near 1 (numpy's own `matrix_rank` on the unscaled matrix says 0: its tolerance overflows).
@Suite struct ScaledDecompositionTests {
    /// `numpy.linalg.matrix_rank(A / 1e308)` = 1 and `numpy.linalg.pinv(A / 1e308)` = 0.25 in
    /// every entry (0.2499999999999997), so A⁺ = 2.5e-309 each, for A = [[1e308, 1e308],
    /// [1e308, 1e308]]; σ₁ = 2e308 overflows.
    @Test func hugeRankOneMatrix() {
        let a = Matrix(rows: [[1e308, 1e308], [1e308, 1e308]])
        for svd in [SingularValueDecomposition(closedForm: Matrix2(1e308, 1e308, 1e308, 1e308)), a.svd()] {
            #expect(svd.rank() == 1)
            #expect(svd.singularValues == [.infinity, 0])
            #expect(svd.conditionNumber == .infinity)
            let pinv = svd.pseudoInverse()
            #expect(pinv.elements.allSatisfy { abs($0 * 1e308 - 0.25) <= 1e-12 }, "\(pinv.elements)")
        }
        #expect(a.rank() == 1)
    }

    /// `numpy.linalg.svd([[1,1,0],[1,1,0],[0,0,1]])` singular values [2, 1, 0], rank 2; times 1e308
    /// they are [inf, 1e308, 0] and the rank stays 2.
    @Test func hugeRankTwoMatrix() {
        let a = Matrix(rows: [[1e308, 1e308, 0], [1e308, 1e308, 0], [0, 0, 1e308]])
        let svd = a.svd()
        #expect(svd.rank() == 2)
        #expect(svd.singularValues[0] == .infinity)
        #expect(abs(svd.singularValues[1] - 1e308) <= 1e294)
        #expect(svd.singularValues[2] <= 1e293)
    }

    /// Entries of ~1e-313 (subnormal): `numpy.linalg.matrix_rank(ldexp([[1,2],[3,4]], -1040))` = 2.
    @Test func tinyMatrix() {
        let scale = Double(sign: .plus, exponent: -1040, significand: 1)
        let a = Matrix(rows: [[1 * scale, 2 * scale], [3 * scale, 4 * scale]])
        #expect(a.rank() == 2)
        #expect(SingularValueDecomposition(closedForm: Matrix2(1 * scale, 2 * scale, 3 * scale, 4 * scale)).rank() == 2)
    }

    /// M = [[1.5, −1, 0], [1, 1.5, 1], [0, 1, 1.5]]: `numpy.linalg.inv(M)` =
    /// [[0.37037037, 0.44444444, −0.2962963], [−0.44444444, 0.66666667, −0.44444444],
    ///  [0.2962963, −0.44444444, 0.96296296]] and `numpy.linalg.det(M)` = 3.375. Times 1e308,
    /// unscaled elimination overflows (1.5e308 + 0.67e308), and numpy's inv gives zeros.
    @Test func hugeInverseAndDeterminant() throws {
        let m: [[Double]] = [[1.5, -1, 0], [1, 1.5, 1], [0, 1, 1.5]]
        let expected: [Double] = [0.37037037037037035, 0.4444444444444444, -0.2962962962962963,
                                  -0.4444444444444444, 0.6666666666666666, -0.4444444444444444,
                                  0.2962962962962963, -0.4444444444444444, 0.962962962962963]
        let huge = Matrix(rows: m.map { $0.map { $0 * 1e308 } })
        let inverse = try #require(huge.inverse())
        for (value, want) in zip(inverse.elements, expected) {
            #expect(abs(value * 1e308 - want) <= 1e-12, "\(value) vs \(want)e-308")
        }
        let power = Double(sign: .plus, exponent: 300, significand: 1)  // det(2^300 M) = 2^900 det M
        let determinant = Matrix(rows: m.map { $0.map { $0 * power } }).determinant
        #expect(abs(determinant / Double(sign: .plus, exponent: 900, significand: 1) - 3.375) <= 1e-14)
        #expect(huge.determinant == .infinity)  // 3.375e924: honestly beyond the range
    }
}
