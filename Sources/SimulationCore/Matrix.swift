/// A small dense real matrix, stored row-major.
///
/// Invariants: `rows ≥ 0`, `columns ≥ 0`, `elements.count == rows · columns`, and entry (i, j) is
/// `elements[i · columns + j]`. Products check their shapes with preconditions: a shape mismatch
/// is a programming error, not a runtime condition.
public struct Matrix: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    public let rows: Int
    public let columns: Int
    public private(set) var elements: [Double]

    /// A `rows × columns` matrix from its row-major `elements`.
    /// - Precondition: `elements.count == rows · columns`.
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        precondition(elements.count == rows * columns,
                     "Matrix \(rows)x\(columns) needs \(rows * columns) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A `rows × columns` matrix with every entry `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns, elements: Array(repeating: value, count: rows * columns))
    }

    /// A matrix from its rows.
    /// - Precondition: every row has the same length.
    public init(rows rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "Matrix rows must have equal lengths")
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
    }

    /// The `n × n` identity: `Iᵢⱼ = 1` if `i = j`, else 0.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// Entry (i, j).
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            return elements[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            elements[row * columns + column] = newValue
        }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] {
        Array(elements[(i * columns)..<((i + 1) * columns)])
    }

    /// The rows, as `init(rows:)` takes them.
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// `Aᵀ`, with `(Aᵀ)ᵢⱼ = Aⱼᵢ`.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { t[j, i] = self[i, j] }
        }
        return t
    }

    /// `(AB)ᵢⱼ = Σₖ AᵢₖBₖⱼ`.
    /// - Precondition: `A.columns == B.rows`.
    public static func * (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.columns == b.rows, "Cannot multiply \(a.rows)x\(a.columns) by \(b.rows)x\(b.columns)")
        var product = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows {
            for k in 0..<a.columns {
                let aik = a.elements[i * a.columns + k]
                for j in 0..<b.columns {
                    product.elements[i * b.columns + j] += aik * b.elements[k * b.columns + j]
                }
            }
        }
        return product
    }

    /// `(Ax)ᵢ = Σⱼ Aᵢⱼxⱼ`.
    /// - Precondition: `x.count == A.columns`.
    public static func * (a: Matrix, x: [Double]) -> [Double] {
        precondition(a.columns == x.count, "Cannot multiply \(a.rows)x\(a.columns) by a vector of \(x.count)")
        return (0..<a.rows).map { i in
            var sum = 0.0
            for j in 0..<a.columns { sum += a.elements[i * a.columns + j] * x[j] }
            return sum
        }
    }

    /// Entry-wise sum. - Precondition: equal shapes.
    public static func + (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns, "Matrix shapes differ")
        return Matrix(rows: a.rows, columns: a.columns, elements: zip(a.elements, b.elements).map(+))
    }

    /// Entry-wise difference. - Precondition: equal shapes.
    public static func - (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns, "Matrix shapes differ")
        return Matrix(rows: a.rows, columns: a.columns, elements: zip(a.elements, b.elements).map(-))
    }

    /// `(cA)ᵢⱼ = c·Aᵢⱼ`.
    public static func * (c: Double, a: Matrix) -> Matrix {
        Matrix(rows: a.rows, columns: a.columns, elements: a.elements.map { c * $0 })
    }

    // Codable by hand so that a decoded matrix always satisfies the shape invariant.
    private enum CodingKeys: String, CodingKey { case rows, columns, elements }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode(Int.self, forKey: .rows)
        let columns = try container.decode(Int.self, forKey: .columns)
        let elements = try container.decode([Double].self, forKey: .elements)
        guard rows >= 0, columns >= 0, elements.count == rows * columns else {
            throw DecodingError.dataCorruptedError(
                forKey: .elements, in: container,
                debugDescription: "Matrix \(rows)x\(columns) needs \(max(0, rows * columns)) elements, got \(elements.count)")
        }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rows, forKey: .rows)
        try container.encode(columns, forKey: .columns)
        try container.encode(elements, forKey: .elements)
    }

    public var description: String {
        rowArrays.map { $0.map { "\($0)" }.joined(separator: " ") }.joined(separator: "\n")
    }
}
