import Canvas
import Foundation
import Panes
import SimulationCore
import SimulationEngine
import TerminalUI

/// What handling an event asks the loop to do: plain values, so a test can read them.
enum DashboardEffect: Equatable {
    /// An engine command, queued the way the session mode queues them.
    case send(Command)
    /// Leave for this scene (chosen in the scene menu).
    case startScene(path: String)
    /// Redraw every pane from scratch (the layout's source changed).
    case redrawPanes
    /// Leave with this exit status.
    case quit(Int32)
}

/// A short message shown whole above the status bar until `until` (or the next key).
struct Notice: Equatable {
    var text: String
    var until: ContinuousClock.Instant
}

/// The dashboard apart from the terminal and the clock: layout, prompt (in the layout), menu,
/// notice and session mode. `handle` turns one event into effects and a new state; it draws
/// nothing and reads no terminal, so tests drive it with events.
struct DashboardModel {
    var layout: DashboardState
    var menu: SceneMenu?
    var notice: Notice?
    /// The drag under way: the pane that took hold of something at the press, and what.
    var drag: ActiveDrag?
    var mode: any SessionMode
    /// The panes by id (labs, or the doctor screen).
    var panes: [PaneID: any Pane]
    /// The help overlay's scroll position after a key, for this screen (from the frame composer).
    let helpScroll: (PaneKey, DashboardState, [PaneID: any Pane]) -> Int?
    /// The bundled scenes, for `O`.
    let sceneMenu: () -> SceneMenu

    /// How long a notice stays up, by kind.
    static let noticeSeconds = (short: 3, normal: 4, long: 6)

    /// One event: a key goes through the key handlers in order until one takes it; a press
    /// focuses (and tells the pane where), a drag goes on to the pane that took hold at the
    /// press; the wheel scrolls the help.
    mutating func handle(_ event: DashboardEvent, now: ContinuousClock.Instant) -> [DashboardEffect] {
        switch event {
        case .key(let key):
            if key == .control("c") { return [.quit(0)] }
            notice = nil  // any key dismisses a notice (and still does what it does)
            for handler in KeyRouter.handlers {
                if let effects = handler(key, &self, now) { return effects }
            }
            return []
        case .pointer(let pane, let pointer):
            return self.pointer(pane, pointer)
        case .scroll(let up):
            guard layout.isHelpVisible else { return [] }
            for _ in 0..<3 {
                if let scroll = helpScroll(up ? .up : .down, layout, panes) { layout.helpScroll = scroll }
            }
            return []
        }
    }

    /// The mouse on `pane`, in its inner cells. A press focuses the pane and, unless a script
    /// drives or a prompt waits, tells it where; when the pane takes hold of something
    /// (`PaneInput.grab`) the drag and release that follow go to it with what it grabbed. Each
    /// step of a drag is an ordinary command, so a scene, a saved session or a lecture follower
    /// replays the drag exactly.
    private mutating func pointer(_ pane: PaneID, _ pointer: PanePointer) -> [DashboardEffect] {
        var pointer = pointer
        switch pointer.phase {
        case .press:
            drag = nil
            guard layout.prompt == nil else { return [] }
            if pane != layout.focused { layout.apply(.focus(pane)) }
        case .drag, .release:
            guard let held = drag, held.pane == pane, held.button == pointer.button else { return [] }
            if pointer.phase == .release { drag = nil }
            pointer.grabbed = held.target
        }
        guard !mode.scriptDrives, layout.prompt == nil else {
            drag = nil
            return []
        }
        switch panes[pane]?.input(for: .pointer(pointer), snapshot: mode.engine.snapshot(for: pane)) {
        case .command(let command)?:
            return perform(command)
        case .grab(let target, let command)?:
            if pointer.phase == .press { drag = ActiveDrag(pane: pane, target: target, button: pointer.button) }
            return command.map(perform) ?? []
        case .prompt(let prompt)?:
            drag = nil
            layout.prompt = PromptState(prompt)
            return []
        case nil:
            return []
        }
    }

    /// An engine command from a key, a prompt or a click.
    func perform(_ command: Command) -> [DashboardEffect] { [.send(command)] }

    mutating func say(_ text: String, seconds: Int, now: ContinuousClock.Instant) {
        notice = Notice(text: text, until: now + .seconds(seconds))
    }
}

/// What reaches the dashboard model.
enum DashboardEvent: Equatable {
    case key(Key)
    /// The mouse on a pane (a press inside it; a drag or release for the pane holding the drag),
    /// in the pane's own inner cells.
    case pointer(pane: PaneID, PanePointer)
    /// The mouse wheel.
    case scroll(up: Bool)

    /// A left click inside a pane.
    static func click(pane: PaneID, x: Int, y: Int, width: Int, height: Int) -> DashboardEvent {
        .pointer(pane: pane, PanePointer(.press, x: x, y: y, width: width, height: height))
    }
}

/// A drag under way: which pane holds it, what its press took hold of, with which button.
struct ActiveDrag: Equatable {
    var pane: PaneID
    var target: String
    var button: PanePointer.Button
}

/// The key handlers, in the order a key meets them: a prompt takes every key, then an open
/// menu, the help overlay, the session mode's own keys, the global keys, and last the focused
/// pane. A handler returns nil to pass the key on.
enum KeyRouter {
    typealias Handler = @Sendable (Key, inout DashboardModel, ContinuousClock.Instant) -> [DashboardEffect]?

    static let handlers: [Handler] = [prompt, menu, help, mode, global, focusedPane]

    /// A number or text prompt takes every key until Enter or Escape.
    static func prompt(_ key: Key, _ model: inout DashboardModel, _ now: ContinuousClock.Instant) -> [DashboardEffect]? {
        guard var prompt = model.layout.prompt else { return nil }
        switch prompt.handle(PaneKeys.paneKey(for: key), enter: key == .enter, escape: key == .escape,
                             clear: key == .control("u")) {
        case .editing:
            model.layout.prompt = prompt
        case .cancel:
            model.layout.prompt = nil
        case .invalid(let reason):
            model.layout.prompt = prompt
            model.say(reason, seconds: DashboardModel.noticeSeconds.short, now: now)
        case .submit(let command):
            model.layout.prompt = nil
            if let action = prompt.prompt.playerAction, case .set(_, _, .text(let answer)) = command {
                // The session's own prompt (go to, save as): the answer goes to the mode.
                return outcome(model.mode.answer(action, text: answer, layout: model.layout), &model, now)
            }
            return model.perform(command)
        }
        return []
    }

    /// The scene menu, while open, takes every key.
    static func menu(_ key: Key, _ model: inout DashboardModel, _ now: ContinuousClock.Instant) -> [DashboardEffect]? {
        guard var menu = model.menu else { return nil }
        switch menu.handle(key) {
        case .stay:
            model.menu = menu
            return []
        case .close:
            model.menu = nil
            return []
        case .choose(let path):
            model.menu = nil
            return [.startScene(path: path), .redrawPanes]
        }
    }

    /// The help overlay scrolls with the arrow and page keys; Escape closes it.
    static func help(_ key: Key, _ model: inout DashboardModel, _ now: ContinuousClock.Instant) -> [DashboardEffect]? {
        guard model.layout.isHelpVisible else { return nil }
        if key == .escape {
            model.layout.apply(.toggleHelp)
            return []
        }
        guard let paneKey = PaneKeys.paneKey(for: key), let scroll = model.helpScroll(paneKey, model.layout, model.panes) else {
            return nil
        }
        model.layout.helpScroll = scroll
        return []
    }

    /// The session mode's keys (a scene player's, a follower's).
    static func mode(_ key: Key, _ model: inout DashboardModel, _ now: ContinuousClock.Instant) -> [DashboardEffect]? {
        let outcome = model.mode.handle(key)
        return outcome == .pass ? nil : Self.outcome(outcome, &model, now)
    }

    /// The dashboard's global keys; while a script drives, only layout keys and quit.
    static func global(_ key: Key, _ model: inout DashboardModel, _ now: ContinuousClock.Instant) -> [DashboardEffect]? {
        switch Keymap.action(for: key, panes: model.layout.panes) {
        case nil:
            return nil
        case .quit?:
            return [.quit(0)]
        case .openSceneMenu?:
            if let refusal = model.mode.sceneMenuRefusal {
                model.say(refusal, seconds: DashboardModel.noticeSeconds.normal, now: now)
            } else {
                model.menu = model.sceneMenu()
            }
            return []
        case .command(let command)?:
            return model.mode.scriptDrives ? [] : model.perform(command)
        case .layout(let command)?:
            model.layout.apply(command)
            return []
        }
    }

    /// Not a global key: the focused pane may use it (unless a script drives).
    static func focusedPane(_ key: Key, _ model: inout DashboardModel, _ now: ContinuousClock.Instant) -> [DashboardEffect]? {
        let focused = model.layout.focused
        guard !model.mode.scriptDrives, let pane = model.panes[focused], let paneKey = PaneKeys.paneKey(for: key),
              let input = pane.input(for: paneKey, snapshot: model.mode.engine.snapshot(for: focused)) else { return [] }
        switch input {
        case .command(let command):
            return model.perform(command)
        case .prompt(let prompt):
            model.layout.prompt = PromptState(prompt)
            return []
        case .grab(_, let command):  // only a press grabs; as a key, it is its command
            return command.map(model.perform) ?? []
        }
    }

    /// A mode's outcome as the model's state and effects.
    static func outcome(_ outcome: ModeKeyOutcome, _ model: inout DashboardModel, _ now: ContinuousClock.Instant) -> [DashboardEffect] {
        switch outcome {
        case .handled, .pass:
            return [.redrawPanes]
        case .prompt(let prompt):
            model.layout.prompt = PromptState(prompt)
        case .notice(let text):
            model.say(text, seconds: DashboardModel.noticeSeconds.normal, now: now)
        }
        return []
    }
}

/// Terminal keys as panes see them.
enum PaneKeys {
    static func paneKey(for key: Key) -> PaneKey? {
        switch key {
        case .character(let c): return .character(c)
        case .up: return .up
        case .down: return .down
        case .left: return .left
        case .right: return .right
        case .pageUp: return .pageUp
        case .pageDown: return .pageDown
        case .home: return .home
        case .end: return .end
        case .backspace: return .backspace
        case .delete: return .delete
        default: return nil
        }
    }
}
