import Foundation
import Testing

/// The `gradscope` command line as a user types it, with no terminal attached.
struct CommandLineTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    func gradscope(_ arguments: String..., environment: [String: String] = ["LANG": "C.UTF-8", "TERM": "xterm-256color"]) -> Run {
        gradscope(arguments, environment: environment)
    }

    /// `binary` (default: the one under test) run in `directory` (default: the test's own).
    func gradscope(_ arguments: [String], environment: [String: String] = ["LANG": "C.UTF-8", "TERM": "xterm-256color"],
                   binary: String? = nil, directory: String? = nil) -> Run {
        let folder = FileManager.default.temporaryDirectory
        let out = folder.appendingPathComponent("gradscope-cli-\(UUID().uuidString).out").path
        let err = folder.appendingPathComponent("gradscope-cli-\(UUID().uuidString).err").path
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        var env = environment
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let program = binary ?? TmuxHarness.binary!
        // In another folder: a shell changes to it and execs the program with the same arguments.
        let status = directory.map {
            spawnAndWait("/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", $0, program] + arguments, outputPath: out, errorPath: err,
                         environment: env)
        } ?? spawnAndWait(program, arguments, outputPath: out, errorPath: err, environment: env)
        return Run(status: status,
                   output: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                   errors: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    /// Bad usage: exit status 2 and exactly one line on stderr saying where and why.
    func expectUsageError(_ run: Run, mentions fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 2, "status \(run.status), stderr: \(run.errors)", sourceLocation: sourceLocation)
        let lines = run.errors.split(separator: "\n")
        #expect(lines.count == 1, "want one line, got:\n\(run.errors)", sourceLocation: sourceLocation)
        #expect(run.errors.hasPrefix("gradscope: "), sourceLocation: sourceLocation)
        #expect(run.errors.contains(fragment), "'\(fragment)' not in: \(run.errors)", sourceLocation: sourceLocation)
        #expect(run.output.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func unknownFlagIsOneLineAndStatus2() {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        expectUsageError(gradscope("--frobnicate"), mentions: "--frobnicate")
        expectUsageError(gradscope("render", "--pane", "nosuch"), mentions: "nosuch")
        expectUsageError(gradscope("render", "--pane", "doctor", "--size", "100by30"), mentions: "100by30")
        expectUsageError(gradscope("--color", "purple"), mentions: "purple")
    }

    /// A value starting with a minus sign is taken as the value, as users type it, and then
    /// judged on its merits (not "missing value for --rate").
    @Test func negativeValuesInTheSpaceForm() {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        expectUsageError(gradscope("dashboard", "--rate", "-5"), mentions: "got -5")
        expectUsageError(gradscope("dashboard", "--fps", "-30"), mentions: "got -30")
    }

    @Test func helpOnEverySubcommand() {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        for command in [[], ["dashboard"], ["doctor"], ["render"]] {
            let run = command.isEmpty ? gradscope("--help") : gradscope(command[0], "--help")
            #expect(run.status == 0, "\(command) --help: \(run.errors)")
            #expect(run.output.contains("USAGE:"), "\(command) --help printed:\n\(run.output)")
        }
    }

    /// Headless render: no tty, exact size, and the same inputs give byte-identical output.
    @Test func renderIsDeterministicWithoutATerminal() {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        for format in ["text", "ansi"] {
            let first = gradscope("render", "--pane", "doctor", "--size", "100x30", "--format", format)
            let second = gradscope("render", "--pane", "doctor", "--size", "100x30", "--format", format)
            #expect(first.status == 0, "render failed: \(first.errors)")
            #expect(first.output == second.output, "\(format) output differs between two runs")
            let lines = first.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == 30, "\(format): \(lines.count) lines")
            if format == "text" {
                #expect(!first.output.contains("\u{1B}"), "text output must carry no escapes")
                #expect(first.output.contains("Doctor"))
            } else {
                #expect(first.output.contains("\u{1B}["), "ansi output must carry colour")
            }
        }
    }

    @Test func doctorJSONWithoutATerminal() throws {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let run = gradscope("doctor", "--json", environment: ["LANG": "C", "TERM": "vt100", "NO_COLOR": "1"])
        #expect(run.status == 0, "doctor --json failed: \(run.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        #expect(object?["term"] as? String == "vt100")
        #expect(object?["isUTF8"] as? Bool == false)
        #expect(object?["charset"] as? String == "ascii")
        #expect(object?["colorTier"] as? String == "none")
    }

    @Test func calcEntropyAndSoftmax() throws {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let yut = gradscope("calc", "entropy", "--p", "0.25,0.375,0.25,0.0625,0.0625")
        #expect(yut.status == 0 && yut.output.contains("H(P) = 2.0306 bits"), "\(yut.output)\(yut.errors)")
        let json = gradscope("calc", "softmax", "--logits", "-1,2,0.5", "--temperature", "0.5", "--json")
        #expect(json.status == 0, "\(json.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        let probabilities = object?["probabilities"] as? [Double] ?? []
        #expect(probabilities.count == 3 && abs(probabilities.reduce(0, +) - 1) < 1e-12)
        expectUsageError(gradscope("calc", "entropy", "--p", "0.5,0.4"), mentions: "--normalize")
        expectUsageError(gradscope("calc", "entropy", "--p", "0.5,0.5", "--q", "0.2,0.3,0.5"), mentions: "same outcomes")
        expectUsageError(gradscope("calc", "softmax", "--logits", "1,2", "--temperature", "0"), mentions: "--temperature")
        expectUsageError(gradscope("calc", "softmax", "--logits", ""), mentions: "--logits is empty")
        expectUsageError(gradscope("calc", "entropy", "--p", "0.5,x"), mentions: "'x' is not a number")
    }

    @Test func calcOptimizePrintsATrajectory() throws {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let run = gradscope("calc", "optimize", "--surface", "rosenbrock", "--optimizer", "adam", "--lr", "0.05",
                            "--start", "-2,2", "--steps", "100", "--every", "50", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        let steps = (object?["trajectory"] as? [[String: Any]])?.compactMap { $0["step"] as? Int }
        #expect(steps == [0, 50, 100])
        expectUsageError(gradscope("calc", "optimize", "--surface", "nowhere", "--optimizer", "sgd"), mentions: "is not a surface name")
        expectUsageError(gradscope("calc", "optimize", "--surface", "booth", "--optimizer", "sgd", "--start", "-1"), mentions: "--start")
    }

    @Test func calcKKTAnswersOrRefusesWithStatus2() throws {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let run = gradscope("calc", "kkt", "--f", "x^2 + y^2", "--subject-to", "x + y = 2", "--subject-to", "x >= 1.5", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        let mu = object?["mu"] as? [Double], lambda = object?["lambda"] as? [Double]
        #expect(mu.map { abs($0[0] - 2) < 1e-12 } == true && lambda.map { abs($0[0] + 1) < 1e-12 } == true, "\(run.output)")
        #expect((object?["gap"] as? Double).map { abs($0) < 1e-12 } == true)
        expectUsageError(gradscope("calc", "kkt", "--f", "x + y", "--subject-to", "y >= 0"), mentions: "unbounded below")
        expectUsageError(gradscope("calc", "kkt", "--f", "x^2", "--subject-to", "-x >= 1", "--subject-to", "x >= 1"),
                         mentions: "no point satisfies every constraint")
    }

    @Test func calcDerivativesOfTypedFormulas() throws {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let run = gradscope("calc", "jacobian", "--f", "2*x1 + x2^2, -x1^2 + 3*x2, 4*x1*x2", "--at", "2,1", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        #expect(object?["jacobian"] as? [[Double]] == [[2, 2], [-4, 3], [4, 8]])
        expectUsageError(gradscope("calc", "gradient", "--f", "sin(x", "--at", "-1,2"), mentions: "(column 6)")
        let custom = gradscope("calc", "optimize", "--surface", "(x-1)^2 + 3*(y+2)^2", "--optimizer", "adam", "--lr", "0.1",
                               "--steps", "400", "--every", "400", "--json")
        #expect(custom.status == 0, "\(custom.errors)")
        #expect(custom.output.contains("\"step\": 400"))
    }
}

/// `calc backprop` from the shell: JSON for a typed network, and bad input as one line, status 2.
struct CalcBackpropCommandLineTests {
    @Test func backpropPrintsJSONAndRefusesBadInput() {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let cli = CommandLineTests()
        let run = cli.gradscope("calc", "backprop", "--weights", #"[{"W": [[0.4, -0.6], [0.7, 0.2]], "b": [0.1, -0.1]}, {"W": [[0.8, -0.5]], "b": [0.05]}]"#,
                                "--input", "0.5,-1", "--target", "1", "--json")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains(#""loss": 0.4381761240883736"#), "\(run.output)")
        cli.expectUsageError(cli.gradscope("calc", "backprop", "--input", "1,nan"), mentions: "--input: entry 2 is nan")
        cli.expectUsageError(cli.gradscope("calc", "backprop", "--layers", "2,3,1", "--target", "1.5"),
                             mentions: "--target: target entry 1 is 1.5")
        cli.expectUsageError(cli.gradscope("calc", "backprop", "--weights", "/nonexistent/weights.json"),
                             mentions: "--weights: /nonexistent/weights.json: does not exist")
    }
}
