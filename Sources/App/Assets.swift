import Canvas
import Foundation

/// Finds `assets/` — data a user may edit without rebuilding — and says where it came from.
///
/// Search order: `$GRADSCOPE_ASSETS`, then `assets/` beside or above the executable (a
/// `swift run` build lives in `.build/<config>/` under the package), then `./assets`. When none
/// is found, built-in defaults are used and `origin` says so.
public struct AssetLocator: Sendable {
    /// The folder found, or nil for built-in defaults only.
    public let directory: String?
    /// A human sentence: where assets come from and why.
    public let origin: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                executablePath: String = CommandLine.arguments.first ?? "",
                currentDirectory: String = FileManager.default.currentDirectoryPath) {
        let fm = FileManager.default
        func isAssets(_ path: String) -> Bool {
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        if let configured = environment["GRADSCOPE_ASSETS"], !configured.isEmpty {
            if isAssets(configured) {
                directory = configured
                origin = "assets from $GRADSCOPE_ASSETS (\(configured))"
            } else {
                directory = nil
                origin = "built-in defaults ($GRADSCOPE_ASSETS=\(configured) is not a folder)"
            }
            return
        }
        var candidates: [String] = []
        let executable = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("assets").path)
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: currentDirectory).appendingPathComponent("assets").path)
        if let found = candidates.first(where: { isAssets($0) && isAssets($0 + "/themes") }) {
            directory = found
            origin = "assets from \(found)"
        } else {
            directory = nil
            origin = "built-in defaults (no assets/ folder beside the executable or in the current folder)"
        }
    }

    public func path(_ relative: String) -> String? { directory.map { $0 + "/" + relative } }

    /// The theme `name` at `tier`, from `assets/themes/NAME.json` or built in.
    public func theme(named name: String, tier: ColorTier) -> (Theme, ThemeOrigin) {
        Theme.load(named: name, tier: tier, searchPaths: path("themes").map { [$0] } ?? [])
    }

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
