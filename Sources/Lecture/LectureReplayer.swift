import Dispatch
import SimulationCore
import SimulationEngine
import Synchronization

/// Brings a follower's engine to the lecture's moment (`LectureMirror.Target`) on a queue of its
/// own, a slice of about 15 ms at a time, so the frame loop never waits, every slice is
/// published as it is done (catching up is seen), and a newer target replaces an older one
/// between slices.
///
/// Invariants: every engine call of a follower (replaying, restoring, starting and stopping its
/// clock to explore) happens on the queue, in the order asked, so the engine's clock never runs
/// while it is replayed; while exploring nothing is replayed.
public final class LectureReplayer: Sendable {
    public let engine: SimulationEngine
    private struct Work: Sendable {
        var target: LectureMirror.Target?
        var following = true
        var scheduled = false
    }
    /// How far the engine is (queue only): the base it was made from, entries and tick reached.
    private struct Progress: Sendable {
        var generation: UInt64?
        var applied = 0
        var steps = 16
    }
    private let work = Mutex(Work())
    private let progress = Mutex(Progress())
    private let queue = DispatchQueue(label: "gradscope.lecture-follow", qos: .userInitiated)

    public init(engine: SimulationEngine) { self.engine = engine }

    /// Works towards `target` from now on.
    public func follow(_ target: LectureMirror.Target) {
        let start = work.withLock { work -> Bool in
            work.target = target
            guard work.following, !work.scheduled else { return false }
            work.scheduled = true
            return true
        }
        if start { queue.async { self.drain() } }
    }

    /// The engine runs on its own from where it is (after the slice under way).
    public func explore() {
        work.withLock { $0.following = false }
        queue.async { [engine] in
            engine.send(.resume)
            engine.start()
        }
    }

    /// Back to the lecture: the engine is made again from the target's base and replayed.
    public func rejoin(_ target: LectureMirror.Target?) {
        work.withLock { work in
            work.following = true
            if let target { work.target = target }
            work.scheduled = true
        }
        queue.async {
            self.engine.stop()
            self.progress.withLock { $0.generation = nil }
            self.drain()
        }
    }

    /// Whether the engine has reached the latest target.
    public var isCaughtUp: Bool { work.withLock { $0.target == nil } }

    /// Slices until the target is reached (or replaced by exploring).
    private func drain() {
        while let target = work.withLock({ work -> LectureMirror.Target? in
            guard work.following, let target = work.target else {
                work.scheduled = false
                return nil
            }
            return target
        }) {
            if slice(towards: target) {
                // Reached: done unless a newer target arrived meanwhile.
                let finished = work.withLock { work -> Bool in
                    guard let latest = work.target, latest.generation == target.generation,
                          latest.entries.count == target.entries.count, latest.tick == target.tick else { return false }
                    work.target = nil
                    work.scheduled = false
                    return true
                }
                if finished { return }
            }
        }
    }

    /// One slice of replay towards `target`; returns whether the target is reached.
    private func slice(towards target: LectureMirror.Target) -> Bool {
        var state = progress.withLock { $0 }
        if state.generation != target.generation {
            if let checkpoint = target.base.checkpoint { engine.restore(checkpoint) } else { engine.restart() }
            state.generation = target.generation
            state.applied = target.base.logCount
        }
        let remaining = target.entries.dropFirst(state.applied - target.base.logCount)
        let tick = engine.status.tick
        guard !remaining.isEmpty || tick < target.tick else {
            progress.withLock { $0 = state }
            return true
        }
        // At most `steps` steps and 64 entries; a cut list stops the clock at its next entry.
        var end = min(target.tick, tick + UInt64(state.steps))
        let entries = Array(remaining.prefix { $0.tick <= end }.prefix(64))
        if entries.count == 64, let next = remaining.dropFirst(64).first { end = min(end, next.tick) }
        guard !entries.isEmpty || end > tick else {
            // Nothing this slice can do (entries past the moment: the mirror refuses those).
            progress.withLock { $0 = state }
            return true
        }
        let clock = ContinuousClock(), began = clock.now
        engine.apply(log: entries, through: end)
        let elapsed = clock.now - began
        state.applied += entries.count
        if elapsed < .milliseconds(5) { state.steps = min(state.steps * 2, 4096) }
        if elapsed > .milliseconds(20) { state.steps = max(state.steps / 2, 1) }
        progress.withLock { $0 = state }
        return false
    }
}
