import Foundation
import Numerics
import SimulationCore

/// What `gradscope calc linear` prints: the same facts as JSON and as aligned text.
public struct LinearCalcReport: Sendable, Equatable {
    public var json: CalcJSON
    public var text: String
}

/// The numbers behind the linear-algebra labs for one matrix (and optionally one vector).
///
/// JSON keys, in this order (keys that do not apply are omitted):
/// `shape` [m, n]; `determinant`, `trace` (square); `rank`; `singular_values` (descending);
/// `U` (m × k), `Vt` (k × n), k = min(m, n), rows of rows; `condition_number` (σ_max/σ_min,
/// "inf" when rank-deficient); `eigenvalues` (square: [{"re", "im"}]) and `eigenvectors` (one
/// unit column vector per eigenvalue, entries {"re", "im"}); `inverse` (square and invertible)
/// or `pseudo_inverse` (otherwise); `norms` {frobenius, one, infinity, spectral}; with a vector
/// `Ax`, `vector_norms` (of A x) and `x_norms` (of x), each {l1, l2, linf}.
///
/// 2×2 matrices use the closed forms (`Matrix2.svd`, `Matrix2.eigen`) so the numbers match what
/// the 2×2 labs draw: `Vt` is a rotation and any reflection sits in `U`. Other shapes use the
/// general routines (`Matrix.svd()`, `Matrix.eigen()`).
public enum LinearCalc {
    /// Parses `--matrix` and `--vector` text (see `CalcInput`) and builds the report.
    /// - Throws: `CalcInputError` for malformed input (the command line exits with status 2).
    public static func report(matrix matrixText: String, vector vectorText: String?) throws -> LinearCalcReport {
        let rows = try CalcInput.matrix(matrixText, option: "--matrix")
        let vector = try vectorText.map { try CalcInput.vector($0, option: "--vector") }
        return try report(rows: rows, vector: vector)
    }

    /// The report for a matrix given by its rows.
    /// - Throws: `CalcInputError` when the rows are empty, ragged, larger than 8×8 or not finite,
    ///   or when the vector's length differs from the number of columns; `CalcFailure` if the
    ///   eigenvalue iteration fails to converge (not observed in practice).
    public static func report(rows: [[Double]], vector: [Double]?) throws -> LinearCalcReport {
        guard let first = rows.first, !first.isEmpty else { throw CalcInputError("--matrix is empty: give rows like \"1,2;3,4\"") }
        guard rows.allSatisfy({ $0.count == first.count }) else {
            throw CalcInputError("--matrix: rows must be equal length")
        }
        guard rows.count <= 8, first.count <= 8 else {
            throw CalcInputError("--matrix is \(rows.count)x\(first.count): at most 8x8 is supported")
        }
        guard rows.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw CalcInputError("--matrix: only finite numbers are allowed")
        }
        let a = Matrix(rows: rows)
        if let vector {
            guard vector.count == a.columns else {
                throw CalcInputError("--vector has \(vector.count) entries but the matrix has \(a.columns) columns (they must match to form A x)")
            }
            guard vector.allSatisfy(\.isFinite) else { throw CalcInputError("--vector: only finite numbers are allowed") }
        }
        let facts = try Facts(a, vector: vector)
        return LinearCalcReport(json: facts.json, text: facts.text)
    }

    /// Everything computed once, then written two ways.
    struct Facts {
        var a: Matrix
        var square: Bool
        var determinant: Double?
        var trace: Double?
        var svd: SingularValueDecomposition
        var rank: Int
        var conditionNumber: Double
        var eigen: EigenDecomposition?
        var inverse: Matrix?
        var pseudoInverse: Matrix?
        var vector: [Double]?
        var product: [Double]?

        init(_ a: Matrix, vector: [Double]?) throws {
            self.a = a
            square = a.rows == a.columns
            let small = Matrix2(a)
            svd = small.map { SingularValueDecomposition(closedForm: $0) } ?? a.svd()
            rank = svd.rank()
            conditionNumber = svd.conditionNumber
            if square {
                determinant = a.determinant
                trace = a.trace
                guard let eigen = a.eigen() else { throw CalcFailure("the eigenvalue iteration did not converge for this matrix") }
                self.eigen = eigen
                if rank == a.rows { inverse = a.inverse() }
            }
            if inverse == nil { pseudoInverse = svd.pseudoInverse() }
            self.vector = vector
            product = vector.map { a * $0 }
        }

        static func norms(_ x: [Double]) -> CalcJSON {
            .object([("l1", .number(VectorNorm.l1(x))), ("l2", .number(VectorNorm.l2(x))), ("linf", .number(VectorNorm.lInfinity(x)))])
        }

        /// The parts as stored (`Complex` reads both as NaN once either is infinite: an
        /// eigenvalue of 2e308 is `inf + 0i`, not `nan + nan i`).
        static func complex(_ z: Complex<Double>) -> CalcJSON {
            .object([("re", .number(z.rawStorage.x)), ("im", .number(z.rawStorage.y))])
        }

        var json: CalcJSON {
            var fields: [(String, CalcJSON)] = [("shape", .array([.integer(a.rows), .integer(a.columns)]))]
            if let determinant { fields.append(("determinant", .number(determinant))) }
            if let trace { fields.append(("trace", .number(trace))) }
            fields.append(("rank", .integer(rank)))
            fields.append(("singular_values", .numbers(svd.singularValues)))
            fields.append(("U", .rows(svd.U.rowArrays)))
            fields.append(("Vt", .rows(svd.Vt.rowArrays)))
            fields.append(("condition_number", .number(conditionNumber)))
            if let eigen {
                fields.append(("eigenvalues", .array(eigen.values.map(Self.complex))))
                fields.append(("eigenvectors", .array(eigen.vectors.map { .array($0.map(Self.complex)) })))
            }
            if let inverse { fields.append(("inverse", .rows(inverse.rowArrays))) }
            if let pseudoInverse { fields.append(("pseudo_inverse", .rows(pseudoInverse.rowArrays))) }
            fields.append(("norms", .object([
                ("frobenius", .number(a.frobeniusNorm)), ("one", .number(a.oneNorm)),
                ("infinity", .number(a.infinityNorm)), ("spectral", .number(svd.singularValues.first ?? 0)),
            ])))
            if let vector, let product {
                fields.append(("Ax", .numbers(product)))
                fields.append(("vector_norms", Self.norms(product)))
                fields.append(("x_norms", Self.norms(vector)))
            }
            return .object(fields)
        }

        var text: String {
            var lines: [String] = []
            lines.append("A (\(a.rows)x\(a.columns))")
            lines += LinearText.matrix(a.rowArrays)
            lines.append("")
            if let determinant { lines.append(LinearText.fact("determinant", LinearText.number(determinant))) }
            if let trace { lines.append(LinearText.fact("trace", LinearText.number(trace))) }
            lines.append(LinearText.fact("rank", "\(rank)"))
            lines.append(LinearText.fact("singular values", svd.singularValues.map(LinearText.number).joined(separator: "  ")))
            let singular = conditionNumber.isInfinite ? " (rank-deficient)" : ""
            lines.append(LinearText.fact("condition number", LinearText.number(conditionNumber) + singular))
            lines.append("")
            lines.append("SVD  A = U diag(s) Vt")
            lines.append("U")
            lines += LinearText.matrix(svd.U.rowArrays)
            lines.append("Vt")
            lines += LinearText.matrix(svd.Vt.rowArrays)
            if let eigen {
                lines.append("")
                lines.append("eigenvalues and unit eigenvectors  A v = lambda v")
                for (index, (value, vector)) in zip(eigen.values, eigen.vectors).enumerated() {
                    lines.append("  lambda\(index + 1) = \(LinearText.complex(value))")
                    lines.append("  v\(index + 1) = (" + LinearText.complexVector(vector).joined(separator: ", ") + ")")
                }
            }
            if let inverse {
                lines.append("")
                lines.append("inverse A^-1")
                lines += LinearText.matrix(inverse.rowArrays)
            }
            if let pseudoInverse {
                lines.append("")
                lines.append("pseudo-inverse A+ (Moore-Penrose)")
                lines += LinearText.matrix(pseudoInverse.rowArrays)
            }
            lines.append("")
            lines.append("norms")
            lines.append("  ||A||_F   = " + LinearText.number(a.frobeniusNorm))
            lines.append("  ||A||_1   = " + LinearText.number(a.oneNorm))
            lines.append("  ||A||_inf = " + LinearText.number(a.infinityNorm))
            lines.append("  ||A||_2   = " + LinearText.number(svd.singularValues.first ?? 0))
            if let vector, let product {
                lines.append("")
                lines.append("x = " + LinearText.vector(vector))
                lines += LinearText.norms(vector, name: "x")
                lines.append("Ax = " + LinearText.vector(product))
                lines += LinearText.norms(product, name: "Ax")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}

/// Text formatting for `calc linear`: four decimals, aligned columns, ASCII only.
enum LinearText {
    /// Four decimals (`5.0990`) for magnitudes in [1e-4, 1e7), otherwise four-decimal scientific
    /// notation; "inf", "-inf", "nan" for non-finite values; zero without a sign.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return "0.0000" }
        let magnitude = abs(x)
        if magnitude >= 1e-4 && magnitude < 1e7 { return String(format: "%.4f", x) }
        return String(format: "%.4e", x)
    }

    /// Entries negligible next to the largest one (≤ 1e-13 of it) print as zero, so rounding noise
    /// such as cos(π/2) = 6e-17 does not clutter the display; the JSON keeps every digit.
    static func cleaned(_ values: [Double]) -> [Double] {
        let largest = values.reduce(0) { Swift.max($0, abs($1)) }
        return values.map { abs($0) <= 1e-13 * largest ? 0 : $0 }
    }

    static func fact(_ label: String, _ value: String) -> String {
        label.padding(toLength: 18, withPad: " ", startingAt: 0) + value
    }

    /// `  [ 2.0000  1.0000 ]`, each column right-aligned.
    static func matrix(_ rows: [[Double]]) -> [String] {
        let all = cleaned(rows.flatMap { $0 })
        let columns = rows.first?.count ?? 0
        let cells = (0..<rows.count).map { r in (0..<columns).map { c in number(all[r * columns + c]) } }
        let widths = (0..<columns).map { c in cells.map { $0[c].count }.max() ?? 0 }
        return cells.map { row in
            "  [ " + row.enumerated().map { c, cell in
                String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ") + " ]"
        }
    }

    static func vector(_ values: [Double]) -> String {
        "(" + cleaned(values).map(number).joined(separator: ", ") + ")"
    }

    static func norms(_ x: [Double], name: String) -> [String] {
        [
            "  ||\(name)||_1   = " + number(VectorNorm.l1(x)),
            "  ||\(name)||_2   = " + number(VectorNorm.l2(x)),
            "  ||\(name)||_inf = " + number(VectorNorm.lInfinity(x)),
        ]
    }

    /// `4.8100 + 2.8719i`, `-3.0000` when real.
    static func complex(_ z: Complex<Double>) -> String {
        let (re, im) = z.rawStorage  // as stored: `real` and `imaginary` are NaN once one is infinite
        if im == 0 { return number(re) }
        let sign = im < 0 ? "-" : "+"
        return "\(number(re)) \(sign) \(number(abs(im)))i"
    }

    /// Entries of a complex vector, compact (`-0.2141+0.4794i`), negligible parts as zero.
    static func complexVector(_ v: [Complex<Double>]) -> [String] {
        let largest = v.reduce(0) { Swift.max($0, $1.length) }
        func clean(_ x: Double) -> Double { abs(x) <= 1e-13 * largest ? 0 : x }
        return v.map { z in
            let (re, im) = (clean(z.rawStorage.x), clean(z.rawStorage.y))
            if im == 0 { return number(re) }
            return number(re) + (im < 0 ? "-" : "+") + number(abs(im)) + "i"
        }
    }
}
