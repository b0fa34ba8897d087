import Foundation
import SimulationCore
import Testing

@Suite struct MatrixTests {
    let a = Matrix(rows: [[1, 2, 3],
                          [4, 5, 6]])

    @Test func shapeAndRowMajorStorage() {
        #expect(a.rows == 2 && a.columns == 3)
        #expect(a.elements == [1, 2, 3, 4, 5, 6])
        #expect(a[1, 0] == 4)
        #expect(a[0, 2] == 3)
        #expect(a.row(1) == [4, 5, 6])
        #expect(a.rowArrays == [[1, 2, 3], [4, 5, 6]])
        #expect(Matrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6]) == a)
    }

    @Test func identity() {
        #expect(Matrix.identity(3) == Matrix(rows: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
        #expect(Matrix.identity(2) * a == a)
        #expect(a * Matrix.identity(3) == a)
    }

    @Test func transpose() {
        #expect(a.transposed == Matrix(rows: [[1, 4], [2, 5], [3, 6]]))
        #expect(a.transposed.transposed == a)
    }

    @Test func matrixProduct() {
        let b = Matrix(rows: [[7, 8],
                              [9, 10],
                              [11, 12]])
        // (AB)ᵢⱼ = Σₖ AᵢₖBₖⱼ: e.g. (AB)₀₀ = 1·7 + 2·9 + 3·11 = 58.
        #expect(a * b == Matrix(rows: [[58, 64], [139, 154]]))
        #expect((a * b).rows == 2 && (a * b).columns == 2)
        #expect(b * a == Matrix(rows: [[39, 54, 69], [49, 68, 87], [59, 82, 105]]))
    }

    @Test func matrixVectorProduct() {
        #expect(a * [1, 0, -1] == [-2, -2])
        #expect(a * [1, 1, 1] == [6, 15])
    }

    @Test func entryWiseOperations() {
        #expect(a + a == 2 * a)
        #expect(a - a == Matrix(rows: 2, columns: 3))
        #expect((2 * a).elements == [2, 4, 6, 8, 10, 12])
    }

    @Test func codableRoundTripAndShapeValidation() throws {
        let data = try JSONEncoder().encode(a)
        #expect(try JSONDecoder().decode(Matrix.self, from: data) == a)
        let bad = Data(#"{"rows":2,"columns":2,"elements":[1,2,3]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Matrix.self, from: bad) }
    }
}
