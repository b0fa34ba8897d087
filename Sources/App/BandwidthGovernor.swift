import Foundation
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
/// The intervals share the budget out (the heaviest pane slows first); a token bucket holds it.
/// The credit refills at 90 % of the budget; new pictures are let through only while the
/// credit covers the next frame, as large as the largest frame of the last seconds
/// (`expectedFrame`: it halves every 4 s unless a frame as large comes again, so a pane that
/// changes whole now and then is still expected to). So a big frame
/// (a heatmap that changed whole, 200x60 in colour) waits until the credit has grown to pay
/// for it, instead of being let through on a crumb of credit and overdrawing the bucket. The
/// credit holds at most a quarter second of budget, or the expected frame when that is larger
/// (up to 0.75 s of budget: a larger frame waits for a full bucket, never for ever). Over any
/// 5 s window from the first frame the bytes sent are then at most the bucket plus 4.5 s of
/// budget (5.25 s), plus whatever a frame costs beyond what was expected of it or beyond the
/// full bucket: within 10 % while frames stay under a second of budget (50 KB at the default;
/// the boundary pane's heatmap zoomed at 200x60, changing whole, is ~40 KB), the first
/// frame whatever its size. (The old rule, pictures while any credit is left, overdrew the
/// bucket by a whole frame: issue 20 measured up to 56-59 KB/s at 200x60 and with the
/// boundary pane focused.)
///
/// The frame that repaints a whole screen (the first, after a resize or a new layout) is paid
/// for but does not set the expected frame: the frames that follow send only what changes.
///
/// Invariants: every interval is a power of two in 1...maximumInterval; the credit is at most
/// `burst(at:)`.
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
    /// The most credit held for small frames, in seconds of budget.
    public static let burstSeconds = 0.25
    /// The most credit held for a large frame, in seconds of budget.
    public static let largestBurstSeconds = 0.75
    /// The expected frame halves in this many seconds.
    public static let expectedFrameHalfLife = 4.0
    /// Bytes that may still be sent, as of `creditTime` (seconds on the caller's clock).
    private var credit: Double
    private var creditTime: Double?
    /// The largest frame sent lately, as of `creditTime` (decaying, see `expectedFrame(at:)`).
    private var largestFrame = 0.0

    public init(budget: Double, framesPerSecond: Double) {
        self.budget = budget
        self.framesPerSecond = framesPerSecond
        credit = budget * Self.burstSeconds
    }

    /// What the next frame is expected to cost at `time`: the largest frame of the last few
    /// seconds, halving every `expectedFrameHalfLife` seconds.
    public func expectedFrame(at time: Double) -> Double {
        guard let creditTime else { return largestFrame }
        let elapsed = max(0, time - creditTime)
        return largestFrame * Self.halving(elapsed)
    }

    private static func halving(_ seconds: Double) -> Double {
        seconds <= 0 ? 1 : exp2(-seconds / expectedFrameHalfLife)
    }

    /// The most credit held at `time`, in bytes: a quarter second of budget, or the expected
    /// frame up to three quarters of a second.
    public func burst(at time: Double) -> Double {
        max(budget * Self.burstSeconds, min(expectedFrame(at: time), budget * Self.largestBurstSeconds))
    }

    /// The most credit held for small frames, in bytes.
    public var burst: Double { budget * Self.burstSeconds }

    /// The credit at `time` (seconds, never earlier than the last call's).
    public func credit(at time: Double) -> Double {
        guard let creditTime else { return credit }
        return min(burst(at: time), credit + Self.refillShare * budget * max(0, time - creditTime))
    }

    /// Whether panes may send new pictures at `time`: while the credit covers the expected frame
    /// (or is as full as it gets).
    public func allowsPictures(at time: Double) -> Bool {
        let available = credit(at: time)
        return available > 0 && available >= min(expectedFrame(at: time), burst(at: time))
    }

    /// How long from `time` until `allowsPictures` holds again (0 when it holds now): the run loop
    /// sleeps that long instead of asking again and again while the credit refills. The credit
    /// only grows and the expected frame only shrinks meanwhile, so the time the credit takes to
    /// reach today's expected frame is late enough; the first moment is found by bisection.
    public func secondsUntilPictures(at time: Double) -> Double {
        guard !allowsPictures(at: time), budget > 0 else { return 0 }
        let needed = max(1, min(expectedFrame(at: time), burst(at: time)))
        var early = 0.0, late = max(0.001, (needed - credit(at: time)) / (Self.refillShare * budget))
        for _ in 0..<20 {
            let middle = (early + late) / 2
            if allowsPictures(at: time + middle) { late = middle } else { early = middle }
        }
        return late
    }

    /// `bytes` were sent to the terminal at `time`; `repaint` says the frame painted the whole
    /// screen (the first, after a resize or a new layout): paid for, but no measure of the
    /// frames to come.
    public mutating func sent(_ bytes: Double, at time: Double, repaint: Bool = false) {
        let now = max(time, creditTime ?? time)
        let expected = expectedFrame(at: now)
        credit = credit(at: now) - bytes
        largestFrame = repaint ? expected : max(expected, bytes)
        creditTime = now
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
