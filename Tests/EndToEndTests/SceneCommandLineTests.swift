import Foundation
import Testing

/// `check`, `render --scene`, `record` and `follow` as a user types them, no terminal attached.
struct SceneCommandLineTests {
    let cli = CommandLineTests()
    static let root = #filePath.components(separatedBy: "/Tests/")[0]
    static let scene = root + "/scenes/determinant.yaml"

    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-\(UUID().uuidString)-\(name)").path
    }

    @Test func checkListsEveryProblemAndExitsTwo() throws {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let bad = temporary("bad.yaml")
        try "title: T\nsteps:\n  - captoin: hi\n  - set: {linear.preset: 3.5}\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let run = cli.gradscope("check", Self.scene, bad)
        #expect(run.status == 2)
        #expect(run.output.split(separator: "\n").map(String.init) == [
            "\(Self.scene): ok: 15 steps, 2 sections, 0:20 played by itself, languages en, ko",
            "\(bad):3:5: unknown step kind 'captoin'; did you mean 'caption'?",
        ])
        #expect(cli.gradscope("check", Self.scene).status == 0)
    }

    @Test func aSceneMomentRendersByteIdentically() {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let first = cli.gradscope("render", "--scene", Self.scene, "--at", "7.3", "--size", "80x24", "--format", "ansi", "--lang", "ko")
        let second = cli.gradscope("render", "--scene", Self.scene, "--at", "7.3", "--size", "80x24", "--format", "ansi", "--lang", "ko")
        #expect(first.status == 0 && !first.output.isEmpty)
        #expect(first.output == second.output)
        let step = cli.gradscope("render", "--scene", Self.scene, "--step", "8", "--size", "80x24")
        #expect(step.output.contains("step 8/15") && step.output.contains("det A  5.000"))
        cli.expectUsageError(cli.gradscope("render", "--scene", Self.scene, "--step", "99"), mentions: "--step must be in 0...15")
    }

    @Test func recordWritesACastAndNeverOverwrites() throws {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let cast = temporary("d.cast")
        defer { try? FileManager.default.removeItem(atPath: cast) }
        let run = cli.gradscope("record", Self.scene, "-o", cast, "--size", "80x24", "--fps", "5")
        #expect(run.status == 0, "\(run.errors)")
        let text = try String(contentsOfFile: cast, encoding: .utf8)
        #expect(text.hasPrefix(#"{"version": 2, "width": 80, "height": 24, "title": "The determinant is an area""#))
        #expect(text.contains(#", "m", "Orientation"]"#))
        // A second record to the same file keeps the first.
        let again = cli.gradscope("record", Self.scene, "-o", cast)
        #expect(again.status == 2 && again.errors.contains("exists (not overwritten)"))
        #expect(try String(contentsOfFile: cast, encoding: .utf8) == text)
        // --force onto a folder: one plain line, the folder untouched.
        let folder = NSTemporaryDirectory()
        let onFolder = cli.gradscope("record", Self.scene, "-o", folder, "--force")
        #expect(onFolder.status == 2 && onFolder.errors == "gradscope: cannot record to \(folder): is a folder; only a regular file is replaced, so it is left untouched\n",
                "\(onFolder.errors)")
    }

    @Test func followingNobodySaysSo() {
        guard TmuxHarness.binary != nil else { Issue.record("no gradscope binary"); return }
        let run = cli.gradscope("follow", temporary("none.sock"))
        #expect(run.status == 1)
        #expect(run.errors.contains("no lecture is being served there (no such socket)"), "\(run.errors)")
    }
}
