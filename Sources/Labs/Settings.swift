import Calc
import Canvas
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
            let named = PaneID(String(key[..<dot]).lowercased())
            guard LabRegistry.lab(named) != nil else {
                throw CalcInputError("--set '\(text)': unknown pane '\(key[..<dot])'; panes: "
                                     + LabRegistry.ids.map(\.rawValue).joined(separator: ", "))
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
        // Checked against the lab's declared parameters: a typo or a value of the wrong kind is
        // refused here, before the terminal opens, with the same words a scene's `check` uses.
        guard let lab = LabRegistry.lab(pane), let (spec, isFile) = lab.parameter(named: parameter) else {
            let known = LabRegistry.lab(pane)?.parameterNamesForUsers ?? []
            let near = Suggest.nearest(parameter, among: known).map { "; did you mean '\($0)'?" }
            throw CalcInputError("--set '\(text)': pane '\(pane.rawValue)' has no parameter '\(parameter)'"
                                 + (near ?? "; parameters: " + known.joined(separator: ", ")))
        }
        if isFile, let file = spec.file {
            // A data file: the command carries its text, so a scene or a follower needs no file.
            let contents: String
            do { contents = try readDataFile(valueText) } catch let error as CalcInputError {
                throw CalcInputError("--set '\(text)': \(error.message)")
            }
            // The text travels in the command (to a lecture's followers too), so it is bounded.
            guard contents.utf8.count <= file.maximumBytes else {
                throw CalcInputError("--set '\(text)': '\(valueText)' is \(contents.utf8.count) bytes, over the "
                                     + "\(file.maximumBytes / 1_000_000) MB a data file may have; use fewer points")
            }
            return .set(pane: pane, parameter: spec.name, value: .text(contents))
        }
        var value = try value(valueText, setting: text)
        if !spec.takes.contains(ValueKind(of: value)), spec.takes.contains(.text) { value = .text(valueText) }
        do {
            value = try lab.simulation.checked(spec.name, value)
        } catch let error as ParameterError {
            throw CalcInputError("--set '\(text)': \(error.description)")
        }
        return .set(pane: pane, parameter: spec.name, value: value)
    }

    /// A simulation's refusal of `command` in the words the user wrote: a file-valued parameter
    /// (`boundary.csv`) travels as its text (`csvData`), but the message names the file's form.
    public static func refusal(_ message: String, of command: Command) -> String {
        guard case .set(let pane, let parameter, _) = command,
              let file = LabRegistry.lab(pane)?.simulation.parameter(named: parameter)?.file else { return message }
        return message.replacingOccurrences(of: parameter, with: file.name)
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
        // Rows of numbers are a matrix; with a comparison in it, ';' separates constraints (text).
        if text.contains(";"), !text.contains(where: { "<>=≤≥".contains($0) }) {
            return .matrix(try CalcInput.matrix(text, option: "--set \(setting)"))
        }
        if text.contains(","), text.split(separator: ",").allSatisfy({ DecimalText.double($0.trimmingCharacters(in: .whitespaces)) != nil }) {
            return .vector(try CalcInput.vector(text, option: "--set \(setting)"))
        }
        return .text(text)
    }
}
