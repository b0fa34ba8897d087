import Canvas
import Foundation
import Panes
import SimulationCore
import SimulationEngine
import TerminalUI
import Labs

/// The dashboard's drawing side: when a frame is due, which panes to render again, composing
/// the screen, and the bandwidth governor and rate meter that watch what each frame cost.
///
/// Invariant: a pane is rendered again only when what it shows changed (its render key), and
/// no more often than the governor allows; a pane the governor held back is drawn in a later
/// frame (the drawer stays dirty until every pane shows its latest picture, so a paused screen
/// never keeps a stale one); an idle paused screen writes nothing.
struct FrameDrawer {
    let session: TerminalSession
    let composer: FrameComposer
    let theme: Theme
    let frameInterval: Duration
    private var governor: BandwidthGovernor
    private var meter = RateMeter()
    private let clock = ContinuousClock()
    /// The governor's clock starts here.
    private let started = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant
    /// Something changed since the last frame.
    private(set) var dirty = true
    /// What changed is the user's (a key, a resize, a caption, a notice), not only the
    /// simulation's: the frame is drawn even when the bandwidth credit is spent.
    private var urgent = true
    private var drawnVersion: UInt64 = .max
    private var frameNumber: UInt64 = 0
    private var paneGrids: [PaneID: CellGrid] = [:]
    private var renderedKeys: [PaneID: PaneRenderKey] = [:]
    /// The snapshot each pane was last rendered from: a newer one that differs only in its tick
    /// shows the same picture, so the pane is not rendered again.
    private var renderedSnapshots: [PaneID: any SimulationSnapshot] = [:]
    private var previousScreen = CellGrid(width: 0, height: 0)
    /// The engine's count of refused settings last seen: a new refusal becomes a notice.
    private var seenParameterErrors: UInt64 = 0
    private var engineRunning = true
    /// After activity stops, one last frame shows the rates falling to zero; then nothing is
    /// written until something changes.
    private var idleFrameShown = true
    /// Every pane is rendered afresh in the next frame (a new size or layout): that frame is no
    /// measure of the frames to come for the bandwidth governor.
    private var panesRedrawn = true

    init(configuration: AppConfiguration, assets: AssetLocator, session: TerminalSession, help: [String]) {
        self.session = session
        (theme, _) = assets.theme(named: configuration.themeName, tier: session.capabilities.colorTier)
        // The help overlay also lists the keys of a scene being played or a lecture being followed.
        composer = FrameComposer(theme: theme, charset: session.charset, helpText: assets.helpText().lines + [""] + help)
        governor = BandwidthGovernor(budget: configuration.maximumBandwidth, framesPerSecond: configuration.framesPerSecond)
        frameInterval = .seconds(1 / max(1, configuration.framesPerSecond))
        lastDraw = ContinuousClock.now - frameInterval
    }

    /// Every pane is rendered again in the next frame (a resize, a new layout source).
    mutating func redrawPanes() {
        renderedKeys = [:]
        panesRedrawn = true
        markChanged()
    }

    /// Something other than the simulation changed (an event, a caption, a notice).
    mutating func markChanged() {
        dirty = true
        urgent = true
    }

    /// One pane is rendered again in the next frame.
    mutating func redraw(_ pane: PaneID) {
        renderedKeys[pane] = nil
        markChanged()
    }

    /// A new engine (a scene from the menu): nothing drawn so far is reused.
    mutating func restart() {
        redrawPanes()
        paneGrids = [:]
        renderedSnapshots = [:]
        drawnVersion = .max
        seenParameterErrors = 0
    }

    /// How long to wait for input: until the next frame is due; while something moves, one frame
    /// interval; paused and idle, longer (a key still wakes the loop at once).
    /// With the bandwidth credit spent, a frame that would only carry new pictures waits for the
    /// credit (`drawIfDue` refuses it until then): the loop sleeps until the credit is due
    /// instead of waking at once, again and again (it spun at a whole core's worth of wake-ups
    /// with the boundary pane zoomed at 200x60).
    mutating func waitMilliseconds(model: DashboardModel, now: ContinuousClock.Instant) -> Int {
        if model.mode.engine.version != drawnVersion { dirty = true }
        let credit = dirty && !urgent ? governor.secondsUntilPictures(at: (now - started).seconds) : 0
        return Self.wait(dirty: dirty, sinceLastDraw: now - lastDraw, frameInterval: frameInterval,
                         engineRunning: engineRunning, secondsUntilCredit: credit)
    }

    /// The wait in whole milliseconds (rounded up: a wait under 1 ms is not 0): until the next
    /// frame is due, and no sooner than the credit a frame of new pictures needs (at most 1 s,
    /// a key still wakes the loop at once).
    static func wait(dirty: Bool, sinceLastDraw: Duration, frameInterval: Duration, engineRunning: Bool,
                     secondsUntilCredit: Double) -> Int {
        var wait: Duration = dirty ? max(.zero, frameInterval - sinceLastDraw)
            : (engineRunning ? frameInterval : .milliseconds(100))
        if dirty && secondsUntilCredit > 0 { wait = max(wait, .seconds(min(1, secondsUntilCredit))) }
        return Int(wait.milliseconds.rounded(.up))
    }

    /// The model's event for a mouse report: the wheel over the help; a press in a pane; the
    /// motion and release of a drag, for the pane that holds it (in its cells, wherever the
    /// pointer is now).
    func event(for mouse: MouseEvent, model: DashboardModel) -> DashboardEvent? {
        if model.layout.isHelpVisible && (mouse.kind == .scrollUp || mouse.kind == .scrollDown) {
            return .scroll(up: mouse.kind == .scrollUp)
        }
        let phase: PanePointer.Phase, number: Int
        switch mouse.kind {
        case .press(let button): (phase, number) = (.press, button)
        case .drag(let button): (phase, number) = (.drag, button)
        case .release(let button): (phase, number) = (.release, button)
        case .scrollUp, .scrollDown: return nil
        }
        guard let button = Self.buttons[number] else { return nil }
        if phase != .press && model.drag == nil { return nil }
        let size = session.size
        let reserved = model.mode.narration(width: size.width, height: size.height, charset: session.charset)?.rows ?? 0
        guard let placements = DashboardLayout.placements(state: model.layout, panes: model.panes, width: size.width,
                                                          height: size.height, reservedRows: reserved),
              let hit = placements.first(where: { placement in
                  phase == .press ? placement.inner.contains(x: mouse.x, y: mouse.y) : placement.pane == model.drag?.pane
              }) else { return nil }
        return .pointer(pane: hit.pane, PanePointer(phase, x: mouse.x - hit.inner.x, y: mouse.y - hit.inner.y,
                                                    width: hit.inner.width, height: hit.inner.height, button: button,
                                                    modified: !mouse.modifiers.isEmpty, charset: session.charset))
    }

    private static let buttons: [Int: PanePointer.Button] = [1: .left, 2: .middle, 3: .right]

    /// Draws a frame when one is due and something changed. Frames are paced from their start,
    /// so the time spent drawing counts towards the interval.
    mutating func drawIfDue(_ model: inout DashboardModel, now: ContinuousClock.Instant) {
        let engine = model.mode.engine
        let version = engine.version
        if version != drawnVersion { dirty = true }
        if !dirty, !idleFrameShown, now - lastDraw > .milliseconds(1100) {
            dirty = true
            idleFrameShown = true
        } else if dirty {
            idleFrameShown = false
        }
        guard dirty, now - lastDraw >= frameInterval else { return }
        // With the credit spent, a frame that would only carry new pictures (and the status
        // bar's counters) waits for it: otherwise a budget smaller than the status bar's own
        // bytes would starve every pane for good.
        let governorTime = (now - started).seconds
        let credit = governor.allowsPictures(at: governorTime)
        guard credit || urgent else { return }
        let size = session.size
        let narration = model.mode.narration(width: size.width, height: size.height, charset: session.charset)
        if let layout = model.mode.layout(current: model.layout, narration: narration) {
            model.layout = layout
            renderedKeys = [:]
            panesRedrawn = true
        }
        let placements = DashboardLayout.placements(state: model.layout, panes: model.panes, width: size.width,
                                                    height: size.height, reservedRows: narration?.rows ?? 0)
        let panesHeldBack = renderPanes(placements ?? [], model: model, narration: narration, version: version,
                                        credit: credit)
        let status = engine.status
        if status.parameterErrorCount != seenParameterErrors, let error = status.lastParameterError {
            // A setting was refused: say why, until the next key or for a while.
            model.say(error, seconds: 10, now: now)
        }
        seenParameterErrors = status.parameterErrorCount
        engineRunning = model.mode.isRunning(status)
        let paused = model.mode.isPaused(status)
        let info = StatusInfo(isPaused: paused, tick: status.tick, stepsPerSecond: status.stepsPerSecond, speed: status.speed,
                              framesPerSecond: status.isPaused ? nil : meter.framesPerSecond(at: now),
                              bytesPerSecond: meter.bytesPerSecond(at: now), message: model.mode.statusText(status),
                              notice: model.notice?.text)
        let screen = composer.compose(width: size.width, height: size.height, state: model.layout, panes: model.panes,
                                      placements: placements, paneGrids: paneGrids, status: info, narration: narration,
                                      menu: model.menu)
        let bytesBefore = session.bytesWritten
        session.draw(screen)
        model.mode.didDraw(layout: model.layout)
        let bytes = Double(session.bytesWritten - bytesBefore)
        // A whole screen painted (the first frame, a new size or layout) is paid for, but is no
        // measure of the frames to come.
        let repaint = panesRedrawn || previousScreen.width != screen.width || previousScreen.height != screen.height
        panesRedrawn = false
        governor.sent(bytes, at: governorTime, repaint: repaint)
        governor.record(bytesByPane: DashboardRunner.attribute(bytes: bytes, previous: previousScreen, current: screen,
                                                               placements: placements ?? []))
        previousScreen = screen
        meter.record(frameAt: clock.now, bytes: bytes)
        lastDraw = now
        drawnVersion = version
        frameNumber &+= 1
        // A pane held back by the governor still owes its latest picture: draw again next frame.
        dirty = panesHeldBack
        urgent = false
    }

    /// Renders the panes whose picture changed (and the governor lets through this frame);
    /// returns whether any changed pane was held back for a later frame.
    private mutating func renderPanes(_ placements: [PanePlacement], model: DashboardModel, narration: NarrationBar?,
                                      version: UInt64, credit: Bool) -> Bool {
        let snapshots = model.mode.engine.snapshots()
        var heldBack = false
        for placement in placements {
            guard let pane = model.panes[placement.pane] else { continue }
            let snapshot = snapshots[placement.pane]
            let highlight = narration?.state.highlight.flatMap { readout in
                readout.pane == placement.pane ? pane.readoutLabel(readout.readout) : nil
            }
            let key = PaneRenderKey(publication: snapshot == nil ? 0 : version, width: placement.inner.width,
                                    height: placement.inner.height, isFocused: placement.pane == model.layout.focused,
                                    isZoomed: model.layout.isZoomed, highlight: highlight)
            // A new publication whose snapshot differs only in its tick shows the same picture.
            if let previous = renderedKeys[placement.pane], previous.publication != key.publication, let snapshot,
               let drawn = renderedSnapshots[placement.pane], snapshot.showsSamePicture(as: drawn) {
                renderedKeys[placement.pane]?.publication = key.publication
            }
            // A resize or layout change always redraws; a new picture as often as the governor allows.
            switch PaneRefresh(previous: renderedKeys[placement.pane], key: key,
                               governorAllows: credit && governor.shouldRedraw(placement.pane, frame: frameNumber)) {
            case .current: continue
            case .heldBack: heldBack = true; continue
            case .render: break
            }
            let context = PaneContext(width: placement.inner.width, height: placement.inner.height,
                                      theme: theme, charset: session.charset, snapshot: snapshot,
                                      isFocused: key.isFocused, isZoomed: key.isZoomed, highlightedReadout: highlight)
            paneGrids[placement.pane] = pane.render(context)
            renderedKeys[placement.pane] = key
            renderedSnapshots[placement.pane] = snapshot
        }
        return heldBack
    }
}

/// Whether a pane is rendered in this frame.
enum PaneRefresh: Equatable {
    /// What it shows has not changed.
    case current
    /// Its picture changed but the governor holds it back this frame: it is owed a later one.
    case heldBack
    case render

    /// A resize or layout change always renders; a new picture as often as the governor allows.
    init(previous: PaneRenderKey?, key: PaneRenderKey, governorAllows: Bool) {
        guard let previous, previous.sameLayout(as: key) else { self = .render; return }
        if previous == key { self = .current } else { self = governorAllows ? .render : .heldBack }
    }
}

/// The doctor screen in a live dashboard: rebuilt on resize (it reports the terminal's size),
/// with the slow bandwidth estimate made in the background.
final class DoctorScreen {
    let source: DoctorSource
    let session: TerminalSession
    private let estimates: DoctorEstimates

    init(source: @escaping DoctorSource, session: TerminalSession) {
        self.source = source
        self.session = session
        estimates = DoctorEstimates(source: source)
    }

    private var facts: TerminalFacts { TerminalFacts(session.capabilities, size: session.size) }

    /// The first screen; its estimate is asked for at once (no need to let a size settle).
    func first() -> DoctorPane {
        estimates.request(facts, at: ContinuousClock.now - estimates.settle)
        return DoctorPane(report: source(facts, false))
    }

    /// The screen for the new size; its estimate once the size holds still.
    func resized(at now: ContinuousClock.Instant) -> DoctorPane {
        estimates.request(facts, at: now)
        return DoctorPane(report: source(facts, false))
    }

    /// The screen with a finished estimate, when one arrived for the current size.
    func poll(at now: ContinuousClock.Instant) -> DoctorPane? {
        estimates.poll(at: now, size: session.size).map { DoctorPane(report: $0) }
    }
}

extension PaneRenderKey {
    /// Same size, focus, zoom and highlight (the publication may differ).
    func sameLayout(as other: PaneRenderKey) -> Bool {
        width == other.width && height == other.height && isFocused == other.isFocused
            && isZoomed == other.isZoomed && highlight == other.highlight
    }
}
