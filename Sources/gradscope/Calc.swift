import App
import ArgumentParser
import Foundation

/// `gradscope calc ...`: the numbers behind a lab, printed without a terminal.
struct Calc: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute and print the numbers behind a lab",
        subcommands: [CalcLinear.self]
    )
}

/// `gradscope calc linear --matrix "a,b;c,d" [--vector "x1,..."] [--json]`.
struct CalcLinear: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linear",
        abstract: "Determinant, rank, SVD, eigenvalues, inverse and norms of a matrix (up to 8x8).",
        discussion: """
        Example: gradscope calc linear --matrix "2,1;6,4" --vector "1,-1" --json
        2x2 matrices use the closed forms of the 2x2 labs (Vt a rotation, any reflection in U).
        """
    )

    @Option(parsing: .unconditional, help: "The matrix: rows separated by ';', entries by ',' (e.g. \"2,1;6,4\"; at most 8x8).")
    var matrix: String

    @Option(parsing: .unconditional, help: "A vector x with one entry per column: also prints A x and the norms of x and A x.")
    var vector: String?

    @Flag(help: "Print JSON (non-finite numbers as \"inf\", \"-inf\", \"nan\").")
    var json = false

    func run() throws {
        let report = try LinearCalc.report(matrix: matrix, vector: vector)
        FileHandle.standardOutput.write(Data((json ? report.json.text() : report.text).utf8))
    }
}
