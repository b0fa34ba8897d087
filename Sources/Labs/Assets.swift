import Canvas
import Foundation

/// Finds Gradscope's data — the bundled scenes (`scenes/`) and the assets a user may edit
/// without rebuilding (`assets/`: themes, help) — and says where it looked.
///
/// A data folder is one that holds `scenes/` or `assets/themes/`. The first found, in this
/// order, is used (`gradscope doctor` shows which, and why):
/// 1. `$GRADSCOPE_DATA`;
/// 2. beside the executable: its own folder, `../share/gradscope` (an install prefix such as
///    `~/.local/bin` + `~/.local/share/gradscope`), and a package checkout (a folder with
///    `Package.swift`) up to four levels above it (`swift build` puts the binary in
///    `.build/<triple>/<config>/` inside the package);
/// 3. `$XDG_DATA_HOME/gradscope` (default `~/.local/share/gradscope`);
/// 4. `DIR/gradscope` for each `DIR` of `$XDG_DATA_DIRS` (default `/usr/local/share:/usr/share`);
/// 5. the package the binary was built from, if it is still where it was built (so a binary
///    copied elsewhere on the same machine keeps its scenes).
/// `$GRADSCOPE_ASSETS` still names an assets folder of its own, for the assets part only.
/// When nothing is found, built-in defaults are used (a theme and the help table; no scenes).
public struct AssetLocator: Sendable {
    /// The assets folder found, or nil for built-in defaults only.
    public let directory: String?
    /// The bundled scenes' folder found, or nil.
    public let scenesDirectory: String?
    /// A human sentence: where assets come from and why.
    public let origin: String
    /// A human sentence: where the bundled scenes come from (or where they were looked for).
    public let scenesOrigin: String
    /// Every folder looked at, in order, with why it was a candidate ("$GRADSCOPE_DATA", ...).
    public let searched: [(folder: String, reason: String)]

    /// The package this binary was built from (`Sources/Labs/Assets.swift` is two levels down).
    public static let buildPackageRoot: String = {
        var parts = URL(fileURLWithPath: #filePath).pathComponents
        parts.removeLast(3)
        return parts.count > 1 ? "/" + parts.dropFirst().joined(separator: "/") : "/"
    }()

    /// - Parameters:
    ///   - environment: read for `GRADSCOPE_DATA`, `GRADSCOPE_ASSETS`, `XDG_DATA_HOME`,
    ///     `XDG_DATA_DIRS` and `HOME`.
    ///   - packageRoot: the last candidate (tests pass their own package; nil skips it).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                executablePath: String = AssetLocator.executablePath,
                packageRoot: String? = AssetLocator.buildPackageRoot) {
        let fm = FileManager.default
        func isFolder(_ path: String) -> Bool {
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var candidates: [(folder: String, reason: String)] = []
        if let data = value("GRADSCOPE_DATA") { candidates.append((data, "$GRADSCOPE_DATA")) }
        if !executablePath.isEmpty {
            let executable = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
            var folder = executable.deletingLastPathComponent()
            candidates.append((folder.path, "beside the executable"))
            candidates.append((folder.deletingLastPathComponent().appendingPathComponent("share/gradscope").path,
                               "the executable's ../share/gradscope"))
            // Only a package checkout above it counts (so `~/bin/gradscope` never takes a
            // user's own `~/scenes` for the bundled ones).
            for _ in 0..<4 {
                folder = folder.deletingLastPathComponent()
                if fm.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                    candidates.append((folder.path, "the package above the executable"))
                }
            }
        }
        let home = value("HOME")
        if let dataHome = value("XDG_DATA_HOME") ?? home.map({ $0 + "/.local/share" }) {
            candidates.append((dataHome + "/gradscope", "$XDG_DATA_HOME/gradscope"))
        }
        for folder in (value("XDG_DATA_DIRS") ?? "/usr/local/share:/usr/share").split(separator: ":") where folder.hasPrefix("/") {
            candidates.append((folder + "/gradscope", "$XDG_DATA_DIRS/gradscope"))
        }
        if let packageRoot { candidates.append((packageRoot, "the package it was built from")) }
        // Each folder once, in the first role it was found in.
        var seen = Set<String>()
        candidates = candidates.filter { seen.insert(URL(fileURLWithPath: $0.folder).standardizedFileURL.path).inserted }
        searched = candidates

        // A variable naming no folder is said, not skipped in silence (a typo would look like success).
        let note = value("GRADSCOPE_DATA").flatMap { isFolder($0) ? nil : " ($GRADSCOPE_DATA=\(sanitize($0, removed: .shown)) is not a folder)" } ?? ""
        let scenes = candidates.first { isFolder($0.folder + "/scenes") }
        scenesDirectory = scenes.map { $0.folder + "/scenes" }
        let lookedIn = "looked in " + (candidates.isEmpty ? "no folder" : candidates.map { sanitize($0.folder, removed: .shown) }.joined(separator: ", "))
        scenesOrigin = (scenes.map { "scenes from \(sanitize($0.folder, removed: .shown))/scenes (\($0.reason))" }
            ?? "no bundled scenes (\(lookedIn); set GRADSCOPE_DATA to a folder holding scenes/)") + note

        if let configured = value("GRADSCOPE_ASSETS") {
            if isFolder(configured) {
                directory = configured
                origin = "assets from $GRADSCOPE_ASSETS (\(sanitize(configured, removed: .shown)))"
            } else {
                directory = nil
                origin = "built-in defaults ($GRADSCOPE_ASSETS=\(sanitize(configured, removed: .shown)) is not a folder)"
            }
            return
        }
        let assets = candidates.first { isFolder($0.folder + "/assets/themes") }
        directory = assets.map { $0.folder + "/assets" }
        origin = (assets.map { "assets from \(sanitize($0.folder, removed: .shown))/assets (\($0.reason))" }
            ?? "built-in defaults (no assets/ found: \(lookedIn))") + note
    }

    /// This process's executable (`/proc/self/exe`: right also when started through `$PATH`,
    /// where `argv[0]` is a bare name).
    public static var executablePath: String {
        Bundle.main.executableURL?.path ?? CommandLine.arguments.first ?? ""
    }

    /// The bundled scene called `name` (`svd` or `svd.yaml`), if there is one.
    public func scene(named name: String) -> String? {
        guard let folder = scenesDirectory, Self.isSceneName(name) else { return nil }
        let file = folder + "/" + (name.hasSuffix(".yaml") ? name : name + ".yaml")
        return FileManager.default.fileExists(atPath: file) ? file : nil
    }

    /// The bundled scenes' names (file names without `.yaml`), sorted.
    public var sceneNames: [String] {
        guard let folder = scenesDirectory, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Whether `name` can only be a scene's name, not a path: letters, digits, `-`, `_`, `.`.
    public static func isSceneName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.count <= 100
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.".unicodeScalars.contains($0) }
    }

    public func path(_ relative: String) -> String? { directory.map { $0 + "/" + relative } }

    /// The theme `name` at `tier`, from `assets/themes/NAME.json` or built in.
    public func theme(named name: String, tier: ColorTier) -> (Theme, ThemeOrigin) {
        Theme.load(named: name, tier: tier, searchPaths: path("themes").map { [$0] } ?? [])
    }
}
