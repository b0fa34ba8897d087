import Foundation

extension Theme {
    /// The theme `name` at `tier`: `NAME.json` from the first search path that has it, else the
    /// built-in default, with the reason. A malformed file never stops the program.
    public static func load(named name: String, tier: ColorTier, searchPaths: [String]) -> (Theme, ThemeOrigin) {
        let safeName = name.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        guard !safeName.isEmpty, safeName == name else {
            return (builtIn(tier: tier), .builtIn(reason: "theme name '\(sanitize(name, removed: .shown))' is not a plain name"))
        }
        for folder in searchPaths {
            let path = folder + "/" + safeName + ".json"
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            do {
                let spec = try JSONDecoder().decode(ThemeSpec.self, from: data)
                return (Theme(spec: spec, tier: tier), .file(path))
            } catch {
                return (builtIn(tier: tier), .builtIn(reason: sanitize("\(path) is not a valid theme: \(error)", removed: .shown)))
            }
        }
        let reason = searchPaths.isEmpty ? "no assets folder" : "no \(safeName).json in \(searchPaths.joined(separator: ", "))"
        return (builtIn(tier: tier), .builtIn(reason: sanitize(reason, removed: .shown)))
    }
}
