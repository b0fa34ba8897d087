import Foundation
import SimulationCore

/// `gradscope calc gradient|hessian|jacobian`: exact derivatives of typed formulas (automatic
/// differentiation through hyper-dual numbers), with central differences beside them on request.
public enum CalcDerivatives {
    public enum Kind: String, Sendable { case gradient, hessian, jacobian }

    static let step = 1e-5

    static func parse(_ text: String, list: Bool) throws -> [SimulationCore.Expression] {
        do {
            return list ? try SimulationCore.Expression.parseList(text) : [try SimulationCore.Expression.parse(text)]
        } catch let error as ExpressionError {
            throw CalcInputError("--f: \(error.message) (column \(error.column))")
        }
    }

    static func point(_ text: String) throws -> (Double, Double) {
        let values = try CalcInput.vector(text, option: "--at")
        guard values.count == 2 else { throw CalcInputError("--at needs two numbers x,y (got \(values.count))") }
        return (values[0], values[1])
    }

    static func relativeError(_ a: Double, _ n: Double) -> Double {
        a == n ? 0 : abs(a - n) / max(abs(a), abs(n), 1e-300)
    }

    public static func report(_ kind: Kind, functions text: String, at pointText: String, check: Bool) throws -> (json: CalcJSON, text: String) {
        let functions = try parse(text, list: kind == .jacobian)
        let (x, y) = try point(pointText)
        let h = step
        func numericGradient(_ f: SimulationCore.Expression) -> [Double] {
            [(f.value(x: x + h, y: y) - f.value(x: x - h, y: y)) / (2 * h),
             (f.value(x: x, y: y + h) - f.value(x: x, y: y - h)) / (2 * h)]
        }
        var fields: [(String, CalcJSON)] = []
        var out = ""
        let exact: [[Double]]
        let numeric: [[Double]]
        switch kind {
        case .gradient:
            let f = functions[0]
            let g = f.gradient(x: x, y: y)
            exact = [[g.0, g.1]]
            numeric = [numericGradient(f)]
            fields.append(("value", .number(f.value(x: x, y: y))))
            fields.append(("gradient", .numbers(exact[0])))
            out += "f(\(x), \(y)) = \(format(f.value(x: x, y: y)))\ngradient = [\(exact[0].map(format).joined(separator: ", "))]\n"
        case .hessian:
            let f = functions[0]
            exact = f.hessian(x: x, y: y)
            numeric = [0, 1].map { row in
                let plus = row == 0 ? f.gradient(x: x + h, y: y) : f.gradient(x: x, y: y + h)
                let minus = row == 0 ? f.gradient(x: x - h, y: y) : f.gradient(x: x, y: y - h)
                return [(plus.0 - minus.0) / (2 * h), (plus.1 - minus.1) / (2 * h)]
            }
            fields.append(("value", .number(f.value(x: x, y: y))))
            fields.append(("hessian", .rows(exact)))
            out += "f(\(x), \(y)) = \(format(f.value(x: x, y: y)))\nhessian =\n" + rowsText(exact)
        case .jacobian:
            exact = functions.map { let g = $0.gradient(x: x, y: y); return [g.0, g.1] }
            numeric = functions.map(numericGradient)
            fields.append(("value", .numbers(functions.map { $0.value(x: x, y: y) })))
            fields.append(("jacobian", .rows(exact)))
            let values: [String] = functions.map { format($0.value(x: x, y: y)) }
            out += "f(\(x), \(y)) = [" + values.joined(separator: ", ") + "]\n"
            out += "jacobian (rows: functions, columns: x, y) =\n" + rowsText(exact)
        }
        if check {
            let errors = zip(exact, numeric).map { zip($0, $1).map(relativeError) }
            let shaped: (([[Double]]) -> CalcJSON) = { kind == .gradient ? .numbers($0[0]) : .rows($0) }
            fields.append(("numeric", shaped(numeric)))
            fields.append(("relative_error", shaped(errors)))
            out += "central differences (h = 1e-5):\n" + rowsText(numeric)
            out += "relative error:\n" + rowsText(errors) { String(format: "%.1e", $0) }
        }
        return (.object(fields), out)
    }

    static func rowsText(_ rows: [[Double]], _ show: (Double) -> String = format) -> String {
        var text = ""
        for row in rows { text += "  [" + row.map(show).joined(separator: ", ") + "]\n" }
        return text
    }

    static func format(_ value: Double) -> String { CalcJSON.format(value).replacingOccurrences(of: "\"", with: "") }
}
