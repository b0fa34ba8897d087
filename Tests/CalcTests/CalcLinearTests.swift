@testable import Calc
import Testing

/// `gradscope calc linear`: literal expectations. Values were checked against numpy (2×2 closed
/// forms agree with numpy.linalg.svd/eig to an ulp or two; our σ₂ = det/σ₁ is the correctly
/// rounded one where numpy's differs in the last digits).
struct CalcLinearTests {
    func report(_ rows: [[Double]], vector: [Double]? = nil) throws -> LinearCalcReport {
        try LinearCalc.report(rows: rows, vector: vector)
    }

    /// Full rank by numpy's rule (σ₂ > 2ε σ₁) means an `inverse`, however ill-conditioned: the
    /// key and the rank never disagree.
    @Test func fullRankMeansAnInverse() throws {
        let result = try report([[1, 0], [0, 1e-14]])
        let json = result.json.text()
        #expect(json.contains("\"rank\": 2,"))
        #expect(json.contains("""
          "inverse": [
            [1, 0],
            [0, 100000000000000]
          ]
        """))
        #expect(!json.contains("pseudo_inverse"))
        #expect(try report([[1, 0], [0, 1e-17]]).json.text().contains("\"pseudo_inverse\""))
    }

    /// Seed 003: [[2, 1], [6, 4]] (‖A‖_F = √57 ≈ 7.550).
    @Test func seedMatrixJSON() throws {
        #expect(try report([[2, 1], [6, 4]]).json.text() == """
        {
          "shape": [2, 2],
          "determinant": 2,
          "trace": 6,
          "rank": 2,
          "singular_values": [7.545179782593586, 0.2650698933130681],
          "U": [
            [0.29444927611626154, -0.9556671092983213],
            [0.9556671092983213, 0.29444927611626154]
          ],
          "Vt": [
            [0.83800537431979, 0.5456619765121522],
            [-0.5456619765121522, 0.83800537431979]
          ],
          "condition_number": 28.464868975829496,
          "eigenvalues": [
            {
              "re": 5.645751311064591,
              "im": 0
            },
            {
              "re": 0.3542486889354094,
              "im": 0
            }
          ],
          "eigenvectors": [
            [
              {
                "re": 0.2645215466442612,
                "im": 0
              },
              {
                "re": 0.9643797754831486,
                "im": 0
              }
            ],
            [
              {
                "re": -0.5192793014075969,
                "im": 0
              },
              {
                "re": 0.8546045911002574,
                "im": 0
              }
            ]
          ],
          "inverse": [
            [2, -0.5],
            [-3, 1]
          ],
          "norms": {
            "frobenius": 7.54983443527075,
            "one": 8,
            "infinity": 10,
            "spectral": 7.545179782593586
          }
        }

        """)
    }

    @Test func seedMatrixText() throws {
        #expect(try report([[2, 1], [6, 4]]).text == """
        A (2x2)
          [ 2.0000  1.0000 ]
          [ 6.0000  4.0000 ]

        determinant       2.0000
        trace             6.0000
        rank              2
        singular values   7.5452  0.2651
        condition number  28.4649

        SVD  A = U diag(s) Vt
        U
          [ 0.2944  -0.9557 ]
          [ 0.9557   0.2944 ]
        Vt
          [  0.8380  0.5457 ]
          [ -0.5457  0.8380 ]

        eigenvalues and unit eigenvectors  A v = lambda v
          lambda1 = 5.6458
          v1 = (0.2645, 0.9644)
          lambda2 = 0.3542
          v2 = (-0.5193, 0.8546)

        inverse A^-1
          [  2.0000  -0.5000 ]
          [ -3.0000   1.0000 ]

        norms
          ||A||_F   = 7.5498
          ||A||_1   = 8.0000
          ||A||_inf = 10.0000
          ||A||_2   = 7.5452

        """)
    }

    /// Seed 003: [[4, −3, 1, 3], [2, 0, 5, 1]] (1, 1, 1, 1) = (5, 8). Wide: no determinant, trace,
    /// eigenvalues; a pseudo-inverse instead of an inverse (numpy.linalg.pinv agrees to 1e-16).
    @Test func wideSeedMatrixWithVectorJSON() throws {
        #expect(try report([[4, -3, 1, 3], [2, 0, 5, 1]], vector: [1, 1, 1, 1]).json.text() == """
        {
          "shape": [2, 4],
          "rank": 2,
          "singular_values": [6.978118280790435, 4.038052161537584],
          "U": [
            [0.759729188682918, -0.650239617266739],
            [0.650239617266739, 0.759729188682918]
          ],
          "Vt": [
            [0.6218576147112274, -0.32661922230853657, 0.5747863698524585, 0.41980188145845915],
            [-0.2678271722199133, 0.48308411426201947, 0.7796844122362752, -0.29494162419729647]
          ],
          "condition_number": 1.7280901785412677,
          "pseudo_inverse": [
            [0.11083123425692695, 0.0075566750629723],
            [-0.11335012594458438, 0.06045340050377834],
            [-0.06297229219143581, 0.20025188916876577],
            [0.09319899244332493, -0.0163727959697733]
          ],
          "norms": {
            "frobenius": 8.06225774829855,
            "one": 6,
            "infinity": 11,
            "spectral": 6.978118280790435
          },
          "Ax": [5, 8],
          "vector_norms": {
            "l1": 13,
            "l2": 9.433981132056603,
            "linf": 8
          },
          "x_norms": {
            "l1": 4,
            "l2": 2,
            "linf": 1
          }
        }

        """)
    }

    @Test func wideSeedMatrixWithVectorText() throws {
        #expect(try report([[4, -3, 1, 3], [2, 0, 5, 1]], vector: [1, 1, 1, 1]).text == """
        A (2x4)
          [ 4.0000  -3.0000  1.0000  3.0000 ]
          [ 2.0000   0.0000  5.0000  1.0000 ]

        rank              2
        singular values   6.9781  4.0381
        condition number  1.7281

        SVD  A = U diag(s) Vt
        U
          [ 0.7597  -0.6502 ]
          [ 0.6502   0.7597 ]
        Vt
          [  0.6219  -0.3266  0.5748   0.4198 ]
          [ -0.2678   0.4831  0.7797  -0.2949 ]

        pseudo-inverse A+ (Moore-Penrose)
          [  0.1108   0.0076 ]
          [ -0.1134   0.0605 ]
          [ -0.0630   0.2003 ]
          [  0.0932  -0.0164 ]

        norms
          ||A||_F   = 8.0623
          ||A||_1   = 6.0000
          ||A||_inf = 11.0000
          ||A||_2   = 6.9781

        x = (1.0000, 1.0000, 1.0000, 1.0000)
          ||x||_1   = 4.0000
          ||x||_2   = 2.0000
          ||x||_inf = 1.0000
        Ax = (5.0000, 8.0000)
          ||Ax||_1   = 13.0000
          ||Ax||_2   = 9.4340
          ||Ax||_inf = 8.0000

        """)
    }

    /// Singular: condition number "inf", and `pseudo_inverse` (A/25) instead of `inverse`.
    @Test func singularMatrixJSON() throws {
        #expect(try report([[1, 2], [2, 4]]).json.text() == """
        {
          "shape": [2, 2],
          "determinant": 0,
          "trace": 5,
          "rank": 1,
          "singular_values": [5, 0],
          "U": [
            [0.44721359549995804, -0.8944271909999159],
            [0.8944271909999159, 0.44721359549995804]
          ],
          "Vt": [
            [0.44721359549995804, 0.8944271909999159],
            [-0.8944271909999159, 0.44721359549995804]
          ],
          "condition_number": "inf",
          "eigenvalues": [
            {
              "re": 5,
              "im": 0
            },
            {
              "re": 0,
              "im": 0
            }
          ],
          "eigenvectors": [
            [
              {
                "re": 0.4472135954999579,
                "im": 0
              },
              {
                "re": 0.8944271909999159,
                "im": 0
              }
            ],
            [
              {
                "re": 0.8944271909999159,
                "im": 0
              },
              {
                "re": -0.4472135954999579,
                "im": 0
              }
            ]
          ],
          "pseudo_inverse": [
            [0.04000000000000002, 0.08000000000000003],
            [0.08000000000000002, 0.16]
          ],
          "norms": {
            "frobenius": 5,
            "one": 6,
            "infinity": 6,
            "spectral": 5
          }
        }

        """)
    }

    /// A quarter turn: eigenvalues ±i with conjugate eigenvectors; Vt = I, U = A.
    @Test func rotationJSON() throws {
        #expect(try report([[0, -1], [1, 0]]).json.text() == """
        {
          "shape": [2, 2],
          "determinant": 1,
          "trace": 0,
          "rank": 2,
          "singular_values": [1, 1],
          "U": [
            [0, -1],
            [1, 0]
          ],
          "Vt": [
            [1, 0],
            [0, 1]
          ],
          "condition_number": 1,
          "eigenvalues": [
            {
              "re": 0,
              "im": 1
            },
            {
              "re": 0,
              "im": -1
            }
          ],
          "eigenvectors": [
            [
              {
                "re": 0.7071067811865475,
                "im": 0
              },
              {
                "re": 0,
                "im": -0.7071067811865475
              }
            ],
            [
              {
                "re": 0.7071067811865475,
                "im": 0
              },
              {
                "re": 0,
                "im": 0.7071067811865475
              }
            ]
          ],
          "inverse": [
            [0, 1],
            [-1, 0]
          ],
          "norms": {
            "frobenius": 1.4142135623730951,
            "one": 1,
            "infinity": 1,
            "spectral": 1
          }
        }

        """)
    }

    @Test func rotationText() throws {
        #expect(try report([[0, -1], [1, 0]]).text == """
        A (2x2)
          [ 0.0000  -1.0000 ]
          [ 1.0000   0.0000 ]

        determinant       1.0000
        trace             0.0000
        rank              2
        singular values   1.0000  1.0000
        condition number  1.0000

        SVD  A = U diag(s) Vt
        U
          [ 0.0000  -1.0000 ]
          [ 1.0000   0.0000 ]
        Vt
          [ 1.0000  0.0000 ]
          [ 0.0000  1.0000 ]

        eigenvalues and unit eigenvectors  A v = lambda v
          lambda1 = 0.0000 + 1.0000i
          v1 = (0.7071, 0.0000-0.7071i)
          lambda2 = 0.0000 - 1.0000i
          v2 = (0.7071, 0.0000+0.7071i)

        inverse A^-1
          [  0.0000  1.0000 ]
          [ -1.0000  0.0000 ]

        norms
          ||A||_F   = 1.4142
          ||A||_1   = 1.0000
          ||A||_inf = 1.0000
          ||A||_2   = 1.0000

        """)
    }

    /// Seed 003: ‖(3, −4, 1)‖ = 5.0990 (2-norm), 8 (1-norm), 4 (max norm).
    @Test func seedVectorNorms() throws {
        let identity: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        let result = try report(identity, vector: [3, -4, 1])
        #expect(result.text.contains("  ||x||_1   = 8.0000\n  ||x||_2   = 5.0990\n  ||x||_inf = 4.0000\n"))
        #expect(result.json.text().contains("""
          "x_norms": {
            "l1": 8,
            "l2": 5.0990195135927845,
            "linf": 4
          }
        """))
    }

    @Test func badInputIsOneLine() {
        func problem(_ rows: [[Double]], _ vector: [Double]? = nil) -> String {
            do { _ = try report(rows, vector: vector); return "accepted" } catch { return "\(error)" }
        }
        #expect(problem([[1, 2], [3, 4]], [1, 2, 3]) == "--vector has 3 entries but the matrix has 2 columns (they must match to form A x)")
        #expect(problem([]) == "--matrix is empty: give rows like \"1,2;3,4\"")
        #expect(problem([[1, 2], [3]]) == "--matrix: rows must be equal length")
        #expect(problem([[1, .nan]]) == "--matrix: only finite numbers are allowed")
        #expect(problem(Array(repeating: Array(repeating: 1, count: 9), count: 9)) == "--matrix is 9x9: at most 8x8 is supported")
        #expect(problem([[1, 2]], [1, .infinity]) == "--vector: only finite numbers are allowed")
        do {
            _ = try LinearCalc.report(matrix: "1,2;3", vector: nil)
            Issue.record("ragged matrix accepted")
        } catch {
            #expect("\(error)" == "--matrix: row 2 has 1 entries but row 1 has 2 (rows must be equal length)")
        }
    }

    @Test func textNumbers() {
        #expect(LinearText.number(5.0990195135927845) == "5.0990")
        #expect(LinearText.number(-0.0) == "0.0000")
        #expect(LinearText.number(.infinity) == "inf" && LinearText.number(-.infinity) == "-inf" && LinearText.number(.nan) == "nan")
        #expect(LinearText.number(1.5e-7) == "1.5000e-07" && LinearText.number(-2.5e12) == "-2.5000e+12")
        #expect(LinearText.matrix([[1, -10], [100, 6.123233995736766e-17]]) == ["  [   1.0000  -10.0000 ]", "  [ 100.0000    0.0000 ]"])
    }
}
