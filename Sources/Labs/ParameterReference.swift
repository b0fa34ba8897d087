import SimulationCore

/// The README's parameter reference, printed from the labs' specs (a test keeps the README's
/// copy equal to it).
public enum ParameterReference {
    public static let begin = "<!-- parameters: generated from the labs' specs; GRADSCOPE_UPDATE_README=1 swift test --filter readme rewrites it -->"
    public static let end = "<!-- end of parameters -->"

    /// One table per lab: name, what it takes, what `reset` does with it, one line of doc.
    public static func markdown(_ labs: [Lab]) -> String {
        var text = "\n"
        for lab in labs {
            text += "\n**\(lab.id.rawValue)** (\(lab.title))\n\n"
            text += "| parameter | takes | on reset | what it is |\n|---|---|---|---|\n"
            for spec in lab.parameters {
                let name = spec.file.map { "`\(spec.name)` (`\($0.name)=FILE`)" } ?? "`\(spec.name)`"
                text += "| \(name) | \(spec.takes.map(\.rawValue).joined(separator: ", ")) | \(onReset(spec.role)) | \(spec.summary.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
            let readouts = lab.readouts.map { "`\($0.name)` (\($0.label))" }.joined(separator: ", ")
            text += "\nReadouts for `highlight:`: \(readouts.isEmpty ? "none" : readouts).\n"
        }
        return text + "\n"
    }

    static func onReset(_ role: ParameterSpec.Role) -> String {
        switch role {
        case .state: return "kept"
        case .view: return "kept (part of another)"
        case .step: return "its result kept"
        case .action: return "—"
        }
    }
}
