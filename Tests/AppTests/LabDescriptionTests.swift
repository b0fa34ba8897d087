@testable import App
import Canvas
import Foundation
import Panes
import SimulationCore
import SimulationEngine
import Testing
@testable import Labs

/// Each lab is described once (its parameter specs, its pane's readouts); these tests hold the
/// description to what the lab really does.
struct LabDescriptionTests {
    /// Every character and arrow a pane might answer.
    static let candidateKeys: [PaneKey] = (0x21...0x7E).map { PaneKey.character(Character(UnicodeScalar($0)!)) }
        + [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end]

    /// The pane's key commands that set a parameter (prompts and clicks aside).
    static func keyCommands(_ lab: Lab, snapshot: any SimulationSnapshot) -> [(PaneKey, String, ParameterValue)] {
        candidateKeys.compactMap { key in
            guard case .command(.set(_, let parameter, let value))? = lab.pane.input(for: key, snapshot: snapshot) else { return nil }
            return (key, parameter, value)
        }
    }

    @Test func everyKeyOfEveryPaneSetsADeclaredParameterWithAKindItTakes() throws {
        for lab in LabRegistry.all {
            let simulation = lab.simulation.init(seed: 1)
            let commands = Self.keyCommands(lab, snapshot: simulation.snapshot())
            #expect(!commands.isEmpty, "\(lab.id) answers no key")
            for (key, parameter, value) in commands {
                #expect(throws: Never.self, "\(lab.id) key \(key) sends \(parameter)=\(value.shown)") {
                    _ = try lab.simulation.checked(parameter, value)
                }
            }
        }
    }

    @Test func everyStateParameterReadsBackAValueItTakes() {
        for lab in LabRegistry.all {
            let simulation = lab.simulation.init(seed: 1)
            for (name, value) in simulation.stateValues {
                #expect(throws: Never.self, "\(lab.id).\(name) = \(value.shown)") { _ = try lab.simulation.checked(name, value) }
            }
        }
    }

    /// Reset keeps exactly what the user sees: each key of each pane pressed twice (relative
    /// keys twice: `m m r` keeps the mode two along), then reset.
    @Test func resetKeepsWhatEveryKeyChangedKeyByKey() throws {
        for lab in LabRegistry.all {
            let keys = Self.keyCommands(lab, snapshot: lab.simulation.init(seed: 1).snapshot()).map(\.0)
            for key in keys {
                let engine = SimulationEngine(seed: 7, simulations: [lab.simulation], stepsPerSecond: 30)
                for _ in 0..<2 {
                    guard let snapshot = engine.snapshot(for: lab.id),
                          case .command(let command)? = lab.pane.input(for: key, snapshot: snapshot) else { continue }
                    engine.send(command)
                    engine.step(3)
                }
                let before = engine.stateValues(of: lab.id)
                engine.send(.reset)
                engine.step(0)
                let after = engine.stateValues(of: lab.id)
                #expect(Self.same(before, after), "\(lab.id): key \(key) twice, then r: \(Self.difference(before, after))")
            }
        }
    }

    @Test func resetKeepsTwoModesAlongInTheLinearLab() throws {
        let engine = SimulationEngine(seed: 1, simulations: [LinearSimulation.self], stepsPerSecond: 30)
        engine.send(.set(pane: .linear, parameter: "modeStep", value: .integer(1)))
        engine.send(.set(pane: .linear, parameter: "modeStep", value: .integer(1)))
        engine.send(.set(pane: .linear, parameter: "probeStep", value: .number(-Double.pi / 36)))
        engine.send(.set(pane: .linear, parameter: "probeStep", value: .number(-Double.pi / 36)))
        engine.send(.reset)
        engine.step(0)
        let linear = try #require(engine.snapshot(for: .linear) as? LinearSnapshot)
        #expect(linear.mode == .eigen)  // transform -> svd -> eigen
        let startAngle = try #require(LinearSimulation(seed: 1).parameterValue("probe"))
        #expect(.number(linear.probeAngle) == startAngle.adding(-Double.pi / 18))
    }

    @Test func setRefusesUnknownNamesAndWrongKindsFromTheDeclaration() {
        func problem(_ text: String) -> String {
            do { return "accepted \(try SettingParser.command(text))" } catch { return "\(error)" }
        }
        #expect(problem("linear.grid=3") == "--set 'linear.grid=3': linear.grid: takes true or false, not 3")
        #expect(problem("linear.gridd=true") == "--set 'linear.gridd=true': pane 'linear' has no parameter 'gridd'; did you mean 'grid'?")
        #expect(problem("boundary.lr=fast") == "--set 'boundary.lr=fast': boundary.lr: takes a number, not 'fast'")
        // A whole number is a number where numbers are taken; a formula stays text.
        #expect(problem("boundary.lr=1") == "accepted \(Command.set(pane: .boundary, parameter: "lr", value: .number(1)))")
        #expect(problem("optimizer.surface=2") == "accepted \(Command.set(pane: .optimizer, parameter: "surface", value: .text("2")))")
    }

    /// The README's parameter reference is the specs, printed.
    @Test func readmeParameterTableIsTheDeclaredSpecs() throws {
        let readmePath = #filePath.components(separatedBy: "/Tests/")[0] + "/README.md"
        let readme = try String(contentsOfFile: readmePath, encoding: .utf8)
        let expected = ParameterReference.markdown(LabRegistry.all)
        guard let start = readme.range(of: ParameterReference.begin), let end = readme.range(of: ParameterReference.end) else {
            Issue.record("README.md has no \(ParameterReference.begin) ... \(ParameterReference.end) block")
            return
        }
        let block = String(readme[start.upperBound..<end.lowerBound])
        if ProcessInfo.processInfo.environment["GRADSCOPE_UPDATE_README"] == "1" {
            try readme.replacingCharacters(in: start.upperBound..<end.lowerBound, with: expected)
                .write(toFile: readmePath, atomically: true, encoding: .utf8)
        }
        #expect(block == expected, "README's parameter tables differ from the specs (GRADSCOPE_UPDATE_README=1 rewrites them)")
    }

    /// Every readout a scene may highlight is drawn under its label in some view of the lab.
    @Test func everyDeclaredReadoutLabelIsDrawn() throws {
        for lab in LabRegistry.all {
            var drawn = ""
            for snapshot in Self.views(of: lab) {
                let context = PaneContext(width: 118, height: 37, theme: Theme.builtIn(tier: .ansi16), charset: .unicode,
                                          snapshot: snapshot, isFocused: true, isZoomed: true)
                drawn += lab.pane.render(context).plainText() + "\n"
            }
            for readout in lab.readouts {
                let isDrawn = drawn.contains(readout.label)
                #expect(isDrawn, "\(lab.id).\(readout.name): no view draws '\(readout.label)'")
            }
        }
    }

    /// A snapshot of each view a lab has (each value its view-choosing step parameters reach),
    /// after a few steps, with the optimizer also under a constraint.
    static func views(of lab: Lab) -> [any SimulationSnapshot] {
        func walk<S: Simulation>(_ type: S.Type) -> [any SimulationSnapshot] {
            // Readouts some views draw only in some states: several classes, a regulariser, a
            // quadratic surface, a constraint, the step-scale arrows.
            let special: [PaneID: [[(String, ParameterValue)]]] = [
                .boundary: [[("dataset", .text("blobs3"))], [("regularization", .text("l2"))]],
                .optimizer: [[("constraint", .text("x + y >= 1"))], [("surface", .text("quadratic"))],
                             [("scale", .flag(true)), ("optimizers", .text("adam"))],
                             [("optimizers", .text("adagrad,adamw"))]],
                .backprop: [[("batch", .integer(4)), ("formula", .text("x*y + sin(x*y)"))]],
                .entropy: [[("mode", .text("gradcheck")), ("function", .text("kl-q"))]],
            ]
            let setups: [[(String, ParameterValue)]] = [[]] + (special[S.pane] ?? [])
            var snapshots: [any SimulationSnapshot] = []
            for setup in setups {
                var simulation = S(seed: 1)
                for (name, value) in setup { try? simulation.apply(name, value) }
                // Each view a key reaches (v, m, ...): every key command of the pane, pressed up to
                // six times in a row.
                for (key, _, _) in keyCommands(lab, snapshot: simulation.snapshot()) {
                    var copy = simulation
                    for _ in 0..<6 {
                        guard case .command(.set(_, let name, let value))? = lab.pane.input(for: key, snapshot: copy.snapshot()) else { break }
                        try? copy.apply(name, value)
                        for _ in 0..<3 { copy.step() }
                        snapshots.append(copy.snapshot())
                    }
                }
                for stepper in ["modeStep", "viewStep"] where S.parameter(named: stepper) != nil {
                    for _ in 0..<12 {
                        for _ in 0..<40 { simulation.step() }
                        snapshots.append(simulation.snapshot())
                        try? simulation.apply(stepper, .integer(1))
                    }
                }
                for _ in 0..<40 { simulation.step() }
                snapshots.append(simulation.snapshot())
            }
            return snapshots
        }
        return walk(lab.simulation)
    }

    static func same(_ a: [(name: String, value: ParameterValue)], _ b: [(name: String, value: ParameterValue)]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.name == $1.name && close($0.value, $1.value) }
    }

    static func difference(_ a: [(name: String, value: ParameterValue)], _ b: [(name: String, value: ParameterValue)]) -> String {
        let before = Dictionary(a.map { ($0.name, $0.value) }, uniquingKeysWith: { x, _ in x })
        let after = Dictionary(b.map { ($0.name, $0.value) }, uniquingKeysWith: { x, _ in x })
        return Set(before.keys).union(after.keys).sorted().compactMap { name in
            let x = before[name], y = after[name]
            if let x, let y, close(x, y) { return nil }
            return "\(name): \(x?.shown ?? "-") -> \(y?.shown ?? "-")"
        }.joined(separator: ", ")
    }

    /// Equal, numbers within 1e-12 (a renormalised distribution may move by an ulp).
    static func close(_ a: ParameterValue, _ b: ParameterValue) -> Bool {
        func near(_ x: [Double], _ y: [Double]) -> Bool { x.count == y.count && zip(x, y).allSatisfy { abs($0 - $1) <= 1e-12 } }
        switch (a, b) {
        case (.number(let x), .number(let y)): return near([x], [y])
        case (.vector(let x), .vector(let y)): return near(x, y)
        case (.matrix(let x), .matrix(let y)): return near(x.flatMap { $0 }, y.flatMap { $0 }) && x.count == y.count
        default: return a == b
        }
    }
}

extension ParameterValue {
    /// A number plus `delta`, wrapped into [0, 2π) like an angle.
    func adding(_ delta: Double) -> ParameterValue {
        guard case .number(let x) = self else { return self }
        let turn = 2 * Double.pi
        let wrapped = (x + delta).truncatingRemainder(dividingBy: turn)
        return .number(wrapped < 0 ? wrapped + turn : wrapped)
    }
}

/// Each pane's help lists exactly the keys its `input` answers.
struct PaneKeyHelpTests {
    static func paneKeys(_ name: String) -> [PaneKey] {
        if name == "arrows" { return [.left, .right, .up, .down] }
        return paneKey(name).map { [$0] } ?? []
    }

    static func paneKey(_ name: String) -> PaneKey? {
        switch name {
        case "Left", "←": return .left
        case "Right", "→": return .right
        case "Up", "↑": return .up
        case "Down", "↓": return .down
        case "PgUp": return .pageUp
        case "PgDn": return .pageDown
        case "Home": return .home
        case "End": return .end
        default: return name.count == 1 ? .character(Character(name)) : nil
        }
    }

    @Test func helpListsEveryAnsweredKeyAndOnlyThose() throws {
        for lab in LabRegistry.all {
            // A pane's keys may depend on its view: a listed key works in some view, and a key
            // that works in any view is listed.
            let snapshots = LabDescriptionTests.views(of: lab)
            func answers(_ key: PaneKey) -> Bool { snapshots.contains { lab.pane.input(for: key, snapshot: $0) != nil } }
            // "graph  a / o / c": a view's name, two spaces, then its keys.
            let listed = lab.pane.keyHelp.map { $0.keys.components(separatedBy: "  ").last ?? $0.keys }
                .flatMap { $0.components(separatedBy: " / ") }
                .flatMap { $0.components(separatedBy: ", ") }.flatMap { $0.components(separatedBy: " or ") }
                .flatMap { $0.components(separatedBy: " ") }
                .flatMap(Self.paneKeys)
            for key in listed {
                #expect(answers(key), "\(lab.id) lists \(key) but does not answer it")
            }
            for key in LabDescriptionTests.candidateKeys where answers(key) {
                #expect(listed.contains(key), "\(lab.id) answers \(key) but its help does not list it")
            }
        }
    }
}
