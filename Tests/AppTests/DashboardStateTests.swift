import App
import Canvas
import Panes
import SimulationCore
import TerminalUI
import Testing
import Labs

@Suite struct DashboardStateTests {
    @Test func focusCyclesThroughPanesBothWays() {
        var state = DashboardState(panes: [.linear, .entropy, .optimizer])
        #expect(state.focused == .linear)
        state.apply(.focusNext)
        #expect(state.focused == .entropy)
        state.apply(.focusNext)
        state.apply(.focusNext)
        #expect(state.focused == .linear)
        state.apply(.focusPrevious)
        #expect(state.focused == .optimizer)
    }

    /// A prompt opened on a value acts like a selected field: typing replaces it, Backspace edits
    /// it, Ctrl-U clears the line ("8,8" then typing 4,4 gave "8,84,4").
    @Test func aPromptsInitialValueIsReplacedByTyping() {
        func typed(_ keys: [PaneKey], clearFirst: Bool = false) -> String {
            var state = PromptState(PanePrompt(pane: .boundary, label: "hidden layers", parameter: "layers", initial: "8,8", kind: .text))
            if clearFirst { _ = state.handle(nil, clear: true) }
            for key in keys { _ = state.handle(key) }
            return state.text
        }
        #expect(typed([.character("4"), .character(","), .character("4")]) == "4,4")
        #expect(typed([.backspace, .character("4")]) == "8,4")
        #expect(typed([], clearFirst: true) == "")
        #expect(typed([.character("2")], clearFirst: true) == "2")
        var number = PromptState(PanePrompt(pane: .linear, label: "entry a", parameter: "a", initial: "1.000"))
        for key: PaneKey in [.character("-"), .character("2")] { _ = number.handle(key) }
        #expect(number.handle(nil, enter: true) == .submit(.set(pane: .linear, parameter: "a", value: .number(-2))))
    }

    @Test func focusOnAnAbsentPaneIsIgnored() {
        var state = DashboardState(panes: [.linear, .entropy])
        #expect(state.apply(.focus(.boundary)) == false)
        #expect(state.focused == .linear)
        #expect(state.apply(.focus(.entropy)) == true)
    }

    @Test func zoomShowsOnlyTheFocusedPane() {
        var state = DashboardState(panes: [.linear, .entropy], focused: .entropy)
        #expect(state.visiblePanes == [.linear, .entropy])
        state.apply(.toggleZoom)
        #expect(state.visiblePanes == [.entropy])
        state.apply(.setZoom(false))
        #expect(state.visiblePanes == [.linear, .entropy])
    }

    @Test func startingFocusMustBeOnScreen() {
        #expect(DashboardState(panes: [.linear, .entropy], focused: .optimizer).focused == .linear)
    }
}

@Suite struct KeymapTests {
    let panes: [PaneID] = [.linear, .entropy, .boundary, .optimizer]

    @Test func globalKeys() {
        #expect(Keymap.action(for: .character("q"), panes: panes) == .quit)
        #expect(Keymap.action(for: .control("c"), panes: panes) == .quit)
        #expect(Keymap.action(for: .tab, panes: panes) == .layout(.focusNext))
        #expect(Keymap.action(for: .backTab, panes: panes) == .layout(.focusPrevious))
        #expect(Keymap.action(for: .character("z"), panes: panes) == .layout(.toggleZoom))
        #expect(Keymap.action(for: .enter, panes: panes) == .layout(.toggleZoom))
        #expect(Keymap.action(for: .character(" "), panes: panes) == .command(.togglePause))
        #expect(Keymap.action(for: .character("."), panes: panes) == .command(.singleStep))
        #expect(Keymap.action(for: .character("+"), panes: panes) == .command(.faster))
        #expect(Keymap.action(for: .character("-"), panes: panes) == .command(.slower))
        #expect(Keymap.action(for: .character("r"), panes: panes) == .command(.reset))
        #expect(Keymap.action(for: .character("?"), panes: panes) == .layout(.toggleHelp))
        #expect(Keymap.action(for: .character("w"), panes: panes) == .layout(.toggleStats))
    }

    @Test func digitsFocusByPosition() {
        #expect(Keymap.action(for: .character("3"), panes: panes) == .layout(.focus(.boundary)))
        #expect(Keymap.action(for: .character("3"), panes: [.linear, .entropy]) == nil)
    }

    @Test func otherKeysAreLeftForThePane() {
        #expect(Keymap.action(for: .up, panes: panes) == nil)
        #expect(Keymap.action(for: .character("x"), panes: panes) == nil)
    }

    @Test func helpTableMatchesTheShippedHelpFile() throws {
        let locator = AssetLocator(environment: [:], executablePath: "/nonexistent/gradscope",
                                   packageRoot: #filePath.components(separatedBy: "/Tests/")[0])
        let (lines, origin) = locator.helpText()
        #expect(origin.hasSuffix("assets/help/keys.txt"))
        #expect(lines == AssetLocator.builtInHelp)
    }
}

@Suite struct BandwidthGovernorTests {
    @Test func throttlesTheHeaviestPaneFirst() {
        var governor = BandwidthGovernor(budget: 50_000, framesPerSecond: 30)
        // linear costs 300 B/frame (9 KB/s), boundary a heatmap at 3000 B/frame (90 KB/s).
        for _ in 0..<20 { governor.record(bytesByPane: [.linear: 300, .boundary: 3000]) }
        #expect(governor.interval(for: .linear) == 1)
        #expect(governor.interval(for: .boundary) >= 2)
        #expect(governor.expectedRate <= 50_000)
    }

    @Test func relaxesWhenTheLoadDrops() {
        var governor = BandwidthGovernor(budget: 50_000, framesPerSecond: 30)
        for _ in 0..<20 { governor.record(bytesByPane: [.boundary: 3000]) }
        #expect(governor.interval(for: .boundary) > 1)
        for _ in 0..<200 { governor.record(bytesByPane: [.boundary: 100]) }
        #expect(governor.interval(for: .boundary) == 1)
    }

    @Test func intervalsArePowersOfTwoAndBounded() {
        var governor = BandwidthGovernor(budget: 1000, framesPerSecond: 30)
        for _ in 0..<500 { governor.record(bytesByPane: [.optimizer: 100_000]) }
        let interval = governor.interval(for: .optimizer)
        #expect(interval == BandwidthGovernor.maximumInterval)
        #expect(interval & (interval - 1) == 0)
    }

    @Test func redrawSchedule() {
        var governor = BandwidthGovernor(budget: 1000, framesPerSecond: 30)
        for _ in 0..<6 { governor.record(bytesByPane: [.optimizer: 1000]) }
        #expect(governor.interval(for: .optimizer) == 2)
        #expect((0..<6).map { governor.shouldRedraw(.optimizer, frame: UInt64($0)) } == [true, false, true, false, true, false])
        #expect(governor.shouldRedraw(.linear, frame: 1))
    }
}

@Suite struct StatusFormatTests {
    @Test func bytes() {
        #expect(StatusFormat.bytes(0) == "0 B")
        #expect(StatusFormat.bytes(999) == "999 B")
        #expect(StatusFormat.bytes(1234) == "1.2 KB")
        #expect(StatusFormat.bytes(49_960) == "50.0 KB")
        #expect(StatusFormat.bytes(5_600_000) == "5.6 MB")
        #expect(StatusFormat.bytes(.nan) == "-- B")
    }

    @Test func rates() {
        #expect(StatusFormat.rate(30) == "30")
        #expect(StatusFormat.rate(7.5) == "7.5")
        #expect(StatusFormat.rate(0.25) == "0.25")
        #expect(StatusFormat.speed(0.0625) == "0.0625")
        #expect(StatusFormat.speed(64) == "64")
    }
}
