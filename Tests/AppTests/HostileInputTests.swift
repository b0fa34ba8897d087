@testable import App
import Calc
import Canvas
import Foundation
import SimulationCore
import Testing
@testable import Labs
@testable import Scenes

/// What may never reach a terminal from outside: C0 controls other than newline (ESC, BEL, ...),
/// DEL, C1 controls (as scalars: U+0080-U+009F, e.g. U+009B, a one-character CSI), the line and
/// paragraph separators, and bidi / zero-width format characters.
func forbiddenScalars(_ text: String) -> [UInt32] {
    text.unicodeScalars.filter { scalar in
        let v = scalar.value
        return (v < 0x20 && v != 0x0A) || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
            || scalar.properties.generalCategory == .format
    }.map(\.value)
}

/// A hostile payload, written as YAML double-quoted escapes so the scene file itself is valid:
/// OSC 52 (clipboard write) ended by BEL, a C1 CSI clearing the screen, a right-to-left override
/// and a line separator.
let hostileYAML = #"\u001b]52;c;SGVsbG8=\u0007\u009b2J\u202e\u2028"#
/// The same payload as `sanitize(removed: .shown)` writes it in a message.
let hostileShown = #"\x1b]52;c;SGVsbG8=\x07\x9b2J\u{202e}\u{2028}"#

@Suite struct HostileSceneTests {
    /// Every place a scene's own words are echoed in a message, each with the payload in it.
    static let fields: [(name: String, scene: String)] = [
        ("scene key", "title: T\n\"k\(hostileYAML)\": 1\nsteps: []\n"),
        ("layout key", "title: T\nlayout: {\"k\(hostileYAML)\": 1}\nsteps: []\n"),
        ("layout pane", "title: T\nlayout: {panes: [\"p\(hostileYAML)\"]}\nsteps: []\n"),
        ("layout focus", "title: T\nlayout: {focus: \"p\(hostileYAML)\"}\nsteps: []\n"),
        ("step kind", "title: T\nsteps:\n  - \"k\(hostileYAML)\": 1\n"),
        ("bare step", "title: T\nsteps:\n  - \"k\(hostileYAML)\"\n"),
        ("set pane", "title: T\nsteps:\n  - set: {\"p\(hostileYAML).x\": 1}\n"),
        ("set parameter", "title: T\nsteps:\n  - set: {\"linear.p\(hostileYAML)\": 1}\n"),
        ("set value", "title: T\nsteps:\n  - set: {linear.preset: \"v\(hostileYAML)\"}\n"),
        ("formula value", "title: T\nsteps:\n  - set: {optimizer.surface: \"x\(hostileYAML)\"}\n"),
        ("animate option", "title: T\nsteps:\n  - animate: {parameter: entropy.temperature, to: 2, seconds: 1, \"o\(hostileYAML)\": 1}\n"),
        ("animate parameter", "title: T\nsteps:\n  - animate: {parameter: \"entropy.t\(hostileYAML)\", to: 2, seconds: 1}\n"),
        ("easing", "title: T\nsteps:\n  - animate: {parameter: entropy.temperature, to: 2, seconds: 1, easing: \"e\(hostileYAML)\"}\n"),
        ("readout", "title: T\nsteps:\n  - highlight: \"linear.r\(hostileYAML)\"\n"),
        ("language", "title: T\nsteps:\n  - caption: {\"l\(hostileYAML)\": hi}\n"),
        ("focus pane", "title: T\nsteps:\n  - focus: \"p\(hostileYAML)\"\n"),
        ("run option", "title: T\nsteps:\n  - run: {\"o\(hostileYAML)\": 1}\n"),
        ("question part", "title: T\nsteps:\n  - question: {ask: a, answer: b, \"q\(hostileYAML)\": c}\n"),
        ("wait", "title: T\nsteps:\n  - wait: \"w\(hostileYAML)\"\n"),
        ("zoom", "title: T\nsteps:\n  - zoom: \"z\(hostileYAML)\"\n"),
        ("seed", "title: T\nseed: \"s\(hostileYAML)\"\nsteps: []\n"),
        ("number", "title: T\nrate: \"r\(hostileYAML)\"\nsteps: []\n"),
        ("asset path", "title: T\nsteps:\n  - set: {boundary.csv: \"a\(hostileYAML)\"}\n"),
    ]

    func messages(_ text: String, name: String = "s.yaml") throws -> [String] {
        let folder = NSTemporaryDirectory() + "gradscope-hostile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try text.write(toFile: folder + "/" + name, atomically: false, encoding: .utf8)
        try "x,y,label\n1,2,0\n1,\u{1b}]52;c;QQ==\u{07},1\n".write(toFile: folder + "/data.csv", atomically: false, encoding: .utf8)
        switch SceneScript.load(path: folder + "/" + name) {
        case .success: return []
        case .failure(let problems):
            return problems.diagnostics.map { $0.description.replacingOccurrences(of: folder + "/", with: "") }
        }
    }

    @Test(arguments: fields)
    func everyEchoedFieldShowsControlsAsEscapes(name: String, scene: String) throws {
        let found = try messages(scene)
        #expect(!found.isEmpty, "\(name): the scene was accepted")
        for message in found {
            #expect(forbiddenScalars(message).isEmpty, "\(name): \(message.debugDescription)")
            #expect(!message.contains("\n"))
        }
        #expect(found.contains { $0.contains(hostileShown) || $0.contains(#"\x1b]52;c;SGVsbG8=\x07\x9b2J\u{202e}"#) },
                "\(name): the payload is not shown in \(found)")
    }

    @Test func messagesReadLikeThis() throws {
        #expect(try messages("title: T\nsteps:\n  - \"caption\(hostileYAML)\": hi\n")
                == [#"s.yaml:3:5: unknown step kind 'caption\x1b]52;c;SGVsbG8=\x07\x9b2J\u{202e}\u{2028}'; expected one of: "#
                    + "section, caption, set, frame, animate, run, wait, focus, zoom, highlight, question, reset, seed"])
        #expect(try messages("title: T\nsteps:\n  - set: {boundary.csv: data.csv}\n")
                == [#"s.yaml:3:5: boundary.csv: CSV line 3: y '\x1b]52;c;QQ==\x07' is not a finite decimal number"#])
        // The file's own name is shown the same way.
        #expect(try messages("title: T\nbad: 1\nsteps: []\n", name: "e\u{1b}[2J.yaml")
                == [#"e\x1b[2J.yaml:2:1: unknown scene key 'bad'; expected one of: title, seed, rate, pause, layout, steps"#])
    }

    /// Captions, titles and questions are shown, so their controls are dropped (a U+2028 is a
    /// line break there).
    @Test func displayedTextIsClean() throws {
        let text = "title: \"T\(hostileYAML)x\"\nsteps:\n  - section: \"S\(hostileYAML)\"\n  - caption: \"one\\u2028two\\u001b[31m\"\n"
            + "  - question: {ask: \"a\\u0007?\", answer: \"b\\u009b\"}\n"
        guard case .success(let scene) = SceneParser.parse(text, file: "s.yaml") else {
            Issue.record("not parsed")
            return
        }
        #expect(scene.title.text(in: "en") == "T]52;c;SGVsbG8=2J\nx")
        #expect(scene.steps.map(\.action) == [.section(LocalizedText("S]52;c;SGVsbG8=2J")), .caption(LocalizedText("one\ntwo[31m")),
                                               .question(ask: LocalizedText("a?"), answer: LocalizedText("b"))])
    }

    /// Raw control characters (which YAML refuses) and raw line separators (which YAML counts as
    /// line breaks, unlike editors) are reported where they are, not at 1:1.
    @Test func rawControlCharactersAreLocated() throws {
        #expect(try messages("title: T\nsteps:\n  - caption: \"hi \u{1b}[2J\"\n")
                == [#"s.yaml:3:18: control character \x1b (U+001B) is not allowed in a scene file; remove it"#])
        #expect(try messages("title: T\r\nsteps:\r\n  - caption: a\u{7}b\r\n")
                == [#"s.yaml:3:15: control character \x07 (U+0007) is not allowed in a scene file; remove it"#])
        #expect(try messages("title: T\nsteps:\n  - caption: one\u{2028}two\n")
                == [#"s.yaml:3:17: \u{2028} (U+2028, a line break only YAML sees) is not allowed in a scene file; use an ordinary newline"#])
        #expect(try messages("title: T\n\u{85}steps: []\n")
                == [#"s.yaml:2:1: \x85 (U+0085, a line break only YAML sees) is not allowed in a scene file; use an ordinary newline"#])
        #expect(try messages("title: 가나\u{9b}\n")
                == [#"s.yaml:1:10: control character \x9b (U+009B) is not allowed in a scene file; remove it"#])
        #expect(try messages("\u{feff}title: T\nsteps: []\n") == [])  // a byte-order mark at the start is fine
    }

    /// Numbers are decimal in scenes too: YAML 1.1 would read 0x10 as 16 and 010 as 8.
    @Test func numbersAreDecimal() throws {
        #expect(try messages("title: T\nseed: 0x10\nsteps: []\n")
                == ["s.yaml:2:7: seed must be a whole number (got '0x10'); write numbers in decimal (such as 16, -0.5 or 1e-3)"])
        #expect(try messages("title: T\nsteps:\n  - run: {steps: 1_000}\n")
                == ["s.yaml:3:18: steps must be a whole number (got '1_000'); write numbers in decimal (such as 16, -0.5 or 1e-3)"])
        #expect(try messages("title: T\nsteps:\n  - set: {entropy.temperature: 0x2}\n")
                == ["s.yaml:3:32: needs a finite number (got '0x2'); write numbers in decimal (such as 16, -0.5 or 1e-3)"])
        #expect(try messages("title: T\nsteps:\n  - wait: .inf\n") == ["s.yaml:3:11: wait (seconds, or 'key') must be a number (got '.inf')"])
        guard case .success(let scene) = SceneParser.parse("title: T\nseed: 010\nsteps:\n  - seed: 18446744073709551615\n", file: "s.yaml") else {
            Issue.record("not parsed")
            return
        }
        #expect(scene.seed == 10)  // decimal, not octal
        #expect(scene.steps.map(\.action) == [.command(.reseed(UInt64.max))])  // the whole range of --seed
        #expect(try messages("title: T\nseed: 18446744073709551616\nsteps: []\n")
                == ["s.yaml:2:7: seed must be in 0...18446744073709551615 (got 18446744073709551616)"])
    }

    @Test func sceneFilesAreBounded() throws {
        let folder = NSTemporaryDirectory() + "gradscope-bounded-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let big = folder + "/big.yaml"
        try ("title: T\nsteps:\n" + String(repeating: "  - run: 1\n", count: 100_001)).write(toFile: big, atomically: false, encoding: .utf8)
        guard case .failure(let problems) = SceneParser.load(path: big) else { Issue.record("accepted"); return }
        #expect(problems.map(\.message) == ["the file is 1.1 MB (1100027 bytes); scene files are limited to 1 MB"])
        // A FIFO is refused at once (reading it would wait for a writer forever).
        let fifo = folder + "/pipe.yaml"
        #expect(mkfifo(fifo, 0o600) == 0)
        guard case .failure(let fifoProblems) = SceneParser.load(path: fifo) else { Issue.record("accepted"); return }
        #expect(fifoProblems.map(\.message) == ["the file is a named pipe (FIFO), not a regular file"])
        guard case .failure(let folderProblems) = SceneParser.load(path: folder) else { Issue.record("accepted"); return }
        #expect(folderProblems.map(\.message) == ["the file is a folder, not a regular file"])
    }
}

@Suite struct HostileJSONTests {
    /// Line-based readers split on U+2028 and U+2029; terminals act on C1; JSON escapes them all.
    @Test func invisiblesAreEscaped() {
        #expect(JSONText.quoted("a\u{2028}b\u{2029}c") == #""a\u2028b\u2029c""#)
        #expect(JSONText.quoted("\u{1b}[2J\u{7}\u{9b}\u{7f}") == #""\u001b[2J\u0007\u009b\u007f""#)
        #expect(JSONText.quoted("rtl\u{202e} tag\u{e0041} \"q\" \\ 안녕\n") == #""rtl\u202e tag\udb40\udc41 \"q\" \\ 안녕\n""#)
        #expect(JSONText.escapingInvisibles("{\n  \"t\": \"x\u{2028}\u{85}\"\n}") == "{\n  \"t\": \"x\\u2028\\u0085\"\n}")
        // The escapes read back as the same text.
        let hostile = "x\u{1b}]52;c;QQ==\u{7}\u{9b}\u{202e}\u{2028}y"
        let decoded = try? JSONDecoder().decode(String.self, from: Data(JSONText.quoted(hostile).utf8))
        #expect(decoded == hostile)
    }

    /// The cast header (and every event) stays one line whatever the scene's title holds.
    @Test func castHeaderIsOneLine() throws {
        let folder = NSTemporaryDirectory() + "gradscope-cast-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "title: {en: \"Line\\u2028separated\\u2029title\\u0085\"}\nsteps:\n  - section: \"a\\u2028b\"\n  - run: 0.2\n"
            .write(toFile: folder + "/s.yaml", atomically: false, encoding: .utf8)
        let cast = try Launch.record(AppConfiguration(), path: folder + "/s.yaml", output: "-", width: 40, height: 12,
                                     framesPerSecond: 5, language: "en", overwrite: false)
        let lines = cast.split(separator: "\n")
        #expect(lines.first?.hasPrefix(#"{"version": 2, "width": 40, "height": 12, "title": "Line\nseparated\ntitle", "#) == true,
                "\(lines.first ?? "")")
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed])) != nil })
        #expect(!cast.unicodeScalars.contains { [0x2028, 0x2029, 0x85, 0x1B].contains($0.value) })
    }

    /// `calc train --seed` takes any UInt64 (2^63 used to trap converting to Int).
    @Test func seedsBeyondIntMax() throws {
        var request = CalcTrain.Request()
        request.epochs = 1
        for seed: UInt64 in [1 << 63, UInt64.max] {
            request.seed = seed
            let report = try CalcTrain.report(request)
            #expect(report.json.text().contains("\"seed\": \(seed),"))
            #expect(report.text.contains("seed \(seed)\n"))
        }
    }
}

@Suite struct OverflowCalcTests {
    /// [[1e308, 1e308], [1e308, 1e308]]: rank 1 (numpy.linalg.matrix_rank(A / 1e308) = 1; numpy on
    /// A itself says 0), σ₁ = 2e308 (beyond the range: inf), λ = 2e308 and 0, A⁺ = A / (4e616),
    /// each entry numpy.linalg.pinv(A / 1e308)[0, 0] / 1e308 = 2.499999999999997e-309.
    @Test func hugeMatrix() throws {
        let report = try LinearCalc.report(matrix: "1e308,1e308;1e308,1e308", vector: nil)
        #expect(report.text.contains("rank              1\n"))
        #expect(report.text.contains("singular values   inf  0.0000\n"))
        #expect(report.text.contains("  lambda1 = inf\n") && report.text.contains("  lambda2 = 0.0000\n"))
        #expect(report.text.contains("pseudo-inverse A+ (Moore-Penrose)\n  [ 2.5000e-309  2.5000e-309 ]\n  [ 2.5000e-309  2.5000e-309 ]\n"))
        let json = try JSONSerialization.jsonObject(with: Data(report.json.text().utf8)) as? [String: Any]
        #expect(json?["rank"] as? Int == 1)
        let eigenvalues = json?["eigenvalues"] as? [[String: Any]]
        #expect(eigenvalues?.first?["re"] as? String == "inf" && eigenvalues?.first?["im"] as? Int == 0)
    }

    /// `--p 1e308,1e308 --normalize`: P = (0.5, 0.5), H = 1 bit (the sum overflows; the ratio does not).
    @Test func hugeWeightsNormalise() throws {
        let report = try CalcInformation.entropy(p: [1e308, 1e308], q: nil, base: .bits, normalize: true)
        #expect(report.text.hasPrefix("P = (0.5000, 0.5000)\nH(P) = 1.0000 bits\n"))
        #expect(throws: CalcInputError("--p is all zeros; cannot normalize")) {
            try CalcInformation.entropy(p: [0, 0], q: nil, base: .bits, normalize: true)
        }
    }

    @Test func numbersOnTheCommandLineAreDecimal() {
        for (text, message) in [("0x10", "--p: entry 1 '0x10' is not a number (decimal, such as 2, -0.5 or 1e-3)"),
                                ("1e999", "--p: entry 1 is 1e999, beyond the largest number (about 1.8e308)"),
                                ("inf", "--p: entry 1 is inf; only finite numbers are allowed")] {
            #expect(throws: CalcInputError(message)) { try CalcInput.vector(text, option: "--p") }
        }
        #expect(throws: CalcInputError("--set 'entropy.temperature=1e999': 1e999 is beyond the largest number (about 1.8e308)")) {
            try SettingParser.command("entropy.temperature=1e999")
        }
        #expect((try? SettingParser.command("optimizer.surface=0x10")) == .set(pane: .optimizer, parameter: "surface", value: .text("0x10")))
    }
}
