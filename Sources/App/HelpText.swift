import Foundation
import Labs

extension AssetLocator {
    /// The help overlay's lines: `assets/help/keys.txt` if present, else built from the keymap.
    public func helpText() -> (lines: [String], origin: String) {
        if let file = path("help/keys.txt"),
           let text = try? String(contentsOfFile: file, encoding: .utf8) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return (Array(lines.reversed().drop(while: { $0.isEmpty }).reversed()), file)
        }
        return (Self.builtInHelp, "built-in")
    }

    /// The keymap's own table, as the help overlay shows it.
    public static var builtInHelp: [String] {
        let width = Keymap.bindings.map(\.keys.count).max() ?? 0
        return Keymap.bindings.map { keys, action in
            keys + String(repeating: " ", count: width - keys.count + 2) + action
        }
    }
}
