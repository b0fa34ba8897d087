import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Hostile input through the real binary: every byte it writes to standard output, standard
/// error and (in `play`) the terminal is checked for ESC, BEL, other C0 controls, C1 controls
/// (U+0080-U+009F, in UTF-8 as C2 80..C2 9F), U+2028/U+2029 and bidi/format characters —
/// except the program's own escape sequences on the terminal, which are told apart below.
struct HostileInputEndToEndTests {
    let cli = CommandLineTests()

    /// OSC 52 (write the clipboard; no '=' so `--set` takes it whole) ended by BEL, a C1 CSI clearing the screen, a right-to-left
    /// override and a line separator.
    static let payload = "\u{1b}]52;c;SGVsbG8\u{07}\u{9b}2J\u{202e}\u{2028}"
    /// The payload as YAML double-quoted escapes (a scene file must itself be valid YAML).
    static let payloadYAML = #"\u001b]52;c;SGVsbG8\u0007\u009b2J\u202e\u2028"#

    /// The scalars of `text` (decoded as UTF-8) that must never be printed; newline is fine.
    func forbidden(_ text: String) -> [String] {
        text.unicodeScalars.filter { scalar in
            let v = scalar.value
            return (v < 0x20 && v != 0x0A) || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
                || scalar.properties.generalCategory == .format
        }.map { String(format: "U+%04X", $0.value) }
    }

    func expectClean(_ run: CommandLineTests.Run, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(forbidden(run.output).isEmpty, "\(what) stdout: \(run.output.debugDescription)", sourceLocation: sourceLocation)
        #expect(forbidden(run.errors).isEmpty, "\(what) stderr: \(run.errors.debugDescription)", sourceLocation: sourceLocation)
    }

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A scene with the payload in every field a message echoes (each line is one problem).
    func hostileScene() -> String {
        let p = Self.payloadYAML
        return """
        title: "T\(p)"
        "key\(p)": 1
        layout: {panes: [linear, "pane\(p)"], "lk\(p)": 1}
        steps:
          - "kind\(p)": 1
          - "bare\(p)"
          - set: {"linear.p\(p)": 1, "nopane\(p).x": 1}
          - animate: {parameter: entropy.temperature, to: 2, seconds: 1, easing: "e\(p)", "o\(p)": 1}
          - highlight: "linear.r\(p)"
          - caption: {"l\(p)": hi}
          - focus: "f\(p)"
          - run: {"r\(p)": 1}
          - question: {ask: a, answer: b, "q\(p)": c}
          - wait: "w\(p)"
          - zoom: "z\(p)"
          - seed: "s\(p)"
          - set: {boundary.csv: "a\(p)"}

        """
    }

    @Test func sceneDiagnosticsShowEscapes() throws {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scene = dir + "/s\u{1b}[31m.yaml"
        try hostileScene().write(toFile: scene, atomically: false, encoding: .utf8)
        let check = cli.gradscope("check", scene)
        #expect(check.status == 2)
        expectClean(check, "check")
        let lines = check.output.split(separator: "\n")
        #expect(lines.count >= 17, "\(check.output)")
        #expect(lines.allSatisfy { $0.hasPrefix(dir + #"/s\x1b[31m.yaml:"#) })
        #expect(check.output.contains(#"unknown scene key 'key\x1b]52;c;SGVsbG8\x07\x9b2J\u{202e}\u{2028}'"#))
        for command in [["render", "--scene", scene, "--at", "0"], ["play", scene], ["record", scene, "-o", dir + "/o.cast"]] {
            let run = cli.gradscope(command)
            #expect(run.status == 2 && run.errors.contains(#"\x1b]52;c;SGVsbG8\x07"#), "\(command[0]): \(run.errors)")
            expectClean(run, command[0])
        }
        // Raw controls in the file itself: located, shown.
        try "title: T\nsteps:\n  - caption: \"\u{1b}]0;owned\u{07}\"\n".write(toFile: scene, atomically: false, encoding: .utf8)
        let raw = cli.gradscope("check", scene)
        expectClean(raw, "raw")
        #expect(raw.output.hasSuffix(#".yaml:3:15: control character \x1b (U+001B) is not allowed in a scene file; remove it"# + "\n"))
    }

    @Test func calcAndSettingErrorsShowEscapes() throws {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let csv = dir + "/p.csv"
        try "x,y,label\n1,2,0\n\(Self.payload),1,1\n".write(toFile: csv, atomically: false, encoding: .utf8)
        let cases: [([String], String)] = [
            (["calc", "train", "--csv", csv, "--epochs", "1"], #"--csv: CSV line 3: x '\x1b]52;c;SGVsbG8\x07\x9b2J\u{202e}' is not a finite decimal number"#),
            (["calc", "gradient", "--f", "x+\(Self.payload)", "--at", "1,2"], #"--f: unexpected '\x1b' (column 3)"#),
            (["calc", "linear", "--matrix", "1,\(Self.payload);3,4"], #"--matrix: row 1, column 2 '\x1b]52' is not a number"#),
            (["calc", "entropy", "--p", "0x10,1"], "--p: entry 1 '0x10' is not a number (decimal, such as 2, -0.5 or 1e-3)"),
            (["calc", "softmax", "--logits", "1,2", "--temperature", "0x1p1"], "'0x1p1' is not a number (decimal"),
            // (A value with ';' would be read as a matrix: this one has none.)
            (["render", "--pane", "linear", "--set", "preset=\u{1b}[2J\u{1b}]0 title\u{07}\u{9b}J\u{202e}"],
             #"unknown preset '\x1b[2J\x1b]0 title\x07\x9bJ\u{202e}'"#),
            (["render", "--pane", "linear", "--set", "li\(Self.payload)near.preset=x"], #"unknown pane 'li\x1b]52;c;SGVsbG8\x07\x9b2J\u{202e}"#),
            (["render", "--pane", "\(Self.payload)"], #"(got '\x1b]52;c;SGVsbG8\x07\x9b2J\u{202e}"#),
            (["--frobnicate\(Self.payload)"], #"--frobnicate\x1b]52;c;SGVsbG8\x07\x9b2J\u{202e}"#),
            (["calc", "train", "--csv", dir + "/\u{1b}[2Jnone.csv"], #"/\x1b[2Jnone.csv: does not exist"#),
        ]
        for (arguments, fragment) in cases {
            let run = cli.gradscope(arguments)
            #expect(run.status == 2, "\(arguments): \(run.status) \(run.errors)")
            #expect(run.errors.contains(fragment), "\(arguments): \(run.errors.debugDescription)")
            #expect(run.errors.split(separator: "\n").count == 1, "\(arguments): \(run.errors.debugDescription)")
            expectClean(run, arguments.joined(separator: " "))
        }
    }

    @Test func termAndLocaleFromTheEnvironment() {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let term = "xterm\u{1b}]0;owned\u{07}\u{9b}2J"
        let doctor = cli.gradscope("doctor", environment: ["LANG": "C.UTF-8", "TERM": term])
        #expect(doctor.status == 1)
        #expect(doctor.errors == #"gradscope: TERM=xterm\x1b]0;owned\x07\x9b2J is not a terminal type (a terminfo name is printable ASCII without spaces). "#
                + "Set TERM to your terminal's type (e.g. TERM=xterm-256color).\n")
        expectClean(doctor, "doctor")
        let json = cli.gradscope("doctor", "--json", environment: ["LANG": "C.UTF-8", "TERM": term])
        expectClean(json, "doctor --json")
        let render = cli.gradscope("render", "--pane", "doctor", "--size", "100x30", environment: ["LANG": "C.\u{1b}[5mUTF-8", "TERM": term])
        #expect(render.status == 0)
        expectClean(render, "render doctor")
        #expect(render.output.contains(#"TERM=xterm\x1b]0;owned\x07\x9b2J"#), "\(render.output)")
        let locale = cli.gradscope("doctor", "--json", environment: ["LANG": "C.\u{1b}[5mUTF-8\u{2028}", "TERM": "xterm-256color"])
        #expect(locale.status == 0)
        expectClean(locale, "doctor --json locale")
        #expect(locale.output.contains(#""locale" : "\\x1b[5mUTF-8\\u{2028}""#), "\(locale.output)")
    }

    /// `record --force` replaces a regular file only: a FIFO, a symbolic link (and its target)
    /// and a folder are left as they were. (A FIFO and links in a private folder stand for the
    /// device nodes a root user could name: /dev is never touched.)
    @Test func recordForceReplacesOnlyRegularFiles() throws {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scene = SceneCommandLineTests.scene
        let fifo = dir + "/pipe.cast", target = dir + "/target", link = dir + "/link.cast"
        #expect(mkfifo(fifo, 0o600) == 0)
        try "precious".write(toFile: target, atomically: false, encoding: .utf8)
        #expect(symlink(target, link) == 0)
        let onFIFO = cli.gradscope("record", scene, "-o", fifo, "--force", "--fps", "2")
        #expect(onFIFO.status == 2)
        #expect(onFIFO.errors == "gradscope: cannot record to \(fifo): is a named pipe (FIFO); only a regular file is replaced, so it is left untouched\n")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        let onLink = cli.gradscope("record", scene, "-o", link, "--force", "--fps", "2")
        #expect(onLink.status == 2)
        #expect(onLink.errors == "gradscope: cannot record to \(link): is a symbolic link; only a regular file is replaced, so it is left untouched\n")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        // A regular file is replaced, and nothing else is left in the folder.
        let plain = dir + "/plain.cast"
        try "old".write(toFile: plain, atomically: false, encoding: .utf8)
        let onFile = cli.gradscope("record", scene, "-o", plain, "--force", "--fps", "2")
        #expect(onFile.status == 0, "\(onFile.errors)")
        #expect(try String(contentsOfFile: plain, encoding: .utf8).hasPrefix(#"{"version": 2"#))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir)) == ["pipe.cast", "target", "link.cast", "plain.cast"])
    }

    @Test func seedsAboveIntMax() {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let run = cli.gradscope("calc", "train", "--seed", "9223372036854775808", "--epochs", "2", "--json")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("\"seed\": 9223372036854775808,"))
        let tooBig = cli.gradscope("calc", "train", "--seed", "18446744073709551616", "--epochs", "2")
        #expect(tooBig.status == 2 && tooBig.errors.contains("18446744073709551616"), "\(tooBig.errors)")
    }

    /// `play` on a terminal: every caption, title, section and question holds the payload, and
    /// the bytes gradscope writes to the terminal (as tmux receives them) carry none of it: no
    /// BEL, no OSC/DCS/APC/PM introducer (ncurses uses only CSI and a few two-byte escapes), no
    /// C1 control, no U+2028 or bidi override.
    @Test func playWritesNoForeignControlsToTheTerminal() throws {
        guard TmuxHarness.requirementsMet() else { return }
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = Self.payloadYAML
        let scene = dir + "/captions.yaml"
        try """
        title: {en: "Title\(p)", ko: "제목\(p)"}
        layout: {panes: [linear, entropy]}
        steps:
          - section: "Section\(p)"
          - caption: "Caption\(p) more"
          - wait: key
          - question: {ask: "Ask\(p)?", answer: "Answer\(p)"}
          - wait: key
          - caption: {en: "Second\(p)", ko: "둘째\(p)"}
          - wait: key

        """.write(toFile: scene, atomically: false, encoding: .utf8)
        let raw = dir + "/raw.bin"
        let tmux = TmuxHarness()
        tmux.start(["play", scene], width: 100, height: 30)
        #expect(tmux.waitFor { $0.contains("Caption") }.matched, "\(tmux.screen())")
        tmux.tmux(["pipe-pane", "-o", "-t", "e2e", "cat >> " + shellQuote(raw)])
        tmux.resize(width: 90, height: 30)  // a full redraw while the bytes are being captured
        Thread.sleep(forTimeInterval: 0.5)
        #expect(tmux.waitFor { $0.contains("Caption") }.matched)
        for _ in 0..<4 {
            tmux.send("Space")
            Thread.sleep(forTimeInterval: 0.4)
        }
        #expect(tmux.waitFor { $0.contains("Second") }.matched, "\(tmux.screen())")
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
        tmux.tmux(["pipe-pane", "-t", "e2e"])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: raw)))
        #expect(bytes.count > 1000, "too little captured: \(bytes.count) bytes")
        #expect(!bytes.contains(0x07), "BEL reached the terminal")
        for (index, byte) in bytes.enumerated() where byte == 0x1B && index + 1 < bytes.count {
            // ESC ] (OSC), ESC P (DCS), ESC _ (APC), ESC ^ (PM), ESC X (SOS): never ncurses'.
            #expect(![0x5D, 0x50, 0x5F, 0x5E, 0x58].contains(bytes[index + 1]), "ESC \(bytes[index + 1]) at \(index)")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("]52;c;SGVsbG8"), "the captions' text was not in the capture")
        let foreign = text.unicodeScalars.filter { (0x80...0x9F).contains($0.value) || [0x2028, 0x2029, 0x202E].contains($0.value) }
        #expect(foreign.isEmpty, "\(foreign.map { String($0.value, radix: 16) })")
        #expect(!text.contains("\u{1b}]52"))
        let screen = tmux.screen()
        #expect(forbidden(screen).isEmpty)
    }
}
