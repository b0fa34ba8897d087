import SimulationCore

/// Keeps the bytes sent to the terminal within a budget by lowering the frame rate of the
/// heaviest pane, never the whole screen.
///
/// Each frame the run loop reports how many bytes each pane's changes cost (estimated from its
/// changed cells, scaled so the panes add up to what the terminal stream really carried). The
/// governor keeps a smoothed bytes-per-second per pane; while the total exceeds the budget it
/// doubles the redraw interval of the heaviest pane (up to `maximumInterval` frames), and when
/// the total falls well below the budget it halves the interval of the most throttled one.
///
/// The intervals share the budget out (the heaviest pane slows first); a token bucket holds it:
/// new pictures are let through only while there is credit, which refills at 90 % of the budget
/// and holds at most a quarter second's worth. So over any 5 s window from the first frame the
/// bytes sent are at most 0.25 s + 4.5 s of budget plus the last frame let through (and the
/// status bar's few bytes a frame): within 10 % of the budget while a frame stays under 0.75 s
/// of it (37 KB at the default 50 KB/s; a whole 200x60 screen of braille in colour is ~25 KB).
///
/// Invariants: every interval is a power of two in 1...maximumInterval; the credit is at most
/// `burst`.
public struct BandwidthGovernor: Sendable, Equatable {
    /// Budget in bytes per second.
    public var budget: Double
    public var framesPerSecond: Double
    public static let maximumInterval = 8
    /// Redraw every Nth frame, per pane (absent = every frame).
    public private(set) var intervals: [PaneID: Int] = [:]
    /// Smoothed bytes per second per pane, as if drawn every frame.
    public private(set) var rates: [PaneID: Double] = [:]
    private var framesSinceChange = 0
    /// The share of the budget the credit refills at.
    public static let refillShare = 0.9
    /// The most credit held, in seconds of budget.
    public static let burstSeconds = 0.25
    /// Bytes that may still be sent, as of `creditTime` (seconds on the caller's clock).
    private var credit: Double
    private var creditTime: Double?

    public init(budget: Double, framesPerSecond: Double) {
        self.budget = budget
        self.framesPerSecond = framesPerSecond
        credit = budget * Self.burstSeconds
    }

    /// The most credit held, in bytes.
    public var burst: Double { budget * Self.burstSeconds }

    /// The credit at `time` (seconds, never earlier than the last call's).
    public func credit(at time: Double) -> Double {
        guard let creditTime else { return credit }
        return min(burst, credit + Self.refillShare * budget * max(0, time - creditTime))
    }

    /// Whether panes may send new pictures at `time`: while there is credit.
    public func allowsPictures(at time: Double) -> Bool { credit(at: time) > 0 }

    /// `bytes` were sent to the terminal at `time`.
    public mutating func sent(_ bytes: Double, at time: Double) {
        credit = credit(at: time) - bytes
        creditTime = max(time, creditTime ?? time)
    }

    public func interval(for pane: PaneID) -> Int { intervals[pane] ?? 1 }

    /// Whether `pane` is redrawn on frame number `frame`.
    public func shouldRedraw(_ pane: PaneID, frame: UInt64) -> Bool {
        frame % UInt64(interval(for: pane)) == 0
    }

    /// The bytes per second expected with the current intervals.
    public var expectedRate: Double {
        rates.reduce(0) { $0 + $1.value / Double(interval(for: $1.key)) }
    }

    /// Records one drawn frame: the bytes each redrawn pane cost in it.
    public mutating func record(bytesByPane: [PaneID: Double]) {
        let smoothing = 0.2
        for (pane, bytes) in bytesByPane {
            let perSecond = bytes * framesPerSecond
            rates[pane] = rates[pane].map { $0 + smoothing * (perSecond - $0) } ?? perSecond
        }
        framesSinceChange += 1
        guard framesSinceChange >= 5 else { return }  // let the average settle between changes
        if expectedRate > budget {
            let candidates = rates.filter { interval(for: $0.key) < Self.maximumInterval }
            if let heaviest = candidates.max(by: { a, b in
                a.value / Double(interval(for: a.key)) < b.value / Double(interval(for: b.key))
            }) {
                intervals[heaviest.key] = interval(for: heaviest.key) * 2
                framesSinceChange = 0
            }
        } else if let throttled = intervals.max(by: { $0.value < $1.value }), throttled.value > 1 {
            let relaxedRate = expectedRate + rates[throttled.key, default: 0] / Double(throttled.value)
            if relaxedRate < 0.8 * budget {
                intervals[throttled.key] = throttled.value / 2 == 1 ? nil : throttled.value / 2
                framesSinceChange = 0
            }
        }
    }
}
