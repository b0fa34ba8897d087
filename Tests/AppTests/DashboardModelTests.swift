import Foundation
@testable import App
import Canvas
import Panes
import SimulationCore
import SimulationEngine
import Testing
import TerminalUI
@testable import Labs

/// The dashboard model without a terminal: events in, effects and state out.
struct DashboardModelTests {
    /// A session mode whose answers a test sets.
    final class StubMode: SessionMode {
        let engine = SimulationEngine(seed: 1, simulations: LabRegistry.all.map(\.simulation), stepsPerSecond: 30)
        var scriptDrives = false
        var sceneMenuRefusal: String?
        var ownKeys: [Key: ModeKeyOutcome] = [:]
        var answers: [String] = []
        func start() {}
        func send(_ command: Command) {}
        func handle(_ key: Key) -> ModeKeyOutcome { ownKeys[key] ?? .pass }
        func answer(_ playerAction: String, text: String, layout: DashboardState) -> ModeKeyOutcome {
            answers.append(playerAction + "=" + text)
            return .notice("went to \(text)")
        }
    }

    static let now = ContinuousClock.now

    static func model(_ mode: any SessionMode = StubMode(), focused: PaneID = .linear) -> DashboardModel {
        var panes: [PaneID: any Pane] = [:]
        for lab in LabRegistry.all { panes[lab.id] = lab.pane }
        let composer = FrameComposer(theme: Theme.builtIn(tier: .ansi16), charset: .unicode,
                                     helpText: (0..<60).map { "help line \($0)" })
        return DashboardModel(layout: DashboardState(panes: LabRegistry.ids, focused: focused), menu: nil, notice: nil,
                              mode: mode, panes: panes,
                              helpScroll: { key, layout, panes in
                                  composer.helpScroll(after: key, state: layout, panes: panes, width: 80, height: 24)
                              },
                              sceneMenu: { SceneMenu(entries: []) })
    }

    @Test func aPaneKeyBecomesTheEngineCommandOfTheFocusedPane() {
        var model = Self.model()
        #expect(model.handle(.key(.character("m")), now: Self.now)
                == [.send(.set(pane: .linear, parameter: "modeStep", value: .integer(1)))])
    }

    @Test func globalKeysComeBeforeThePaneAndLayoutKeysStayInTheModel() {
        var model = Self.model()
        #expect(model.handle(.key(.character(" ")), now: Self.now) == [.send(.togglePause)])
        #expect(model.handle(.key(.tab), now: Self.now) == [])
        #expect(model.layout.focused == .entropy)
        #expect(model.handle(.key(.character("4")), now: Self.now) == [])
        #expect(model.layout.focused == .optimizer)
        #expect(model.handle(.key(.character("q")), now: Self.now) == [.quit(0)])
    }

    @Test func aPromptTakesEveryKeyUntilEnterAndCtrlCStillQuits() throws {
        var model = Self.model()
        #expect(model.handle(.key(.character("e")), now: Self.now) == [])  // the linear pane's entry prompt
        let prompt = try #require(model.layout.prompt)
        #expect(prompt.prompt.label == "entry a")
        // The first character replaces the initial value; "q" and space go to the prompt (every
        // printable character is typed), not to the global keys.
        for c in "2.q 5" { #expect(model.handle(.key(.character(c)), now: Self.now) == []) }
        #expect(model.layout.prompt?.text == "2.q 5")
        #expect(model.handle(.key(.enter), now: Self.now) == [])
        #expect(model.notice?.text == "'2.q 5': write '*' between '2.' and 'q' (no implicit multiplication) at column 3")
        for _ in 0..<3 { _ = model.handle(.key(.backspace), now: Self.now) }
        #expect(model.layout.prompt?.text == "2.")
        _ = model.handle(.key(.character("5")), now: Self.now)
        #expect(model.handle(.key(.enter), now: Self.now) == [.send(.set(pane: .linear, parameter: "a", value: .number(2.5)))])
        #expect(model.layout.prompt == nil)
        _ = model.handle(.key(.character("e")), now: Self.now)
        #expect(model.handle(.key(.control("c")), now: Self.now) == [.quit(0)])
    }

    @Test func anInvalidAnswerKeepsThePromptAndSaysWhy() {
        var model = Self.model(focused: .optimizer)
        model.layout.prompt = PromptState(PanePrompt(pane: .optimizer, label: "momentum", parameter: "momentum"))
        _ = model.handle(.key(.character("-")), now: Self.now)
        #expect(model.handle(.key(.enter), now: Self.now) == [])
        #expect(model.layout.prompt != nil)
        #expect(model.notice?.text == "'-': expected a number, pi, e, a function or '(' but the text ended at column 2")
    }

    /// `e` then 1/3 set 13.000 (the '/' was dropped), sqrt(2) set 2, abc said "'' is not a
    /// number": every printable key reaches the prompt and the text is read as an expression.
    @Test func aNumberPromptTakesAnExpressionKeyByKey() throws {
        func typed(_ text: String) -> (shown: String?, effects: [DashboardEffect], notice: String?) {
            var model = Self.model()
            _ = model.handle(.key(.character("e")), now: Self.now)  // entry a, initial 1.000
            for c in text { _ = model.handle(.key(.character(c)), now: Self.now) }
            let shown = model.layout.prompt?.text
            let effects = model.handle(.key(.enter), now: Self.now)
            return (shown, effects, model.notice?.text)
        }
        func sets(_ value: Double) -> [DashboardEffect] { [.send(.set(pane: .linear, parameter: "a", value: .number(value)))] }
        #expect(typed("1/3").shown == "1/3")
        #expect(typed("1/3").effects == sets(1.0 / 3.0))
        #expect(typed("sqrt(2)").effects == sets(2.0.squareRoot()))
        #expect(typed("pi/4").effects == sets(Double.pi / 4))
        #expect(typed("-2.5e-3").effects == sets(-0.0025))
        #expect(typed("2^0.5").effects == sets(2.0.squareRoot()))
        #expect(typed("(1+2)*3").shown == "(1+2)*3")
        let abc = typed("abc")
        #expect(abc.shown == "abc")
        #expect(abc.effects == [])
        #expect(abc.notice == "'abc': unknown name abc at column 1")
        // Control characters are never echoed; the prompt stays open on a refusal.
        var model = Self.model()
        _ = model.handle(.key(.character("e")), now: Self.now)
        for c: Character in ["1", "\u{1b}", "\u{7f}", "\u{9b}", "\u{202e}", "\t", "/", "4"] {
            _ = model.handle(.key(.character(c)), now: Self.now)
        }
        #expect(model.layout.prompt?.text == "1/4")
        _ = model.handle(.key(.control("u")), now: Self.now)
        #expect(model.handle(.key(.enter), now: Self.now) == [])
        #expect(model.notice?.text == "type a number, such as 1/3, sqrt(2), pi/4 or -2.5e-3")
        #expect(model.layout.prompt != nil)
    }

    /// Numbers and matrix prompts send a vector or a matrix, an expression per entry.
    @Test func numbersAndMatrixPromptsTakeAnExpressionPerEntry() {
        var list = PromptState(PanePrompt(pane: .backprop, label: "input", parameter: "input", kind: .numbers))
        for c in "1/2 -sqrt(4)" { _ = list.handle(.character(c)) }
        #expect(list.handle(nil, enter: true) == .submit(.set(pane: .backprop, parameter: "input", value: .vector([0.5, -2]))))
        var matrix = PromptState(PanePrompt(pane: .linear, label: "A", parameter: "matrix", initial: "1 0; 0 1", kind: .matrix))
        for c in "cos(pi/3) -sin(pi/3); sin(pi/3) 1/2" { _ = matrix.handle(.character(c)) }
        #expect(matrix.handle(nil, enter: true) == .submit(.set(pane: .linear, parameter: "matrix",
                                                               value: .matrix([[cos(Double.pi / 3), -sin(Double.pi / 3)], [sin(Double.pi / 3), 0.5]]))))
        var ragged = PromptState(PanePrompt(pane: .linear, label: "A", parameter: "matrix", kind: .matrix))
        for c in "1 2; 3" { _ = ragged.handle(.character(c)) }
        #expect(ragged.handle(nil, enter: true) == .invalid("'1 2; 3': row 2 has 1 entries but row 1 has 2 at column 7"))
    }

    @Test func whileAScriptDrivesOnlyLayoutKeysReachTheDashboard() {
        let mode = StubMode()
        mode.scriptDrives = true
        mode.ownKeys[.character(" ")] = .handled
        var model = Self.model(mode)
        #expect(model.handle(.key(.character(" ")), now: Self.now) == [.redrawPanes])  // the player's key
        #expect(model.handle(.key(.character("m")), now: Self.now) == [])  // no pane key
        #expect(model.handle(.key(.character("+")), now: Self.now) == [])  // no engine command
        #expect(model.handle(.key(.character("z")), now: Self.now) == [])
        #expect(model.layout.isZoomed)
        #expect(model.handle(.click(pane: .boundary, x: 3, y: 3, width: 40, height: 10), now: Self.now) == [])
        #expect(model.layout.focused == .boundary)  // a click still focuses
    }

    @Test func aModesPromptAnswerGoesToTheMode() {
        let mode = StubMode()
        var model = Self.model(mode)
        model.layout.prompt = PromptState(PanePrompt(pane: .linear, label: "go to step", parameter: "go", kind: .text, playerAction: "go"))
        _ = model.handle(.key(.character("7")), now: Self.now)
        #expect(model.handle(.key(.enter), now: Self.now) == [])
        #expect(mode.answers == ["go=7"])
        #expect(model.notice?.text == "went to 7")
        // The next key dismisses the notice.
        _ = model.handle(.key(.character("z")), now: Self.now)
        #expect(model.notice == nil)
    }

    @Test func theSceneMenuIsRefusedWhereAModeSaysSo() {
        let mode = StubMode()
        mode.sceneMenuRefusal = "the presenter chooses the scenes"
        var model = Self.model(mode)
        #expect(model.handle(.key(.character("O")), now: Self.now) == [])
        #expect(model.menu == nil)
        #expect(model.notice?.text == "the presenter chooses the scenes")
        var free = Self.model()
        _ = free.handle(.key(.character("O")), now: Self.now)
        #expect(free.menu != nil)
        #expect(free.handle(.key(.escape), now: Self.now) == [])  // the open menu takes the key
        #expect(free.menu == nil)
    }

    @Test func theHelpOverlayScrollsAndEscapeClosesIt() {
        var model = Self.model()
        _ = model.handle(.key(.character("?")), now: Self.now)
        #expect(model.layout.isHelpVisible)
        _ = model.handle(.key(.pageDown), now: Self.now)
        #expect(model.layout.helpScroll > 0)
        _ = model.handle(.scroll(up: true), now: Self.now)
        _ = model.handle(.key(.escape), now: Self.now)
        #expect(!model.layout.isHelpVisible)
    }

    @Test func aClickFocusesThePaneAndTellsItWhere() {
        var model = Self.model()
        let effects = model.handle(.click(pane: .optimizer, x: 10, y: 5, width: 58, height: 18), now: Self.now)
        #expect(model.layout.focused == .optimizer)
        // The optimizer pane takes a click in its plot as a new start point.
        #expect(effects.allSatisfy { if case .send(.set(.optimizer, _, _)) = $0 { true } else { false } })
    }

    /// A drag: the press takes hold (the optimizer's start point), every motion goes to the
    /// pane that took hold with what it took, even outside it, and the release lets go.
    @Test func aDragGoesToThePaneThatTookHoldUntilTheRelease() {
        var model = Self.model()
        func pointer(_ phase: PanePointer.Phase, _ x: Int, _ y: Int, pane: PaneID = .optimizer) -> DashboardEvent {
            .pointer(pane: pane, PanePointer(phase, x: x, y: y, width: 58, height: 18))
        }
        func starts(_ effects: [DashboardEffect]) -> [[Double]] {
            effects.compactMap { if case .send(.set(.optimizer, "start", .vector(let v))) = $0 { v } else { nil } }
        }
        // Motion with no press holds nothing.
        #expect(model.handle(pointer(.drag, 12, 5), now: Self.now) == [])
        let pressed = starts(model.handle(pointer(.press, 10, 5), now: Self.now))
        #expect(pressed.count == 1)
        #expect(model.drag == ActiveDrag(pane: .optimizer, target: "start", button: .left))
        let dragged = starts(model.handle(pointer(.drag, 14, 7), now: Self.now))
        #expect(dragged.count == 1)
        #expect(dragged[0][0] > pressed[0][0] && dragged[0][1] < pressed[0][1])  // right and down
        // Past the pane's left edge the start stops at the plot's edge.
        let outside = starts(model.handle(pointer(.drag, -30, 7), now: Self.now))
        let edge = starts(model.handle(pointer(.drag, 0, 7), now: Self.now))
        #expect(outside == edge)
        // Another pane's motion is not this drag's.
        #expect(model.handle(pointer(.drag, 3, 3, pane: .linear), now: Self.now) == [])
        _ = model.handle(pointer(.release, 14, 7), now: Self.now)
        #expect(model.drag == nil)
        #expect(model.handle(pointer(.drag, 20, 7), now: Self.now) == [])
        #expect(model.layout.focused == .optimizer)
    }

    /// While a script drives, a press still focuses but takes hold of nothing.
    @Test func noDragWhileAScriptDrives() {
        let mode = StubMode()
        mode.scriptDrives = true
        var model = Self.model(mode)
        #expect(model.handle(.click(pane: .optimizer, x: 10, y: 5, width: 58, height: 18), now: Self.now) == [])
        #expect(model.drag == nil)
        #expect(model.layout.focused == .optimizer)
    }

    @Test func theRouterOrderIsPromptMenuHelpModeGlobalPane() {
        // A mode that claims "q" takes it before the global quit, but not while a prompt is open.
        let mode = StubMode()
        mode.ownKeys[.character("q")] = .notice("mine")
        var model = Self.model(mode)
        #expect(model.handle(.key(.character("q")), now: Self.now) == [])
        #expect(model.notice?.text == "mine")
        model.layout.prompt = PromptState(PanePrompt(pane: .linear, label: "name", parameter: "x", kind: .text))
        _ = model.handle(.key(.character("q")), now: Self.now)
        #expect(model.layout.prompt?.text == "q")
    }

    /// A pane whose picture changed while the governor throttled it is owed a frame (the
    /// drawer stays dirty); a resize renders at once; an unchanged pane is left alone.
    @Test func aPaneHeldBackByTheGovernorIsOwedAFrame() {
        let drawn = PaneRenderKey(publication: 7, width: 60, height: 20, isFocused: true, isZoomed: false, highlight: nil)
        var newer = drawn
        newer.publication = 8
        var resized = newer
        resized.width = 59
        #expect(PaneRefresh(previous: drawn, key: drawn, governorAllows: true) == .current)
        #expect(PaneRefresh(previous: drawn, key: newer, governorAllows: true) == .render)
        #expect(PaneRefresh(previous: drawn, key: newer, governorAllows: false) == .heldBack)
        #expect(PaneRefresh(previous: drawn, key: resized, governorAllows: false) == .render)
        #expect(PaneRefresh(previous: nil, key: drawn, governorAllows: false) == .render)
    }
}
