import Foundation
import SimulationCore

/// A data file's text, or why not: missing, not a regular file, over `Dataset.maximumFileBytes`,
/// unreadable, or not UTF-8.
public func readDataFile(_ path: String) throws -> String {
    switch UserFile.readText(path, limit: Dataset.maximumFileBytes, what: "data files") {
    case .success(let text): return text
    case .failure(let problem): throw CalcInputError(problem.description)
    }
}

/// `--set PANE.PARAMETER=VALUE` on the command line: the same `Command.set` a key, a scene or
/// a lecture sends.
public enum SettingParser {
    /// Parses "linear.preset=shear" (or "preset=shear" when `pane` is given).
    /// Values: true/false -> flag; an integer -> integer; a number -> number; "a,b;c,d" ->
    /// matrix; "a,b,c" -> vector; anything else -> text.
    public static func command(_ text: String, pane defaultPane: PaneID? = nil) throws -> Command {
        guard let equals = text.firstIndex(of: "=") else {
            throw CalcInputError("--set '\(text)' needs the form pane.parameter=value, e.g. linear.preset=shear")
        }
        let key = text[..<equals].trimmingCharacters(in: .whitespaces)
        let valueText = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        let pane: PaneID
        let parameter: String
        if let dot = key.firstIndex(of: ".") {
            guard let named = PaneID(rawValue: String(key[..<dot]).lowercased()) else {
                throw CalcInputError("--set '\(text)': unknown pane '\(key[..<dot])'; panes: "
                                     + PaneID.labs.map(\.rawValue).joined(separator: ", "))
            }
            pane = named
            parameter = String(key[key.index(after: dot)...])
        } else if let defaultPane {
            pane = defaultPane
            parameter = key
        } else {
            throw CalcInputError("--set '\(text)' needs a pane: pane.parameter=value, e.g. linear.preset=shear")
        }
        guard !parameter.isEmpty, !valueText.isEmpty else {
            throw CalcInputError("--set '\(text)' needs a parameter name and a value")
        }
        if pane == .boundary && parameter == "csv" {
            // A data file: the command carries its text, so a scene or a follower needs no file.
            let contents: String
            do { contents = try readDataFile(valueText) } catch let error as CalcInputError {
                throw CalcInputError("--set '\(text)': \(error.message)")
            }
            return .set(pane: pane, parameter: "csvData", value: .text(contents))
        }
        return .set(pane: pane, parameter: parameter, value: try value(valueText, setting: text))
    }

    /// A simulation's refusal of `command` in the words the user wrote: the file given as
    /// `boundary.csv` travels as `csvData` (its text), but the message says `boundary.csv`.
    public static func refusal(_ message: String, of command: Command) -> String {
        guard case .set(let pane, "csvData", _) = command, pane == .boundary else { return message }
        return message.replacingOccurrences(of: "csvData", with: "csv")
    }

    static func value(_ text: String, setting: String) throws -> ParameterValue {
        switch text.lowercased() {
        case "true", "on", "yes": return .flag(true)
        case "false", "off", "no": return .flag(false)
        default: break
        }
        if let integer = DecimalText.integer(text) { return .integer(integer) }
        if let number = DecimalText.double(text) {
            guard number.isFinite else { throw CalcInputError("--set '\(setting)': \(text) is beyond the largest number (about 1.8e308)") }
            return .number(number)
        }
        if text.contains(";") {
            return .matrix(try CalcInput.matrix(text, option: "--set \(setting)"))
        }
        if text.contains(","), text.split(separator: ",").allSatisfy({ DecimalText.double($0.trimmingCharacters(in: .whitespaces)) != nil }) {
            return .vector(try CalcInput.vector(text, option: "--set \(setting)"))
        }
        return .text(text)
    }
}
