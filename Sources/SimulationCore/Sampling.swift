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

/// Inverse-transform sampling (the notes introduce importance sampling by contrast with it):
/// for U ~ U[0, 1], Y = F⁻¹(U) has the distribution with CDF F. Samples are kept as a
/// histogram over a fixed range (with counts below and above it), beside running moments.
public struct InverseTransformSampler: Sendable, Codable, Equatable {
    public enum Target: String, Sendable, Codable, CaseIterable {
        /// Rate 1: F(y) = 1 - e^(-y), F⁻¹(u) = -ln(1 - u); mean 1, variance 1.
        case exponential
        /// F(y) = σ(y), F⁻¹(u) = logit(u) = ln(u / (1 - u)); mean 0, variance π²/3.
        case logistic

        public var inverseFormula: String { self == .exponential ? "F⁻¹(u) = -ln(1 - u)" : "F⁻¹(u) = ln(u/(1-u))" }
        public var range: ClosedRange<Double> { self == .exponential ? 0...6 : -6...6 }
        public var mean: Double { self == .exponential ? 1 : 0 }
        public var variance: Double { self == .exponential ? 1 : Double.pi * Double.pi / 3 }

        public func cdf(_ y: Double) -> Double { self == .exponential ? (y < 0 ? 0 : -expm1(-y)) : Logistic.sigmoid(y) }
        public func inverseCDF(_ u: Double) -> Double { self == .exponential ? -log1p(-u) : Logistic.logit(u) }
        public func density(_ y: Double) -> Double {
            switch self {
            case .exponential: return y < 0 ? 0 : exp(-y)
            case .logistic:
                let s = Logistic.sigmoid(y)
                return s * (1 - s)
            }
        }
    }

    public static let binCount = 30
    public var target: Target
    public private(set) var counts = [Int](repeating: 0, count: InverseTransformSampler.binCount)
    public private(set) var below = 0
    public private(set) var above = 0
    public private(set) var moments = RunningStatistics()
    /// The latest (u, y) pairs, oldest first (at most 8): what the picture maps.
    public private(set) var recent: [Vec2] = []

    public init(target: Target = .exponential) { self.target = target }

    public var count: Int { moments.count }
    public var binWidth: Double { (target.range.upperBound - target.range.lowerBound) / Double(Self.binCount) }

    /// One U ~ U(0, 1) pushed through F⁻¹: u = (k + ½)·2⁻⁵³ for the generator's 53 bits k, so
    /// never 0 or 1 (where F⁻¹ is infinite).
    public mutating func sample(using random: inout SeededRandom) {
        let u = (random.nextUnit() * 0x1p53 + 0.5) * 0x1p-53
        let y = target.inverseCDF(u)
        moments.add(y)
        let range = target.range
        if y < range.lowerBound { below += 1 } else if y >= range.upperBound { above += 1 } else {
            counts[min(Self.binCount - 1, Int((y - range.lowerBound) / binWidth))] += 1
        }
        recent.append(Vec2(u, y))
        if recent.count > 8 { recent.removeFirst() }
    }

    /// The histogram as a density: count / (n · bin width) per bin.
    public var densities: [Double] {
        let n = Double(max(1, count))
        return counts.map { Double($0) / (n * binWidth) }
    }

    /// The total variation distance between the histogram and the target, ½ Σ |P̂(bin) - P(bin)|
    /// over the bins and the two tails: it falls like 1/√n.
    public var histogramDistance: Double {
        guard count > 0 else { return .nan }
        let n = Double(count), range = target.range
        var sum = 0.0
        for (k, c) in counts.enumerated() {
            let a = range.lowerBound + Double(k) * binWidth
            sum += abs(Double(c) / n - (target.cdf(a + binWidth) - target.cdf(a)))
        }
        sum += abs(Double(below) / n - target.cdf(range.lowerBound))
        sum += abs(Double(above) / n - (1 - target.cdf(range.upperBound)))
        return sum / 2
    }
}

extension InverseTransformSampler {
    /// Whether a sampler that came from outside (a checkpoint) is one sampling makes: the bins'
    /// shape, non-negative counts, finite moments and pairs, at most 8 of them.
    public var isValid: Bool {
        counts.count == Self.binCount && counts.allSatisfy { $0 >= 0 } && below >= 0 && above >= 0
            && recent.count <= 8 && recent.allSatisfy { $0.x.isFinite && $0.y.isFinite }
            && moments.count >= 0 && moments.mean.isFinite
    }
}
