import Foundation
import SimulationCore

/// `--set PANE.PARAMETER=VALUE` on the command line: the same `Command.set` a key, a scene or
/// a lecture sends.
/// A data file's text, or why not: missing, a folder, unreadable, or not UTF-8.
public func readDataFile(_ path: String) throws -> String {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw CalcInputError("no file '\(path)'") }
    guard !isFolder.boolValue else { throw CalcInputError("'\(path)' is a folder, not a file") }
    guard let data = FileManager.default.contents(atPath: path) else { throw CalcInputError("cannot read '\(path)' (permission denied?)") }
    guard let text = String(data: data, encoding: .utf8) else { throw CalcInputError("'\(path)' is not UTF-8 text") }
    return text
}

public enum SettingParser {
    /// Parses "linear.preset=shear" (or "preset=shear" when `pane` is given).
    /// Values: true/false -> flag; an integer -> integer; a number -> number; "a,b;c,d" ->
    /// matrix; "a,b,c" -> vector; anything else (constraints "x <= 1; y >= 0" too) -> text.
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
        if let data = DataFileParameter.dataParameter(pane: pane, parameter: parameter) {
            // A data file: the command carries its text, so a scene or a follower needs no file.
            let contents: String
            do { contents = try readDataFile(valueText) } catch let error as CalcInputError {
                throw CalcInputError("--set '\(text)': \(error.message)")
            }
            // The same limit as a scene's data file: the text travels in the command (to a
            // lecture's followers too).
            guard contents.utf8.count <= 4_000_000 else {
                throw CalcInputError("--set '\(text)': '\(valueText)' is over 4 MB (\(contents.utf8.count) bytes); use fewer points")
            }
            return .set(pane: pane, parameter: data, value: .text(contents))
        }
        return .set(pane: pane, parameter: parameter, value: try value(valueText, setting: text))
    }

    static func value(_ text: String, setting: String) throws -> ParameterValue {
        switch text.lowercased() {
        case "true", "on", "yes": return .flag(true)
        case "false", "off", "no": return .flag(false)
        default: break
        }
        if let integer = Int(text) { return .integer(integer) }
        if let number = Double(text), number.isFinite { return .number(number) }
        // Rows of numbers are a matrix; with a comparison in it, ';' separates constraints (text).
        if text.contains(";"), !text.contains(where: { "<>=≤≥".contains($0) }) {
            return .matrix(try CalcInput.matrix(text, option: "--set \(setting)"))
        }
        if text.contains(","), text.split(separator: ",").allSatisfy({ Double($0.trimmingCharacters(in: .whitespaces)) != nil }) {
            return .vector(try CalcInput.vector(text, option: "--set \(setting)"))
        }
        return .text(text)
    }
}
