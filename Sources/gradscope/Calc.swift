import App
import ArgumentParser
import Foundation

/// `gradscope calc ...`: the numbers behind a lab, without a terminal.
struct Calc: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute and print the numbers behind a lab (text, or --json with stable keys).",
        subcommands: [CalcLinear.self, CalcEntropy.self, CalcSoftmax.self])
}

struct CalcEntropy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entropy",
        abstract: "Entropy and self-information of P; with --q, cross-entropy and KL both ways.",
        discussion: "Example: gradscope calc entropy --p 0.25,0.375,0.25,0.0625,0.0625   (yut: 2.0306 bits)")

    @Option(parsing: .unconditional, help: "Probabilities of P, comma-separated.")
    var p: String

    @Option(parsing: .unconditional, help: "Probabilities of Q over the same outcomes.")
    var q: String?

    @Option(parsing: .unconditional, help: "Logarithm base: 2 (bits, default), e (nats) or 10.")
    var base: String = "2"

    @Flag(help: "Rescale P and Q to sum to 1 instead of refusing them.")
    var normalize = false

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let report = try CalcInformation.entropy(
            p: try CalcInput.vector(p, option: "--p"), q: try q.map { try CalcInput.vector($0, option: "--q") },
            base: try CalcInformation.base(base), normalize: normalize)
        FileHandle.standardOutput.write(Data((json ? report.json.text() : report.text).utf8))
    }
}

struct CalcSoftmax: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "softmax",
        abstract: "Softmax of logits at a temperature: probabilities, log-probabilities, Jacobian, entropy.",
        discussion: "Example: gradscope calc softmax --logits 2,1,0.1 --temperature 0.5")

    @Option(parsing: .unconditional, help: "Logits, comma-separated (values may be negative: --logits -1,2).")
    var logits: String

    @Option(parsing: .unconditional, help: "Temperature T > 0 (default 1).")
    var temperature: Double = 1

    @Option(parsing: .unconditional, help: "Logarithm base of the entropy: 2 (default), e or 10.")
    var base: String = "2"

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let report = try CalcInformation.softmax(logits: try CalcInput.vector(logits, option: "--logits"),
                                                 temperature: temperature, base: try CalcInformation.base(base))
        FileHandle.standardOutput.write(Data((json ? report.json.text() : report.text).utf8))
    }
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
