@testable import App
import Canvas
import Panes
import SimulationCore
import Testing
@testable import Labs

/// Five labs on one dashboard: all five from 120x40 (the fifth across its row); on 80x24 the four
/// around the focused one, so digit 5 and Tab reach the fifth and the titles keep their numbers.
struct FiveLabLayoutTests {
    let panes: [PaneID: any Pane] = Dictionary(uniqueKeysWithValues: LabRegistry.all.map { ($0.pane.id, $0.pane) })

    func shown(_ state: DashboardState, _ width: Int, _ height: Int) -> [String] {
        (DashboardLayout.placements(state: state, panes: panes, width: width, height: height) ?? [])
            .map { "\($0.number) \($0.pane.rawValue) \($0.frame.width)x\($0.frame.height)" }
    }

    @Test func fourAroundTheFocusedOneOn80x24() {
        var state = DashboardState(panes: LabRegistry.ids)
        #expect(LabRegistry.ids == [.linear, .entropy, .boundary, .optimizer, .backprop])
        #expect(shown(state, 80, 24) == ["1 linear 40x12", "2 entropy 40x12", "3 boundary 40x11", "4 optimizer 40x11"])
        guard case .layout(let five)? = Keymap.action(for: .character("5"), panes: state.panes) else {
            Issue.record("5 is not a key")
            return
        }
        state.apply(five)
        #expect(state.focused == .backprop)
        #expect(shown(state, 80, 24) == ["2 entropy 40x12", "3 boundary 40x12", "4 optimizer 40x11", "5 backprop 40x11"])
        state.apply(.focus(.optimizer))
        state.apply(.focusNext)
        #expect(state.focused == .backprop)
        state.apply(.focusNext)
        #expect(state.focused == .linear && shown(state, 80, 24).first == "1 linear 40x12")
    }

    @Test func allFiveFrom120x40() {
        let state = DashboardState(panes: LabRegistry.ids)
        #expect(shown(state, 120, 40) == ["1 linear 60x13", "2 entropy 60x13", "3 boundary 60x13", "4 optimizer 60x13",
                                          "5 backprop 120x13"])
        var zoomed = state
        zoomed.apply(.focus(.backprop))
        zoomed.apply(.toggleZoom)
        #expect(shown(zoomed, 200, 60) == ["5 backprop 200x59"])
    }
}
