import Foundation

/// Mean and variance of a stream, one value at a time (Welford: no catastrophic cancellation).
public struct RunningStatistics: Sendable, Codable, Equatable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    private var sumOfSquaredDeviations = 0.0

    public init() {}

    public mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (x - mean)
    }

    /// The unbiased sample variance (0 before two values).
    public var variance: Double { count > 1 ? sumOfSquaredDeviations / Double(count - 1) : 0 }
    /// The standard error of the mean, √(variance / n).
    public var standardError: Double { count > 1 ? (variance / Double(count)).squareRoot() : .infinity }
}

/// Estimating a small probability, P(X > a) for X ~ N(0, 1), two ways (seed 004, importance
/// sampling):
/// - plain Monte Carlo: draw X ~ N(0, 1), average the indicator 1[X > a];
/// - importance sampling: draw Y ~ N(μ, 1) from a proposal shifted into the rare region and
///   average 1[Y > a] · p(Y) / q(Y), where p(y)/q(y) = exp(μ²/2 - μ y).
/// Both are unbiased; with μ near a the second has far smaller variance.
public struct RareEventEstimate: Sendable, Codable, Equatable {
    public var threshold: Double
    public var proposalMean: Double
    public private(set) var plain = RunningStatistics()
    public private(set) var importance = RunningStatistics()

    public init(threshold: Double = 3, proposalMean: Double = 3) {
        self.threshold = threshold
        self.proposalMean = proposalMean
    }

    /// The exact value, 1 - Φ(a) = erfc(a / √2) / 2.
    public var exact: Double { erfc(threshold / 2.0.squareRoot()) / 2 }

    /// The likelihood ratio p(y) / q(y) of N(0, 1) to N(μ, 1).
    public func weight(_ y: Double) -> Double { exp(proposalMean * proposalMean / 2 - proposalMean * y) }

    /// One draw for each estimator.
    public mutating func sample(using random: inout SeededRandom) {
        let x = random.gaussian()
        plain.add(x > threshold ? 1 : 0)
        let y = random.gaussian(mean: proposalMean, standardDeviation: 1)
        importance.add(y > threshold ? weight(y) : 0)
    }
}
