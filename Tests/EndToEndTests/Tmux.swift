import Foundation
import Testing

/// Drives the real `gradscope` binary inside a private tmux server and reads its screen.
///
/// Every test uses its own tmux socket (`tmux -L`), so it never touches the user's sessions,
/// and kills that server when done.
final class TmuxHarness {
    let socket = "gradscope-e2e-\(UUID().uuidString.prefix(8))"
    let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-e2e-\(UUID().uuidString).pid").path
    /// A config with no status line, so the pane is exactly the window size.
    let configFile: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-e2e-\(UUID().uuidString).conf").path
        try? "set -g status off\nset -g default-terminal tmux-256color\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    /// The gradscope binary next to the test bundle (swift test builds it), or $GRADSCOPE_BINARY.
    static var binary: String? {
        if let configured = ProcessInfo.processInfo.environment["GRADSCOPE_BINARY"] { return configured }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("gradscope").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    static var tmuxPath: String? {
        for folder in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: folder + "/tmux") {
            return folder + "/tmux"
        }
        return nil
    }

    /// Whether the end-to-end tests can run; under CI=true a missing tmux is a failure.
    static func requirementsMet() -> Bool {
        guard tmuxPath != nil else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("tmux is not installed: the end-to-end tests must run in CI (apt-get install -y tmux)")
            }
            return false
        }
        guard binary != nil else {
            Issue.record("the gradscope binary was not found next to the test bundle; set GRADSCOPE_BINARY")
            return false
        }
        return true
    }

    @discardableResult
    func tmux(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.tmuxPath!)
        process.arguments = ["-L", socket, "-f", configFile] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Starts gradscope with `arguments` in a detached session of `width x height`. The shell
    /// around it prints `EXITED:<status>` when it ends and keeps the pane open.
    func start(_ arguments: [String] = [], width: Int = 120, height: Int = 40,
               environment: [String: String] = [:]) {
        var env = ["TERM": "tmux-256color", "LANG": "C.UTF-8", "LC_ALL": "", "NO_COLOR": ""]
        for (key, value) in environment { env[key] = value }
        let assignments = env.map { "\($0.key)=\(shellQuote($0.value))" }.sorted().joined(separator: " ")
        // The inner shell records its pid and execs gradscope, so the pid file names gradscope.
        let inner = "echo $$ > \(pidFile); exec env \(assignments) \(shellQuote(Self.binary!)) "
            + arguments.map(shellQuote).joined(separator: " ")
        let wrapper = "sh -c " + shellQuote("sh -c " + shellQuote(inner) + "; echo EXITED:$?; sleep 120")
        tmux(["new-session", "-d", "-s", "e2e", "-x", String(width), "-y", String(height), wrapper])
    }

    /// The visible screen as plain lines.
    func screen() -> String { tmux(["capture-pane", "-p", "-t", "e2e"]).output }

    /// The screen with colour escapes.
    func styledScreen() -> String { tmux(["capture-pane", "-p", "-e", "-t", "e2e"]).output }

    /// A tmux format value of the pane, e.g. `#{alternate_on}`.
    func paneFormat(_ format: String) -> String {
        tmux(["display-message", "-p", "-t", "e2e", format]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func send(_ keys: String...) { tmux(["send-keys", "-t", "e2e"] + keys) }

    func resize(width: Int, height: Int) {
        tmux(["resize-window", "-t", "e2e", "-x", String(width), "-y", String(height)])
    }

    /// The pid of gradscope (the shell exec'd it).
    func pid() -> Int32? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Polls the screen until `predicate` holds; returns the last screen seen.
    @discardableResult
    func waitFor(seconds: Double = 20, _ predicate: (String) -> Bool) -> (matched: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = screen()
            if predicate(last) { return (true, last) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return (false, last)
    }

    /// The exit status gradscope ended with, once it has ended.
    func waitForExit(seconds: Double = 20) -> Int? {
        let (matched, text) = waitFor(seconds: seconds) { $0.contains("EXITED:") }
        guard matched, let range = text.range(of: "EXITED:") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    deinit {
        tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: pidFile)
        try? FileManager.default.removeItem(atPath: configFile)
    }
}

func shellQuote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
