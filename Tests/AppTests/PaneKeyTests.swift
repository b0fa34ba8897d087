@testable import App
import Panes
import SimulationCore
import Testing
@testable import Labs

/// The dashboard reads its global keys before the focused pane sees a key, so a pane key that is
/// also global could never be pressed (the information lab's "q: edit Q" quit the program).
struct PaneKeyTests {
    static let globalCharacters: [Character] = ["q", "z", " ", ".", "+", "=", "-", "_", "r", "w", "?", "O", "1", "2", "3", "4", "5"]

    @Test func noPaneClaimsAGlobalKey() {
        let panes = LabRegistry.all.map(\.pane.id)
        for character in Self.globalCharacters {
            #expect(Keymap.action(for: .character(character), panes: panes) != nil, "'\(character)' is not global any more")
        }
        for lab in LabRegistry.all {
            let snapshot = lab.simulation.init(seed: 1).snapshot()
            for character in Self.globalCharacters {
                #expect(lab.pane.input(for: .character(character), snapshot: snapshot) == nil,
                        "\(lab.pane.title) answers '\(character)', which the dashboard takes first")
            }
            // What the help overlay lists must be reachable too.
            let listed = lab.pane.keyHelp.flatMap { $0.keys.components(separatedBy: " / ") }
                .flatMap { $0.components(separatedBy: ", ") }
            for key in listed where key.count == 1 {
                #expect(!Self.globalCharacters.contains(Character(key)), "\(lab.pane.title) lists '\(key)'")
            }
        }
    }
}
