// Benchmarks (not tests): `swift run -c release GradscopeBench` prints one JSON object.
// Each figure is the median of several timed batches, in microseconds per operation.
import App
import Canvas
import Foundation
import Panes
import SimulationCore
import SimulationEngine
import TerminalUI
import TestSupport
import Labs

// The same allocator setting the dashboard makes before its first frame.
ProcessTuning.retainFreedMemory()

/// `GRADSCOPE_BENCH_ONLY=compose` runs only the benchmarks whose name contains it (for profiling).
let only = ProcessInfo.processInfo.environment["GRADSCOPE_BENCH_ONLY"]

/// Median microseconds per call of `body`, over `batches` batches of `iterations` calls.
func measure(iterations: Int, batches: Int = 7, _ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    var samples: [Double] = []
    body()  // warm up
    for _ in 0..<batches {
        let elapsed = clock.measure { for _ in 0..<iterations { body() } }
        let (seconds, attoseconds) = elapsed.components
        samples.append((Double(seconds) * 1e6 + Double(attoseconds) / 1e12) / Double(iterations))
    }
    return samples.sorted()[samples.count / 2]
}

/// Keeps results alive so the optimiser cannot drop the work.
var sink = 0

var results: [String: Double] = [:]

/// Measures `body` under `name`, unless the `only` filter leaves it out.
@MainActor func bench(_ name: String, iterations: Int, _ body: () -> Void) {
    guard only.map({ name.contains($0) }) ?? true else { return }
    results[name] = measure(iterations: iterations, body)
}
let theme = Theme.builtIn(tier: .palette256)

for (width, height) in [(120, 40), (200, 60)] {
    let report = DoctorFixtures.report(width: width, height: height)
    let composer = FrameComposer(theme: theme, charset: .unicode, helpText: AssetLocator.builtInHelp)
    let state = DashboardState(panes: [.doctor])
    let pane = DoctorPane(report: report)
    let panes: [PaneID: any Pane] = [.doctor: pane]
    bench("compose_doctor_\(width)x\(height)_us", iterations: 200) {
        let placements = DashboardLayout.placements(state: state, panes: panes, width: width, height: height)!
        let inner = placements[0].inner
        let grid = pane.render(PaneContext(width: inner.width, height: inner.height, theme: theme, charset: .unicode))
        let screen = composer.compose(width: width, height: height, state: state, panes: panes,
                                      placements: placements, paneGrids: [.doctor: grid], status: StatusInfo())
        sink &+= screen.width
    }
    let a = SyntheticLoad.frame(0, width: width, height: height, tier: .palette256, charset: .unicode)
    let b = SyntheticLoad.frame(1, width: width, height: height, tier: .palette256, charset: .unicode)
    bench("synthetic_4pane_frame_\(width)x\(height)_us", iterations: 20) {
        sink &+= SyntheticLoad.frame(3, width: width, height: height, tier: .palette256, charset: .unicode).width
    }
    bench("wire_cost_diff_\(width)x\(height)_us", iterations: 200) {
        sink &+= WireCost.bytes(from: a, to: b, tier: .palette256)
    }
}

// Canvas primitives on a 60x20-cell braille canvas (120x80 dots).
bench("braille_ellipse_60x20_us", iterations: 500) {
    let canvas = DotCanvas(width: 60, height: 20, charset: .unicode)
    var painter = Painter(canvas: canvas, viewport: .fitting(xRange: -2...2, yRange: -2...2, canvas: canvas))
    painter.ellipse(center: (0, 0), semiAxes: (1.8, 0.6), rotation: 0.7, style: theme.style(.series1))
    sink &+= painter.canvas.render().width
}
bench("braille_line_60x20_us", iterations: 2000) {
    let canvas = DotCanvas(width: 60, height: 20, charset: .unicode)
    var painter = Painter(canvas: canvas, viewport: .fitting(xRange: -2...2, yRange: -2...2, canvas: canvas))
    painter.line(from: (-2, -1), to: (2, 1), style: theme.style(.series1))
    sink &+= painter.canvas.render().width
}
bench("halfblock_heatmap_60x20_us", iterations: 200) {
    var canvas = HalfBlockCanvas(width: 60, height: 20, ramp: .diverging)
    for y in 0..<canvas.dotHeight {
        for x in 0..<canvas.dotWidth { canvas.set(x: x, y: y, value: Double(x + y) / 100) }
    }
    sink &+= canvas.render(theme: theme, charset: .unicode).width
}

// Each lab's pane: one frame at a zoomed size (118x37, the inner area of 120x40) and at a
// quarter of 120x40 (58x18), after 300 steps; the optimizer also with a typed constraint.
func labSnapshot(_ lab: Lab, settings: [(String, ParameterValue)] = []) -> any SimulationSnapshot {
    func stepped<S: Simulation>(_ type: S.Type) -> any SimulationSnapshot {
        var simulation = S(seed: 1)
        for (parameter, value) in settings { try? simulation.apply(parameter, value) }
        for _ in 0..<300 { simulation.step() }
        return simulation.snapshot()
    }
    return stepped(lab.simulation)
}
var labs: [(String, any Pane, any SimulationSnapshot)] = LabRegistry.all.map { ($0.id.rawValue, $0.pane, labSnapshot($0)) }
if let optimizer = LabRegistry.lab(.optimizer) {
    labs.append(("optimizer_constrained", optimizer.pane, labSnapshot(optimizer, settings: [("constraint", .text("x^2 + y^2 <= 1"))])))
}
for (name, pane, snapshot) in labs {
    for (width, height) in [(118, 37), (58, 18)] {
        bench("render_\(name)_\(width)x\(height)_us", iterations: 20) {
            sink &+= pane.render(PaneContext(width: width, height: height, theme: theme, charset: .unicode,
                                             snapshot: snapshot)).width
        }
    }
}

// Training, the boundary lab's hot loop: a 2-8-8-1 tanh MLP on 250 XOR training points,
// minibatches of 10 (one epoch = 25 SGD updates); and one heatmap's worth of predictions
// (160x96 points). Benchmarks/numpy_mlp.py runs the same network and data in numpy.
do {
    let dataset = Dataset.generate(.xor, count: 500, seed: 1)
    var settings = ModelSettings()
    settings.hidden = [8, 8]
    var trainer = try! Trainer(settings: settings, dataset: dataset, seed: 1)
    bench("train_epoch_2-8-8-1_tanh_250pts_batch10_us", iterations: 200) { trainer.trainEpoch() }
    let network = trainer.network
    // The grid is built once: the figures are the network's evaluation alone.
    var grid: [Vec2] = []
    for row in 0..<96 {
        for column in 0..<160 { grid.append(Vec2(-6 + 12 * Double(column) / 159, -6 + 12 * Double(row) / 95)) }
    }
    bench("predict_grid_160x96_2-8-8-1_us", iterations: 20) { sink &+= network.logits(grid).count }
    bench("predict_grid_160x96_2-8-8-1_float_us", iterations: 50) { sink &+= network.previewLogits(grid).count }
    // The live lab on the same network and data. Its step is an epoch plus, once every s
    // epochs (s doubles as the 400-entry loss history fills), the losses on both sets; the
    // metrics (losses, confusion matrix, precision-recall curve) are computed by `snapshot()`,
    // which the engine takes once a timer firing, so they are timed on their own.
    // - a step once the history is thinned (epoch 2000 on, s = 8), against the bare epoch above;
    // - a step averaged over a fresh lab's first 1000 epochs (s = 1, 2, 4: the costliest start);
    // - one snapshot (what each published frame of the lab costs on top of its steps).
    var lab = BoundarySimulation(seed: 1)
    try! lab.set("layers", to: .vector([8, 8]))
    for _ in 0..<2000 { lab.step() }
    bench("boundary_lab_step_2-8-8-1_us", iterations: 200) { lab.step() }
    sink &+= lab.snapshot().epoch
    bench("boundary_lab_step_first_1000_epochs_2-8-8-1_us", iterations: 1) {
        var fresh = BoundarySimulation(seed: 1)
        try! fresh.set("layers", to: .vector([8, 8]))
        for _ in 0..<1000 { fresh.step() }
        sink &+= fresh.snapshot().epoch
    }
    results["boundary_lab_step_first_1000_epochs_2-8-8-1_us"] = results["boundary_lab_step_first_1000_epochs_2-8-8-1_us"].map { $0 / 1000 }
    bench("boundary_lab_snapshot_2-8-8-1_us", iterations: 100) { sink &+= lab.snapshot().epoch }
}

// Engine overhead: the engine's own cost per step with two trivial simulations.
let engine = SimulationEngine(seed: 1, simulations: toySimulations, stepsPerSecond: 30)
bench("engine_step_2_toy_sims_us", iterations: 2000) { engine.step(1) }

let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
let rounded = results.mapValues { ($0 * 100).rounded() / 100 }
print(String(decoding: try encoder.encode(rounded), as: UTF8.self))
if sink == 42 { print("") }
