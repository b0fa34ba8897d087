import Foundation

/// The notes' VC bound on the test error of a classifier with VC dimension h trained on N
/// points: with probability at least 1 - δ,
///
///     R ≤ R_emp + √((h (ln(2N/h) + 1) - ln(δ/4)) / N).
///
/// The square root bounds the gap R - R_emp for every classifier of the family at once, so it
/// is loose for the one a run actually finds: the measured gap is usually far below it.
public enum VCBound {
    /// The confidence term √((h (ln(2N/h) + 1) - ln(δ/4)) / N); NaN unless h, N > 0 and δ in (0, 1).
    public static func confidence(dimension h: Double, samples n: Double, delta: Double) -> Double {
        guard h > 0, n > 0, delta > 0, delta < 1 else { return .nan }
        let inside = (h * (log(2 * n / h) + 1) - log(delta / 4)) / n
        return inside > 0 ? inside.squareRoot() : 0
    }

    /// R_emp + the confidence term: the bound on the test error.
    public static func testErrorBound(trainError: Double, dimension h: Double, samples n: Double, delta: Double) -> Double {
        trainError + confidence(dimension: h, samples: n, delta: delta)
    }

    /// The VC dimension used for a model: d + 1 for a linear classifier on d inputs (exact),
    /// and the number of parameters for others (only an order of magnitude: a network's VC
    /// dimension grows like W log W or faster).
    public static func dimension(of network: Network, kind: ModelSettings.Kind) -> (value: Int, exact: Bool) {
        let d = network.sizes[0]
        if kind != .mlp && network.outputCount == 1 { return (d + 1, true) }
        return (network.parameters.count, false)
    }
}

extension PrecisionRecallCurve {
    /// One curve per class, class c against the rest with its softmax probability as the score
    /// (scikit-learn's `average_precision_score(Y_onehot[:, c], P[:, c])`); `logits` in the
    /// network's layout (k per point).
    public static func perClass(logits: [Double], classes k: Int, labels: [Int]) -> [PrecisionRecallCurve] {
        let n = labels.count
        guard k >= 2, logits.count == n * k else { return [] }
        let probabilities = (0..<n).map { Logistic.softmax(Array(logits[($0 * k)..<($0 * k + k)])) }
        return (0..<k).map { c in
            PrecisionRecallCurve(scores: probabilities.map { $0[c] }, positives: labels.map { $0 == c })
        }
    }

    /// The mean of the classes' average precisions (mAP; NaN when a class has no positives).
    public static func meanAveragePrecision(_ curves: [PrecisionRecallCurve]) -> Double {
        curves.isEmpty ? .nan : curves.map(\.averagePrecision).reduce(0, +) / Double(curves.count)
    }
}
