@testable import App
import SimulationCore
import Testing

/// The governor against a fake byte stream: frames at 30 a second whose panes cost what a real
/// screen's changes cost, drawn as the dashboard draws them (a pane only when the governor lets
/// it through, the status bar every frame); every 5 s window from the first frame must stay
/// within 10 % of the budget.
struct BandwidthWindowTests {
    struct Load {
        var name: String
        /// Bytes a pane's changes cost per frame (while it is drawn every frame).
        var panes: [PaneID: Double]
        /// The first frame paints the whole screen.
        var firstFrame: Double
        var budget = 50_000.0
    }

    /// Bytes sent at each frame time over `seconds`, the way FrameDrawer spends them.
    static func stream(_ load: Load, seconds: Double = 60, fps: Double = 30) -> [(time: Double, bytes: Double)] {
        var governor = BandwidthGovernor(budget: load.budget, framesPerSecond: fps)
        var sent: [(Double, Double)] = []
        let statusBar = 40.0
        for frame in 0..<Int(seconds * fps) {
            let time = Double(frame) / fps
            var byPane: [PaneID: Double] = [:]
            if frame == 0 {
                byPane = load.panes.mapValues { load.firstFrame * $0 / load.panes.values.reduce(0, +) }
            } else if governor.allowsPictures(at: time) {
                for (pane, bytes) in load.panes where governor.shouldRedraw(pane, frame: UInt64(frame)) {
                    byPane[pane] = bytes
                }
            }
            let total = byPane.values.reduce(0, +) + statusBar
            governor.sent(total, at: time)
            governor.record(bytesByPane: byPane)
            sent.append((time, total))
        }
        return sent
    }

    /// The most bytes in any 5 s window that starts at a frame.
    static func worstWindow(_ sent: [(time: Double, bytes: Double)]) -> Double {
        var worst = 0.0, end = 0, total = 0.0
        for start in sent.indices {
            while end < sent.count && sent[end].time < sent[start].time + 5 { total += sent[end].bytes; end += 1 }
            worst = max(worst, total)
            total -= sent[start].bytes
        }
        return worst
    }

    static let loads = [
        // The four-lab dashboard at 200x60 (the heatmap and the optimizer heavy), the boundary
        // pane zoomed at 200x60 and 120x40 (its heatmap changes every frame), 80x24, and a
        // budget of 20 KB/s.
        Load(name: "4 panes 200x60", panes: [.boundary: 3_000, .optimizer: 1_500, .linear: 900, .backprop: 300], firstFrame: 30_000),
        Load(name: "boundary zoomed 200x60", panes: [.boundary: 20_000], firstFrame: 36_000),
        Load(name: "boundary zoomed 120x40", panes: [.boundary: 5_000], firstFrame: 15_000),
        Load(name: "4 panes 80x24", panes: [.boundary: 600, .optimizer: 500, .linear: 300, .backprop: 100], firstFrame: 5_000),
        Load(name: "20 KB/s", panes: [.boundary: 2_000, .linear: 800], firstFrame: 10_000, budget: 20_000),
    ]

    @Test(arguments: loads.indices)
    func everyFiveSecondWindowStaysWithinTenPercent(_ index: Int) {
        let load = Self.loads[index]
        let sent = Self.stream(load)
        let worst = Self.worstWindow(sent)
        #expect(worst <= 1.1 * 5 * load.budget, "\(load.name): \(worst) bytes in a 5 s window")
        // And the budget is used, not starved: at least half of it over the last 30 s (the intervals
        // are powers of two, so two panes may settle well below it).
        let late = sent.filter { $0.time >= 30 }.reduce(0) { $0 + $1.bytes } / 30
        #expect(late >= 0.5 * load.budget, "\(load.name): \(late) B/s")
    }

    @Test func aLightLoadIsNeverHeldBack() {
        var governor = BandwidthGovernor(budget: 50_000, framesPerSecond: 30)
        for frame in 0..<900 {
            let time = Double(frame) / 30
            #expect(governor.allowsPictures(at: time))
            governor.sent(1_000, at: time)  // 30 KB/s
        }
    }

    @Test func creditRefillsAtNinetyPercentAndIsCapped() {
        var governor = BandwidthGovernor(budget: 10_000, framesPerSecond: 30)
        #expect(governor.credit(at: 0) == 2_500)
        governor.sent(7_500, at: 0)
        #expect(governor.credit(at: 0) == -5_000)
        #expect(!governor.allowsPictures(at: 0.5))  // -5000 + 4500
        #expect(governor.credit(at: 1) == 2_500)
        #expect(governor.credit(at: 100) == 2_500)
    }
}
