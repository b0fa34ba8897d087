import Calc
import Canvas
import Foundation
import Panes
import SimulationCore
import SimulationEngine
import TerminalUI
import Labs
import Scenes


/// A failure after the command line was understood, with the exit status to use.
public struct GradscopeError: Error, CustomStringConvertible {
    public var message: String
    public var status: Int32
    public init(_ message: String, status: Int32 = 1) {
        self.message = message
        self.status = status
    }
    public var description: String { message }
}

/// What `gradscope render` draws.
public enum RenderTarget: Sendable, Equatable {
    case pane(PaneID)
    /// The whole dashboard, status bar included.
    case dashboard
}

public enum RenderFormat: String, Sendable {
    case text, ansi
}

/// The doctor's report for live terminal facts, with or without the bandwidth estimate.
func doctorSource(_ configuration: AppConfiguration, _ assets: AssetLocator) -> DoctorSource {
    { facts, estimating in Doctor.report(facts, configuration: configuration, assets: assets, estimatingBandwidth: estimating) }
}

/// The entry points the command line calls.
public enum Launch {
    /// The most simulation steps a headless frame takes (`SceneScript.maximumRunSteps`).
    public static let maximumRenderSteps = SceneScript.maximumRunSteps

    /// Refuses to take over something that is not a terminal (a pipe, a file, /dev/null): the
    /// screen would go into it as escape codes and no key could ever arrive.
    static func requireTerminal(for command: String) throws {
        let missing = [(STDIN_FILENO, "standard input"), (STDOUT_FILENO, "standard output")].filter { !TerminalSession.isTerminal($0.0) }.map(\.1)
        guard missing.isEmpty else {
            throw GradscopeError("\(command) needs a terminal, but " + missing.joined(separator: " and ")
                                 + (missing.count == 1 ? " is not one" : " are not") + " (for frames as text: gradscope render)", status: 2)
        }
    }

    /// The interactive dashboard. Returns the exit status.
    public static func dashboard(_ configuration: AppConfiguration) throws -> Int32 {
        try requireTerminal(for: "the dashboard")
        let assets = AssetLocator()
        // Refuse a bad --set before the terminal is taken over, so the message stays readable.
        try applySettings(configuration.settings,
                          to: SimulationEngine(seed: configuration.seed, simulations: LabRegistry.all.map(\.simulation)))
        let runner = DashboardRunner(configuration: configuration, assets: assets)
        do {
            return try runner.run(labs: LabRegistry.all, doctor: doctorSource(configuration, assets))
        } catch let error as TerminalError {
            throw GradscopeError(error.description)
        }
    }

    /// `gradscope doctor`: a live screen on a terminal, a text report otherwise, or JSON.
    public static func doctor(_ configuration: AppConfiguration, json: Bool) throws -> Int32 {
        let assets = AssetLocator()
        let environment = ProcessInfo.processInfo.environment
        if json || isatty(STDOUT_FILENO) == 0 || isatty(STDIN_FILENO) == 0 {
            let capabilities: TerminalCapabilities
            do {
                capabilities = try TerminalCapabilities.probe(environment: environment, options: terminalOptions(configuration))
            } catch let error as TerminalError {
                throw GradscopeError(error.description)
            }
            let report = Doctor.report(TerminalFacts(capabilities), configuration: configuration, assets: assets)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                FileHandle.standardOutput.write(Data((try JSONText.encode(report, with: encoder) + "\n").utf8))
            } else {
                let pane = DoctorPane(report: report)
                let text = renderAlone(pane, width: report.width, height: max(report.height, 20),
                                       configuration: configuration, assets: assets,
                                       tier: .none, charset: capabilities.charset, format: .text)
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            return 0
        }
        let runner = DashboardRunner(configuration: configuration, assets: assets)
        do {
            return try runner.run(labs: [], doctor: doctorSource(configuration, assets))
        } catch let error as TerminalError {
            throw GradscopeError(error.description)
        }
    }

    /// `gradscope render`: one frame, no tty, deterministic.
    public static func render(_ configuration: AppConfiguration, target: RenderTarget, width: Int, height: Int,
                              steps: Int, format: RenderFormat) throws -> String {
        let assets = AssetLocator()
        let environment = ProcessInfo.processInfo.environment
        // Headless frames do not depend on the terminal running the command: colour comes from
        // --color (default 256 for ansi output, none for text) and glyphs from --ascii.
        let tier = configuration.colorOverride ?? (format == .ansi ? .palette256 : ColorTier.none)
        let charset: Charset = configuration.forceASCII ? .ascii : .unicode
        switch target {
        case .pane(.doctor):
            let report = Doctor.headlessReport(width: width, height: height, tier: tier, charset: charset,
                                               environment: environment, configuration: configuration, assets: assets)
            return renderAlone(DoctorPane(report: report), width: width, height: height, configuration: configuration,
                               assets: assets, tier: tier, charset: charset, format: format)
        case .pane(let id):
            guard let lab = LabRegistry.lab(id) else { throw GradscopeError(LabRegistry.unavailableReason(id), status: 2) }
            let engine = SimulationEngine(seed: configuration.seed, simulations: [lab.simulation],
                                          stepsPerSecond: configuration.stepsPerSecond)
            try applySettings(configuration.settings, to: engine)
            engine.step(steps)
            return renderAlone(lab.pane, width: width, height: height, configuration: configuration, assets: assets,
                               tier: tier, charset: charset, format: format, snapshot: engine.snapshot(for: id))
        case .dashboard:
            let labs = LabRegistry.all
            var panes: [PaneID: any Pane] = [:]
            for lab in labs { panes[lab.pane.id] = lab.pane }
            var order = labs.map(\.pane.id)
            if order.isEmpty {
                let report = Doctor.headlessReport(width: width, height: height, tier: tier, charset: charset,
                                                   environment: environment, configuration: configuration, assets: assets)
                panes[.doctor] = DoctorPane(report: report)
                order = [.doctor]
            }
            let engine = SimulationEngine(seed: configuration.seed, simulations: labs.map(\.simulation),
                                          stepsPerSecond: configuration.stepsPerSecond)
            try applySettings(configuration.settings, to: engine)
            engine.step(steps)
            let state = DashboardState(panes: order, focused: configuration.focus, isZoomed: configuration.focus != nil)
            let (theme, _) = assets.theme(named: configuration.themeName, tier: tier)
            var composer = FrameComposer(theme: theme, charset: charset, helpText: assets.helpText().lines)
            composer.isHeadless = true
            let grid = composer.composeHeadless(width: width, height: height, state: state, panes: panes,
                                                snapshots: engine.snapshots(), status: engine.status)
            return dump(grid, format: format)
        }
    }

    /// Applies `--set` changes before any step; a change a simulation refuses is bad usage.
    static func applySettings(_ settings: [Command], to engine: SimulationEngine) throws {
        for setting in settings {
            engine.send(setting)
            engine.step(0)
            if let problem = engine.status.lastParameterError {
                throw GradscopeError("--set: " + SettingParser.refusal(problem, of: setting), status: 2)
            }
        }
    }

    /// One pane inside its frame, filling `width x height`.
    static func renderAlone(_ pane: any Pane, width: Int, height: Int, configuration: AppConfiguration,
                            assets: AssetLocator, tier: ColorTier, charset: Charset, format: RenderFormat,
                            snapshot: (any SimulationSnapshot)? = nil) -> String {
        let (theme, _) = assets.theme(named: configuration.themeName, tier: tier)
        var grid = CellGrid(width: width, height: height)
        let frame = Rect(width: width, height: height)
        grid.drawFrame(frame, title: pane.title, style: theme.style(.frame), glyphs: Glyphs.forCharset(charset))
        let inner = frame.inset(by: 1)
        let context = PaneContext(width: inner.width, height: inner.height, theme: theme, charset: charset,
                                  snapshot: snapshot, isFocused: true, isZoomed: true)
        grid.blit(pane.render(context), atX: inner.x, y: inner.y)
        return dump(grid, format: format)
    }

    static func dump(_ grid: CellGrid, format: RenderFormat) -> String {
        switch format {
        case .text: return grid.plainText() + "\n"
        case .ansi: return grid.ansiText() + "\n"
        }
    }
}

extension FrameComposer {
    /// A whole dashboard frame without a terminal: every pane rendered from `snapshots`.
    /// With `narration`, a scene's caption bar takes its rows and its highlighted readout is marked.
    public func composeHeadless(width: Int, height: Int, state: DashboardState, panes: [PaneID: any Pane],
                                snapshots: [PaneID: any SimulationSnapshot], status: EngineStatus,
                                narration: NarrationBar? = nil, info: StatusInfo? = nil) -> CellGrid {
        let placements = DashboardLayout.placements(state: state, panes: panes, width: width, height: height,
                                                    reservedRows: narration?.rows ?? 0)
        var grids: [PaneID: CellGrid] = [:]
        for placement in placements ?? [] {
            guard let pane = panes[placement.pane] else { continue }
            let highlight = narration?.state.highlight.flatMap { readout in
                readout.pane == placement.pane ? pane.readoutLabel(readout.readout) : nil
            }
            let context = PaneContext(width: placement.inner.width, height: placement.inner.height, theme: theme,
                                      charset: charset, snapshot: snapshots[placement.pane],
                                      isFocused: placement.pane == state.focused, isZoomed: state.isZoomed,
                                      highlightedReadout: highlight)
            grids[placement.pane] = pane.render(context)
        }
        let info = info ?? StatusInfo(isPaused: status.isPaused, tick: status.tick, stepsPerSecond: status.stepsPerSecond,
                                      speed: status.speed)
        return compose(width: width, height: height, state: state, panes: panes, placements: placements,
                       paneGrids: grids, status: info, narration: narration)
    }
}
