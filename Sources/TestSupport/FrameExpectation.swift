import Foundation
import Testing

/// Expects a drawn frame to equal the literal lines a test spells out (the screen as a student
/// sees it). With `GRADSCOPE_UPDATE_GOLDENS=1` a differing literal is rewritten in the test's
/// source instead, for a person to look at in the diff before committing.
public func expectFrame(_ actual: [String], _ expected: [String], filePath: String = #filePath,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    if actual != expected, ProcessInfo.processInfo.environment["GRADSCOPE_UPDATE_GOLDENS"] == "1",
       FrameLiteral.rewrite(file: filePath, callLine: sourceLocation.line, with: actual) {
        return
    }
    #expect(actual == expected, "frame differs; drawn:\n\(actual.joined(separator: "\n"))", sourceLocation: sourceLocation)
}

/// Expects a drawn frame to equal the golden file at `path` (a frame too large to spell out in
/// the test). With `GRADSCOPE_UPDATE_GOLDENS=1` the file is written first, for a person to look
/// at in the diff before committing.
public func expectGoldenFile(_ frame: String, at path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    if ProcessInfo.processInfo.environment["GRADSCOPE_UPDATE_GOLDENS"] == "1" {
        try frame.write(toFile: path, atomically: true, encoding: .utf8)
    }
    let golden = try String(contentsOfFile: path, encoding: .utf8)
    #expect(frame == golden, "\(path) differs; drawn:\n\(frame)", sourceLocation: sourceLocation)
}

/// The literal `[ "line", ... ]` of an `expectFrame` call in a test's source.
enum FrameLiteral {
    /// Replaces the array literal that opens on the first line ending in `[` at or after
    /// `callLine` (1-based) and closes on the next line starting `]` at that indentation.
    /// Returns whether it found and rewrote it.
    static func rewrite(file: String, callLine: Int, with lines: [String]) -> Bool {
        guard let source = try? String(contentsOfFile: file, encoding: .utf8) else { return false }
        var rows = source.components(separatedBy: "\n")
        guard callLine >= 1, callLine <= rows.count,
              let open = rows[(callLine - 1)...].firstIndex(where: { $0.hasSuffix("[") }),
              open + 1 < rows.count else { return false }
        let indent = String(rows[open + 1].prefix { $0 == " " })
        let closingIndent = String(indent.dropLast(4))
        guard let close = rows[(open + 1)...].firstIndex(where: { $0.hasPrefix(closingIndent + "]") }) else { return false }
        let literal = lines.map { line in
            indent + "\"" + line.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\","
        }
        rows.replaceSubrange((open + 1)..<close, with: literal)
        return (try? rows.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)) != nil
    }
}
