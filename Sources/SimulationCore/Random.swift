#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64: a 64-bit counter passed through an avalanche mix.
///
/// Used to expand one `UInt64` seed into the 256-bit state of `SeededRandom`, and to mix seeds.
/// Invariant: the state advances by the golden-ratio increment `0x9E3779B97F4A7C15` per output,
/// so every seed gives a different, reproducible sequence.
public struct SplitMix64: RandomNumberGenerator, Sendable, Codable, Equatable, Hashable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijection on `UInt64` in which every input bit affects every
    /// output bit.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The one source of randomness in Gradscope: xoshiro256** seeded through SplitMix64.
///
/// Invariants:
/// - the sequence depends only on the seed (and on the stream, for `derived(stream:)`), never on
///   the platform, the clock or the standard library's algorithms: every derived draw (`nextUnit`,
///   `uniform`, `gaussian`, `int(below:)`, `shuffle`) is defined here;
/// - the state is never all zero (SplitMix64 outputs four consecutive values of a bijection);
/// - encoding and decoding mid-stream continues the same sequence.
public struct SeededRandom: RandomNumberGenerator, Sendable, Codable, Equatable, Hashable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose state is the first four SplitMix64 outputs for `seed`.
    public init(seed: UInt64) {
        var expander = SplitMix64(seed: seed)
        s0 = expander.next()
        s1 = expander.next()
        s2 = expander.next()
        s3 = expander.next()
    }

    /// Whether this state can come from a seed (a decoded one may not): xoshiro's state is
    /// never all zero, which would stay zero for ever.
    public var isValidState: Bool { s0 | s1 | s2 | s3 != 0 }

    @inline(__always)
    private static func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// The next 64 uniformly distributed bits: `rotl(s1 * 5, 7) * 9`, then the xoshiro state step.
    public mutating func next() -> UInt64 {
        let result = Self.rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotateLeft(s3, by: 45)
        return result
    }

    /// A uniform `Double` in [0, 1): the top 53 bits of `next()` times 2⁻⁵³.
    ///
    /// Every value is a multiple of 2⁻⁵³, so the result is exactly representable and never 1.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform `Double` in `range`: `lower + (upper − lower) · u` with `u = nextUnit()`.
    ///
    /// For a degenerate range the bound itself; the upper bound is reached only through rounding.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        let u = nextUnit()
        let value = range.lowerBound + (range.upperBound - range.lowerBound) * u
        return min(value, range.upperBound)
    }

    /// A normal deviate by the Box–Muller transform:
    /// `mean + σ · √(−2 ln u₁) · cos(2π u₂)` with `u₁ ∈ (0, 1]`, `u₂ ∈ [0, 1)`.
    ///
    /// Consumes exactly two `next()` values per call (the sine partner is discarded), so the
    /// number of draws never depends on the values drawn.
    public mutating func gaussian(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        let u1 = 1 - nextUnit()  // (0, 1]: log never sees 0
        let u2 = nextUnit()
        let radius = sqrt(-2 * log(u1))
        return mean + standardDeviation * radius * cos(2 * Double.pi * u2)
    }

    /// A uniform integer in `0..<bound`, without modulo bias (Lemire's multiply-and-reject).
    ///
    /// `x · bound` is a 128-bit product whose high word is uniform in `0..<bound` once products
    /// whose low word falls below `2⁶⁴ mod bound` are rejected.
    /// - Precondition: `bound > 0`.
    public mutating func int(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "int(below:) needs a positive bound")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound  // 2⁶⁴ mod bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A uniform `Int` in `0..<bound`.
    /// - Precondition: `bound > 0`.
    public mutating func int(below bound: Int) -> Int {
        precondition(bound > 0, "int(below:) needs a positive bound")
        return Int(int(below: UInt64(bound)))
    }

    /// Fisher–Yates shuffle in place: for `i` from the last index down to 1, swap element `i` with
    /// a uniform element of `0...i`. Every permutation is equally likely.
    public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ collection: inout C) {
        let count = collection.count
        guard count > 1 else { return }
        for offset in stride(from: count - 1, to: 0, by: -1) {
            let other = int(below: offset + 1)
            let i = collection.index(collection.startIndex, offsetBy: offset)
            let j = collection.index(collection.startIndex, offsetBy: other)
            collection.swapAt(i, j)
        }
    }

    /// A shuffled copy of `sequence` (see `shuffle(_:)`).
    public mutating func shuffled<S: Sequence>(_ sequence: S) -> [S.Element] {
        var elements = Array(sequence)
        shuffle(&elements)
        return elements
    }

    /// A new generator for a sub-system, seeded from one draw of this one (which advances).
    ///
    /// Calling `split()` repeatedly gives a sequence of children that differ from each other and
    /// from the parent's continuation.
    public mutating func split() -> SeededRandom {
        SeededRandom(seed: next())
    }

    /// An independent generator for stream number `stream`, without advancing this one.
    ///
    /// The same state and stream always give the same child; different streams give unrelated
    /// children (the whole state and the stream number are folded through the SplitMix64 mixer).
    public func derived(stream: UInt64) -> SeededRandom {
        var h = SplitMix64.mix(stream &+ 0x9E37_79B9_7F4A_7C15)
        for word in [s0, s1, s2, s3] {
            h = SplitMix64.mix(h ^ word)
        }
        return SeededRandom(seed: h)
    }
}

extension PaneID {
    /// The seed this pane's simulation is created with when the whole dashboard uses `seed`.
    ///
    /// Depends only on the seed and the pane's name (FNV-1a), so adding panes never changes the
    /// seeds of existing ones, and two panes never share a random stream.
    public func seed(from seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in rawValue.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return SplitMix64.mix(seed ^ SplitMix64.mix(hash))
    }
}
