@testable import App
import SimulationCore
import Testing
@testable import Labs

struct SettingParserTests {
    @Test func valuesTakeTheirNaturalKind() throws {
        #expect(try SettingParser.command("linear.preset=shear") == .set(pane: .linear, parameter: "preset", value: .text("shear")))
        #expect(try SettingParser.command("preset=3", pane: .linear) == .set(pane: .linear, parameter: "preset", value: .integer(3)))
        #expect(try SettingParser.command("linear.p=2.5") == .set(pane: .linear, parameter: "p", value: .number(2.5)))
        #expect(try SettingParser.command("linear.grid=on") == .set(pane: .linear, parameter: "grid", value: .flag(true)))
        #expect(try SettingParser.command("linear.matrix=-1,2;3,4")
                == .set(pane: .linear, parameter: "matrix", value: .matrix([[-1, 2], [3, 4]])))
        #expect(try SettingParser.command("linear.matrix=1,0,0,1")
                == .set(pane: .linear, parameter: "matrix", value: .vector([1, 0, 0, 1])))
    }

    @Test func malformedSettingsSayWhy() {
        func problem(_ text: String, pane: PaneID? = nil) -> String {
            do { _ = try SettingParser.command(text, pane: pane); return "accepted" } catch { return "\(error)" }
        }
        #expect(problem("preset") == "--set 'preset' needs the form pane.parameter=value, e.g. linear.preset=shear")
        #expect(problem("preset=shear") == "--set 'preset=shear' needs a pane: pane.parameter=value, e.g. linear.preset=shear")
        #expect(problem("nosuch.preset=1") == "--set 'nosuch.preset=1': unknown pane 'nosuch'; panes: linear, entropy, boundary, optimizer, backprop")
        #expect(problem("linear.=1") == "--set 'linear.=1' needs a parameter name and a value")
    }
}
