import Foundation
import SimulationCore

/// `gradscope calc entropy` and `gradscope calc softmax`: the information lab's numbers,
/// printed as text or as JSON with stable keys (see the README).
public enum CalcInformation {
    /// "2", "e" or "10" (also "bits", "nats", "bans").
    public static func base(_ text: String) throws -> LogBase {
        switch text.lowercased() {
        case "2", "bits": return .bits
        case "e", "nats": return .nats
        case "10", "bans": return .bans
        default: throw CalcInputError("--base must be 2, e or 10 (got '\(text)')")
        }
    }

    static func baseJSON(_ base: LogBase) -> CalcJSON {
        switch base {
        case .bits: return .integer(2)
        case .nats: return .string("e")
        case .bans: return .integer(10)
        }
    }

    /// A probability vector as given, or rescaled with `normalize`; otherwise it must sum to 1
    /// within 1e-9.
    static func distribution(_ values: [Double], option: String, normalize: Bool) throws -> [Double] {
        if let negative = values.firstIndex(where: { $0 < 0 }) {
            throw CalcInputError("\(option): entry \(negative + 1) is \(values[negative]); probabilities cannot be negative")
        }
        if normalize {
            guard let normalized = InfoTheory.normalized(values) else {
                throw CalcInputError("\(option) is all zeros; cannot normalize")
            }
            return normalized
        }
        let total = values.reduce(0, +)
        guard abs(total - 1) <= 1e-9 else {
            throw CalcInputError("\(option) sums to \(total), not 1 (within 1e-9); add --normalize to rescale it")
        }
        return values
    }

    public static func entropy(p rawP: [Double], q rawQ: [Double]?, base: LogBase, normalize: Bool) throws -> (json: CalcJSON, text: String) {
        guard rawP.count <= maximumOutcomes, (rawQ?.count ?? 0) <= maximumOutcomes else {
            throw CalcInputError("a distribution of \(max(rawP.count, rawQ?.count ?? 0)) outcomes; at most \(maximumOutcomes) are taken")
        }
        let p = try distribution(rawP, option: "--p", normalize: normalize)
        var fields: [(String, CalcJSON)] = [
            ("base", baseJSON(base)),
            ("unit", .string(base.unit)),
        ]
        if normalize { fields.append(("p", .numbers(p))) }
        let h = InfoTheory.entropy(p, base: base)
        let information = p.map { InfoTheory.selfInformation($0, base: base) }
        fields += [("entropy", .number(h)), ("self_information", .numbers(information))]
        var text = "P = \(format(p))\n"
        text += "H(P) = \(decimal(h)) \(base.unit)\n"
        text += "self-information -log P: \(information.map(decimal).joined(separator: ", ")) \(base.unit)\n"
        if let rawQ {
            let q = try distribution(rawQ, option: "--q", normalize: normalize)
            guard q.count == p.count else {
                throw CalcInputError("--q has \(q.count) entries but --p has \(p.count); they must describe the same outcomes")
            }
            if normalize { fields.append(("q", .numbers(q))) }
            let hQ = InfoTheory.entropy(q, base: base)
            let cross = InfoTheory.crossEntropy(p, q, base: base)
            let klPQ = InfoTheory.klDivergence(p, q, base: base)
            let klQP = InfoTheory.klDivergence(q, p, base: base)
            fields += [("entropy_q", .number(hQ)), ("cross_entropy", .number(cross)),
                       ("kl_pq", .number(klPQ)), ("kl_qp", .number(klQP))]
            text += "Q = \(format(q))\n"
            text += "H(Q) = \(decimal(hQ)) \(base.unit)\n"
            text += "H(P,Q) = \(decimal(cross)) \(base.unit)   (= H(P) + KL(P||Q))\n"
            text += "KL(P||Q) = \(decimal(klPQ)) \(base.unit)\n"
            text += "KL(Q||P) = \(decimal(klQP)) \(base.unit)\n"
        }
        return (.object(fields), text)
    }

    /// The most logits taken: the Jacobian printed is n x n.
    public static let maximumLogits = 100
    /// The most outcomes a distribution may have.
    public static let maximumOutcomes = 10_000

    public static func softmax(logits: [Double], temperature: Double, base: LogBase) throws -> (json: CalcJSON, text: String) {
        guard logits.count <= maximumLogits else {
            throw CalcInputError("--logits has \(logits.count) values; at most \(maximumLogits) are taken (the Jacobian printed is n x n)")
        }
        guard temperature > 0, temperature.isFinite else {
            throw CalcInputError("--temperature must be a positive number (got \(temperature))")
        }
        let probabilities = Logistic.softmax(logits, temperature: temperature)
        let logProbabilities = Logistic.logSoftmax(logits, temperature: temperature)
        let jacobian = Logistic.softmaxJacobian(logits, temperature: temperature)
        // -Σ p log p with the log-softmax's logs: log p of a probability near 1 is -(1 - p) to
        // full precision there, not log(0.99999973) with half its digits gone.
        let h = zip(probabilities, logProbabilities).reduce(0) { $1.0 > 0 ? $0 - $1.0 * $1.1 : $0 } / base.lnBase + 0
        let json = CalcJSON.object([
            ("temperature", .number(temperature)),
            ("probabilities", .numbers(probabilities)),
            ("log_probabilities", .numbers(logProbabilities)),
            ("jacobian", .rows(jacobian)),
            ("entropy", .number(h)),
            ("base", baseJSON(base)),
            ("unit", .string(base.unit)),
        ])
        var text = "logits z = \(format(logits)), temperature T = \(decimal(temperature))\n"
        text += "softmax(z/T) = \(format(probabilities))\n"
        text += "log softmax  = \(format(logProbabilities))\n"
        text += "entropy      = \(decimal(h)) \(base.unit)\n"
        text += "Jacobian d s_i / d z_j = s_i (delta_ij - s_j) / T:\n"
        for row in jacobian { text += "  " + row.map { pad(decimal($0), 10) }.joined(separator: " ") + "\n" }
        return (json, text)
    }

    static func decimal(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        // Beyond 1e15 four decimals are noise, and 1e308 would be 309 digits: scientific instead.
        if abs(value) >= 1e15 { return String(format: "%.4e", value) }
        let text = String(format: "%.4f", value)
        return Double(text) == 0 ? "0.0000" : text
    }

    static func format(_ values: [Double]) -> String { "(" + values.map(decimal).joined(separator: ", ") + ")" }

    static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
