@testable import App
import Canvas
import Panes
import SimulationCore
import SimulationEngine
import Testing
import TerminalUI

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
        // The first digit replaces the initial value; "q" and space go to the prompt (a number
        // prompt ignores them), not to the global keys.
        #expect(model.handle(.key(.character("2")), now: Self.now) == [])
        #expect(model.handle(.key(.character(".")), now: Self.now) == [])
        #expect(model.handle(.key(.character("q")), now: Self.now) == [])
        #expect(model.handle(.key(.character(" ")), now: Self.now) == [])
        #expect(model.handle(.key(.character("5")), now: Self.now) == [])
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
        #expect(model.notice?.text == "'-' is not a number")
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
