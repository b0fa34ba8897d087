import Foundation
import Testing

/// The README's example frames are what their commands draw: each "(`gradscope render ...`)"
/// followed by a code block is run as a reader would type it, and the block must be its output
/// (`GRADSCOPE_UPDATE_README=1` rewrites the blocks; look at the diff).
@Suite(.serialized)
struct ReadmeExampleTests {
    static let root = #filePath.components(separatedBy: "/Tests/")[0]
    let cli = CommandLineTests()

    /// (the command's words, the block's text range) for every example in `readme`.
    static func examples(in readme: String) -> [(words: [String], block: Range<String.Index>)] {
        var found: [(words: [String], block: Range<String.Index>)] = []
        var cursor = readme.startIndex
        while let start = readme.range(of: "(`gradscope render ", range: cursor..<readme.endIndex) {
            guard let end = readme.range(of: "`", range: start.upperBound..<readme.endIndex),
                  let open = readme.range(of: "```", range: end.upperBound..<readme.endIndex),
                  let lineEnd = readme.range(of: "\n", range: open.upperBound..<readme.endIndex),
                  let close = readme.range(of: "\n```", range: lineEnd.upperBound..<readme.endIndex) else { break }
            let command = readme[readme.index(after: start.lowerBound)..<end.lowerBound].dropFirst()
                .replacingOccurrences(of: "\n", with: " ")
            found.append((words(command), lineEnd.upperBound..<readme.index(after: close.lowerBound)))
            cursor = close.upperBound
        }
        return found
    }

    /// Shell words: spaces split, double quotes group.
    static func words(_ command: String) -> [String] {
        var words: [String] = [], word = "", quoted = false, any = false
        for character in command {
            if character == "\"" { quoted.toggle(); any = true; continue }
            if character == " " && !quoted {
                if any { words.append(word) }
                word = ""; any = false
                continue
            }
            word.append(character); any = true
        }
        if any { words.append(word) }
        return words
    }

    @Test(.enabled(if: TmuxHarness.binary != nil, "needs the gradscope binary"))
    func everyExampleFrameIsWhatItsCommandDraws() throws {
        let path = Self.root + "/README.md"
        var readme = try String(contentsOfFile: path, encoding: .utf8)
        let examples = Self.examples(in: readme)
        #expect(examples.count >= 3, "the README's render examples were not found")
        var replacements: [(Range<String.Index>, String)] = []
        for (words, block) in examples {
            #expect(words.first == "gradscope" && words.dropFirst().first == "render", "\(words)")
            let run = cli.gradscope(Array(words.dropFirst()))
            #expect(run.status == 0, "\(words.joined(separator: " ")): \(run.errors)")
            if readme[block] != run.output { replacements.append((block, run.output)) }
            #expect(readme[block] == run.output, "README's frame for `\(words.joined(separator: " "))` differs; drawn:\n\(run.output)")
        }
        if ProcessInfo.processInfo.environment["GRADSCOPE_UPDATE_README"] == "1", !replacements.isEmpty {
            for (range, text) in replacements.reversed() { readme.replaceSubrange(range, with: text) }
            try readme.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}
