import SimulationCore

/// Parameters that name a data file: a scene or `--set` gives a path, the command carries the
/// file's text (so a lecture's followers need no file). `boundary.csv` -> `csvData` (labelled
/// points), `linear.csv` -> `pointsCSV` (the PCA mode's points).
public enum DataFileParameter {
    static let table: [(pane: PaneID, file: String, data: String)] = [
        (.boundary, "csv", "csvData"),
        (.linear, "csv", "pointsCSV"),
    ]

    /// The parameter that takes the text of the file `pane.parameter` names; nil if it names none.
    public static func dataParameter(pane: PaneID, parameter: String) -> String? {
        table.first { $0.pane == pane && $0.file == parameter }?.data
    }

    /// The file parameters of a pane (for "did you mean").
    public static func fileParameters(pane: PaneID) -> [String] { table.filter { $0.pane == pane }.map(\.file) }

    /// A refusal about the data parameter, named as the user wrote it.
    public static func userFacing(_ message: String, pane: PaneID) -> String {
        table.filter { $0.pane == pane }.reduce(message) { $0.replacingOccurrences(of: $1.data, with: $1.file) }
    }
}
