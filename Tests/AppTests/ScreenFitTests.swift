@testable import App
import Canvas
import Panes
import SimulationCore
import Testing
@testable import Labs

/// A pane that draws a numbered readout on every row, so a test sees what covers what.
private struct ReadoutPane: Pane {
    var id: PaneID
    var title: String
    var keyHelp: [(keys: String, action: String)] = []
    var minimumSize: (width: Int, height: Int) { (10, 3) }
    func render(_ context: PaneContext) -> CellGrid {
        var grid = CellGrid(width: context.width, height: context.height)
        for y in 0..<context.height { grid.write("readout \(y + 1)", x: 0, y: y, maxWidth: context.width) }
        return grid
    }
}

/// What the dashboard shows at small sizes, as the screen reads: messages whole, the help
/// overlay scrollable, the status bar and the too-small message never cut in the middle.
struct ScreenFitTests {
    static let boundaryKeys: [(keys: String, action: String)] = [
        ("d / D", "next / previous dataset"), ("n / g", "noise +10 % / new points"),
        ("m", "model: perceptron, logistic, MLP"), ("l / L", "one hidden layer less / more"),
        ("u / U", "units per layer -/+"), ("e", "type the hidden layers, e.g. 8,8,4"),
        ("a", "activation: tanh, ReLU, sigmoid, linear"), ("o", "loss: cross-entropy / squared error"),
        ("[ / ]", "learning rate x0.5 / x2"), ("b", "batch size 1, 10, 30, all"),
        ("c / p", "next point set / type your own points x1,y1,x2,y2,... (VC view)"),
        ("x", "restart training"),
    ]
    let panes: [PaneID: any Pane] = [
        .boundary: ReadoutPane(id: .boundary, title: "Decision boundary", keyHelp: boundaryKeys),
        .optimizer: ReadoutPane(id: .optimizer, title: "Optimizers"),
    ]

    func screen(_ width: Int, _ height: Int, state: DashboardState, status: StatusInfo = StatusInfo(),
                helpText: [String] = AssetLocator.builtInHelp, charset: Charset = .unicode) -> [String] {
        let composer = FrameComposer(theme: .builtIn(tier: .none), charset: charset, helpText: helpText)
        let placements = DashboardLayout.placements(state: state, panes: panes, width: width, height: height)
        var grids: [PaneID: CellGrid] = [:]
        for placement in placements ?? [] {
            grids[placement.pane] = panes[placement.pane]?.render(PaneContext(
                width: placement.inner.width, height: placement.inner.height, theme: .builtIn(tier: .none), charset: charset))
        }
        return composer.compose(width: width, height: height, state: state, panes: panes, placements: placements,
                                paneGrids: grids, status: status).plainLines()
    }

    func expectScreen(_ actual: [String], _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual == expected, "screen differs; drawn:\n\(actual.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    var dashboard: DashboardState { DashboardState(panes: [.boundary, .optimizer], focused: .optimizer) }
    let running = StatusInfo(tick: 73, framesPerSecond: 29)

    // MARK: 1. messages

    @Test func aLongErrorIsShownWholeAboveTheStatusBar() {
        var status = running
        status.notice = "optimizer.surface: column 1 of 'foo(x)': unknown name 'foo' (known: sin, cos, tan, exp, log, "
            + "sqrt, abs, tanh, x, y, pi, e) (or a surface: quadratic, banana, rosenbrock, beale, booth, himmelblau, "
            + "rastrigin, matyas, goldstein-price, saddle, plateau)"
        expectScreen(Array(screen(80, 24, state: dashboard, status: status).suffix(7)), [
            "│readout 17                            │┃readout 17                            ┃",
            "│readout 18                            │┃readout 18                            ┃",
            " optimizer.surface: column 1 of 'foo(x)': unknown name 'foo' (known: sin, cos,  ",
            " tan, exp, log, sqrt, abs, tanh, x, y, pi, e) (or a surface: quadratic, banana, ",
            " rosenbrock, beale, booth, himmelblau, rastrigin, matyas, goldstein-price,      ",
            " saddle, plateau)                                                               ",
            " ▶ running │ 30 steps/s x1 │ tick 73 │ 29 fps                    ? help  q quit ",
        ])
        // Once the notice is gone (next key, or its time is up) the readouts are back.
        expectScreen(Array(screen(80, 24, state: dashboard, status: running).suffix(7)), [
            "│readout 17                            │┃readout 17                            ┃",
            "│readout 18                            │┃readout 18                            ┃",
            "│readout 19                            │┃readout 19                            ┃",
            "│readout 20                            │┃readout 20                            ┃",
            "│readout 21                            │┃readout 21                            ┃",
            "└──────────────────────────────────────┘┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛",
            " ▶ running │ 30 steps/s x1 │ tick 73 │ 29 fps                    ? help  q quit ",
        ])
    }

    /// A notice goes in the status bar only when the whole bar fits with it; else above it.
    @Test func aShortErrorStaysInTheStatusBarWhenItFits() {
        var status = running
        status.notice = "boundary.layers: layers are 1-6 sizes"
        expectScreen(Array(screen(120, 24, state: dashboard, status: status).suffix(2)), [
            "└──────────────────────────────────────────────────────────┘┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛",
            " ▶ running │ 30 steps/s x1 │ tick 73 │ 29 fps │ boundary.layers: layers are 1-6 sizes                    ? help  q quit ",
        ])
        expectScreen(Array(screen(80, 24, state: dashboard, status: status).suffix(2)), [
            " boundary.layers: layers are 1-6 sizes                                          ",
            " ▶ running │ 30 steps/s x1 │ tick 73 │ 29 fps                    ? help  q quit ",
        ])
    }

    @Test func aNoticeBesideAPromptAt40Columns() {
        var state = dashboard
        state.prompt = PromptState(PanePrompt(pane: .boundary, label: "hidden layers", parameter: "layers",
                                              initial: "", kind: .text))
        state.prompt?.text = "9,9"
        var status = running
        status.notice = "boundary.layers: layers are 1-6 comma-separated sizes of 1-8 units, e.g. 8,8"
        expectScreen(Array(screen(40, 12, state: state, status: status).suffix(4)), [
            " boundary.layers: layers are 1-6        ",
            " comma-separated sizes of 1-8 units,    ",
            " e.g. 8,8                               ",
            " hidden layers = 9,9_                   ",
        ])
    }

    /// A typed formula longer than the bar shows its end, where the typing is.
    @Test func aLongPromptShowsWhereTheTypingIs() {
        var state = dashboard
        state.prompt = PromptState(PanePrompt(pane: .optimizer, label: "f(x, y)", parameter: "surface", kind: .text))
        state.prompt?.text = "(1 - x)^2 + 100*(y - x^2)^2 + sin(3*x)*cos(3*y)"
        expectScreen([screen(40, 12, state: state).last!], [
            " f(x, y) = … x^2)^2 + sin(3*x)*cos(3*y)_",
        ])
    }

    // MARK: 2. help

    @Test func helpAt80x24ShowsTheFocusedPanesKeysFirstAndScrolls() {
        var state = DashboardState(panes: [.boundary, .optimizer], focused: .boundary)
        state.apply(.toggleHelp)
        let helpText = AssetLocator.builtInHelp + [""] + ScenePlaying.sceneHelp
        expectScreen(screen(80, 24, state: state, status: running, helpText: helpText), [
            "┏━ Keys (? to close) ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓",
            "┃ Decision boundary (focused pane):                                            ┃",
            "┃ d / D            next / previous dataset                                     ┃",
            "┃ n / g            noise +10 % / new points                                    ┃",
            "┃ m                model: perceptron, logistic, MLP                            ┃",
            "┃ l / L            one hidden layer less / more                                ┃",
            "┃ u / U            units per layer -/+                                         ┃",
            "┃ e                type the hidden layers, e.g. 8,8,4                          ┃",
            "┃ a                activation: tanh, ReLU, sigmoid, linear                     ┃",
            "┃ o                loss: cross-entropy / squared error                         ┃",
            "┃ [ / ]            learning rate x0.5 / x2                                     ┃",
            "┃ b                batch size 1, 10, 30, all                                   ┃",
            "┃ c / p            next point set / type your own points x1,y1,x2,y2,... (VC   ┃",
            "┃                  view)                                                       ┃",
            "┃ x                restart training                                            ┃",
            "┃                                                                              ┃",
            "┃ Dashboard:                                                                   ┃",
            "┃ Tab / Shift-Tab  focus next / previous pane                                  ┃",
            "┃ 1-9              focus the pane with that number                             ┃",
            "┃ z / Enter        zoom / unzoom the focused pane                              ┃",
            "┃ space            pause / resume the simulation                               ┃",
            "┃ .                single step (while paused)                                  ┃",
            "┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ ↓ more below (Down, PgDn) · 1-21 of 36 ━┛",
            " ▶ running │ 30 steps/s x1 │ tick 73 │ 29 fps                    ? help  q quit ",
        ])
        let composer = FrameComposer(theme: .builtIn(tier: .none), charset: .unicode, helpText: helpText)
        func scrolled(_ key: PaneKey) -> Int? {
            composer.helpScroll(after: key, state: state, panes: panes, width: 80, height: 24)
        }
        #expect(scrolled(.up) == 0)
        #expect(scrolled(.down) == 1)
        #expect(scrolled(.pageDown) == 15)
        #expect(scrolled(.character("x")) == nil)
        state.helpScroll = scrolled(.end)!
        #expect(state.helpScroll == 15)
        #expect(scrolled(.down) == 15)
        #expect(scrolled(.pageUp) == 0)
        #expect(scrolled(.up) == 14)
        expectScreen(screen(80, 24, state: state, status: running, helpText: helpText), [
            "┏━ Keys (? to close) ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓",
            "┃ Dashboard:                                                                   ┃",
            "┃ Tab / Shift-Tab  focus next / previous pane                                  ┃",
            "┃ 1-9              focus the pane with that number                             ┃",
            "┃ z / Enter        zoom / unzoom the focused pane                              ┃",
            "┃ space            pause / resume the simulation                               ┃",
            "┃ .                single step (while paused)                                  ┃",
            "┃ + / -            speed x2 / x0.5                                             ┃",
            "┃ r                reset the simulations (keeps your settings)                 ┃",
            "┃ w                show / hide bytes per second sent to the terminal           ┃",
            "┃ O                open a bundled scene (the lecture series)                   ┃",
            "┃ ?                show / hide this help                                       ┃",
            "┃ mouse            focus a pane, or click and drag in its picture              ┃",
            "┃ q / Ctrl-C       quit                                                        ┃",
            "┃                                                                              ┃",
            "┃ While a scene plays:                                                         ┃",
            "┃ space / Right    play on to the next hold                                    ┃",
            "┃ Left             back to the previous hold (exact)                           ┃",
            "┃ g                go to step N or section sN                                  ┃",
            "┃ a                auto-advance on / off                                       ┃",
            "┃ e / b            explore the lab / back to the script                        ┃",
            "┃ S                save the session as a new scene file                        ┃",
            "┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ ↑ more above (Up, PgUp, Home) · 16-36 of 36 ━┛",
            " ▶ running │ 30 steps/s x1 │ tick 73 │ 29 fps                    ? help  q quit ",
        ])
        state.apply(.toggleHelp)
        state.apply(.toggleHelp)
        #expect(state.helpScroll == 0, "the overlay opens at the top again")
    }

    /// Side by side (split at the blank line before the dashboard's keys) when one column would
    /// need scrolling and two fit the width.
    @Test func helpInTwoColumnsWhenWideEnough() {
        var state = DashboardState(panes: [.boundary, .optimizer], focused: .boundary)
        state.apply(.toggleHelp)
        expectScreen(screen(160, 20, state: state, status: running), [
            "┏━ 1 Decision boundary ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓┌─ 2 Optimizers ───────────────────────────────────────────────────────────────┐",
            "┃readout 1                                                                     ┃│readout 1                                                                     │",
            "┃re┏━ Keys (? to close) ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓   │",
            "┃re┃ Decision boundary (focused pane):                                                  Dashboard:                                                         ┃   │",
            "┃re┃ d / D            next / previous dataset                                           Tab / Shift-Tab  focus next / previous pane                        ┃   │",
            "┃re┃ n / g            noise +10 % / new points                                          1-9              focus the pane with that number                   ┃   │",
            "┃re┃ m                model: perceptron, logistic, MLP                                  z / Enter        zoom / unzoom the focused pane                    ┃   │",
            "┃re┃ l / L            one hidden layer less / more                                      space            pause / resume the simulation                     ┃   │",
            "┃re┃ u / U            units per layer -/+                                               .                single step (while paused)                        ┃   │",
            "┃re┃ e                type the hidden layers, e.g. 8,8,4                                + / -            speed x2 / x0.5                                   ┃   │",
            "┃re┃ a                activation: tanh, ReLU, sigmoid, linear                           r                reset the simulations (keeps your settings)       ┃   │",
            "┃re┃ o                loss: cross-entropy / squared error                               w                show / hide bytes per second sent to the terminal ┃   │",
            "┃re┃ [ / ]            learning rate x0.5 / x2                                           O                open a bundled scene (the lecture series)         ┃   │",
            "┃re┃ b                batch size 1, 10, 30, all                                         ?                show / hide this help                             ┃   │",
            "┃re┃ c / p            next point set / type your own points x1,y1,x2,y2,... (VC view)   mouse            focus a pane, or click and drag in its picture    ┃   │",
            "┃re┃ x                restart training                                                  q / Ctrl-C       quit                                              ┃   │",
            "┃re┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛   │",
            "┃readout 17                                                                    ┃│readout 17                                                                    │",
            "┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛└──────────────────────────────────────────────────────────────────────────────┘",
            " ▶ running │ 30 steps/s x1 │ tick 73 │ 29 fps                                                                                                    ? help  q quit ",
        ])
    }

    // MARK: 4. narrow screens

    @Test func theStatusBarDropsWholeFieldsWhenNarrow() {
        var stats = dashboard
        stats.isStatsVisible = true
        var withBytes = running
        withBytes.bytesPerSecond = 1234
        let bars = [
            screen(80, 24, state: dashboard, status: running).last!,
            screen(60, 18, state: dashboard, status: running).last!,
            screen(50, 12, state: dashboard, status: running).last!,
            screen(40, 12, state: dashboard, status: running).last!,
            screen(40, 12, state: stats, status: withBytes).last!,
            screen(40, 12, state: dashboard, status: running, charset: .ascii).last!,
        ]
        expectScreen(bars, [
            " ▶ running │ 30 steps/s x1 │ tick 73 │ 29 fps                    ? help  q quit ",
            " ▶ running │ 30 steps/s x1 │ tick 73 │ 29 fps        q quit ",
            " ▶ running │ 30 steps/s x1 │ 29 fps        q quit ",
            " ▶ running │ 30 steps/s x1 │ 29 fps     ",
            " ▶ running │ 29 fps │ 1.2 KB/s          ",
            " > running | 30 steps/s x1 | 29 fps     ",
        ])
    }

    /// Paused, nothing moves: the bar says so and shows no frame rate (a paused dashboard that
    /// said "29 fps" would claim an animation that is not there).
    @Test func aPausedBarShowsNoFrameRate() {
        var paused = running
        paused.isPaused = true
        expectScreen([screen(80, 24, state: dashboard, status: paused).last!], [
            " ⏸ paused │ 30 steps/s x1 │ tick 73                              ? help  q quit ",
        ])
    }

    @Test func aSessionMessageTakesTheRoomThatIsLeft() {
        var status = running
        status.message = "3 followers on /tmp/gradscope-lecture-0123456789.sock"
        expectScreen([screen(80, 24, state: dashboard, status: status).last!,
                      screen(60, 18, state: dashboard, status: status).last!], [
            " ▶ running │ 30 steps/s x1 │ tick 73 │ 29 fps │ 3 followers on … ? help  q quit ",
            " ▶ running │ 30 steps/s x1 │ 29 fps │ 3 followers on /tmp/g…",
        ])
    }

    @Test func tooSmallSaysBothSizesWhole() {
        expectScreen(screen(20, 8, state: dashboard), [
            "                    ",
            " terminal too small ",
            "     need 40x12     ",
            "     have 20x8      ",
            "enlarge the window, ",
            " or press q to quit ",
            "                    ",
            "                    ",
        ])
        expectScreen(screen(12, 4, state: dashboard), [
            " too small  ",
            " need 40x12 ",
            " have 12x4  ",
            "            ",
        ])
        expectScreen(screen(30, 8, state: dashboard), [
            "                              ",
            "                              ",
            "      terminal too small      ",
            "    need 40x12, have 30x8     ",
            "enlarge the window, or press q",
            "           to quit            ",
            "                              ",
            "                              ",
        ])
    }

    /// A long scene title gives way in the caption heading: the step and the play state stay
    /// whole at 80 columns (a presenter must see "playing" or "space ▸ next"), the title cut with
    /// an ellipsis; a short title is whole.
    @Test func theCaptionHeadingKeepsStepAndPlayStateWhole() {
        let title = "Vanishing gradients: why deep sigmoid networks barely learn"
        let playing = FrameComposer.heading(title: title, step: "step 0/19", status: "▶ playing", separator: " · ",
                                            width: 76, charset: .unicode)
        #expect(playing == "Vanishing gradients: why deep sigmoid networks bare… · step 0/19 · ▶ playing")
        let held = FrameComposer.heading(title: title, step: "step 5/19", status: "space ▸ next  ← back  g go  e explore", separator: " · ",
                                         width: 76, charset: .unicode)
        #expect(held == "Vanishing gradients: wh… · step 5/19 · space ▸ next  ← back  g go  e explore")
        let narrow = FrameComposer.heading(title: title, step: "step 5/19", status: "space next  left back  g go  e explore", separator: " | ",
                                           width: 56, charset: .ascii)
        #expect(narrow == "Vanishing g~ | step 5/19 | space next  left back  g go ~")
        #expect(FrameComposer.heading(title: "1/2 Six sigmoid layers", step: "step 5/19", status: "▶ playing", separator: " · ",
                                      width: 76, charset: .unicode) == "1/2 Six sigmoid layers · step 5/19 · ▶ playing")
    }
}
