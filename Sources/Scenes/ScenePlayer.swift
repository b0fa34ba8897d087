import Canvas
import Foundation
import SimulationCore
import SimulationEngine

/// Playing a scene: where in its timeline we are and how we move through it. Pure (no clock,
/// no engine): the run loop feeds it elapsed time and keys, and seeks the engine to
/// `position` whenever it changes.
///
/// - presenting (the default): plays until the next hold (a wait or a question beat) and waits
///   there for space; left goes back to the previous hold, exactly.
/// - auto: plays straight through, each hold lasting its time.
/// - exploring: the scene is left where it was (`exploreTime`) while the live simulation takes
///   keys; `backToScript` returns to that moment.
public struct ScenePlayer: Sendable {
    public enum Mode: Sendable, Equatable { case presenting, auto, exploring }

    public let script: SceneScript
    /// Scene time, seconds.
    public private(set) var time: Double = 0
    public private(set) var mode: Mode = .presenting
    /// Whether time is moving (presenting: between holds; auto: until the end).
    public private(set) var isPlaying = false
    /// Playback speed (scene seconds per wall second), 1/8...8.
    public private(set) var speed = 1.0
    /// Where exploring began (and where `backToScript` returns).
    public private(set) var exploreTime: Double?
    /// After `go(toStep:)`: only this many steps count at `time` (steps taking no time share
    /// their moment); cleared as soon as time moves.
    public private(set) var stepLimit: Int?
    /// The mode to return to after exploring.
    private var modeBeforeExploring: Mode = .presenting

    public init(script: SceneScript) { self.script = script }

    public var isAtEnd: Bool { time >= script.duration - SceneScript.epsilon }

    /// The engine position for the current time.
    public var position: ScriptPosition { script.position(at: time, throughStep: stepLimit) }

    /// Moves time on by `seconds` of wall time (times the speed), stopping at the next hold
    /// when presenting, and at the end.
    public mutating func advance(by seconds: Double) {
        guard isPlaying, mode != .exploring, seconds > 0 else { return }
        stepLimit = nil
        var next = time + seconds * speed
        // Presenting: stop at the first hold starting between now and then (one starting right
        // now included: after leaving a hold, the next may begin at once).
        if mode == .presenting,
           let hold = script.holds.first(where: { $0.start >= time - SceneScript.epsilon }), hold.start <= next {
            next = hold.start
            isPlaying = false
        }
        if next >= script.duration {
            next = script.duration
            isPlaying = false
        }
        time = next
    }

    /// Space / right: leave the hold and play on; while playing, jump to the next hold at once.
    /// `shown`: whether the screen shows the moment the player is at. Until it does, the
    /// heading still says "playing" (a loaded machine, a long run jumped over), so a space
    /// there is the jump the user sees, to the hold already reached: it never leaves a hold
    /// that was not yet on screen.
    public mutating func next(shown: Bool = true) {
        guard mode != .exploring else { return }
        if !shown, !isPlaying, mode == .presenting { return }
        if let limit = stepLimit {
            // Held after `g N`: play on from step N+1 (the rest of this moment first).
            stepLimit = nil
            if limit < script.scene.steps.count, script.stepTimes[limit].lowerBound <= time + SceneScript.epsilon,
               script.hold(at: time) == nil {
                isPlaying = !isAtEnd
                return
            }
        }
        if isPlaying {
            time = script.nextHold(after: time)?.start ?? script.duration
            isPlaying = mode == .auto && !isAtEnd
            return
        }
        if let hold = script.hold(at: time) { time = hold.end }
        isPlaying = !isAtEnd
    }

    /// Left: back to the previous hold (or the start), holding there.
    public mutating func previous() {
        guard mode != .exploring else { return }
        let before = script.previousHold(before: time)
        time = before?.start ?? 0
        stepLimit = before == nil ? 0 : nil
        isPlaying = false
    }

    /// `g N`: the moment step N is complete (0: the start), holding there.
    public mutating func go(toStep number: Int) {
        guard mode != .exploring else { return }
        time = script.time(afterStep: max(0, number))
        stepLimit = min(max(0, number), script.scene.steps.count)
        isPlaying = false
    }

    /// `g sN`: the start of section N (1-based), holding there.
    public mutating func go(toSection number: Int) {
        guard mode != .exploring, let section = script.sections.first(where: { $0.number == number }) else { return }
        time = section.time
        stepLimit = nil
        isPlaying = false
    }

    /// `a`: auto-advance on / off (auto plays at once).
    public mutating func toggleAuto() {
        switch mode {
        case .presenting:
            mode = .auto
            isPlaying = !isAtEnd
        case .auto:
            mode = .presenting
            isPlaying = false
        case .exploring:
            break
        }
    }

    /// `+` / `-`: playback speed x2 / x0.5, within 1/8...8.
    public mutating func changeSpeed(faster: Bool) {
        speed = min(8, max(0.125, faster ? speed * 2 : speed / 2))
    }

    /// `e`: leave the script here to explore.
    public mutating func explore() {
        guard mode != .exploring else { return }
        modeBeforeExploring = mode
        exploreTime = time
        mode = .exploring
        isPlaying = false
    }

    /// `b`: back to the script where it was left, holding.
    public mutating func backToScript() {
        guard mode == .exploring else { return }
        mode = modeBeforeExploring == .auto ? .presenting : modeBeforeExploring
        time = exploreTime ?? time
        exploreTime = nil
        isPlaying = false
    }

    /// A few words for the caption bar's heading. `catchingUp`: the engine has not yet shown
    /// the moment the player is at (after a jump on a busy machine), so no hold is claimed yet.
    public func statusText(unicode: Bool, catchingUp: Bool = false) -> String {
        let play = unicode ? "▶" : ">"
        let speedText = speed == 1 ? "" : " x" + StatusFormat.speed(speed)
        switch mode {
        case .exploring: return "exploring: keys change the lab, b back to the script"
        case .auto: return isAtEnd ? "end: ← back, q quit" : "\(play) auto\(speedText) (a stop)"
        case .presenting:
            if catchingUp { return "\(play) playing\(speedText)" }
            if isAtEnd { return unicode ? "end: ← back, q quit" : "end: left back, q quit" }
            if isPlaying { return "\(play) playing\(speedText)" }
            return unicode ? "space ▸ next  ← back  g go  e explore" : "space next  left back  g go  e explore"
        }
    }
}
