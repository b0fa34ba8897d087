@testable import Calc
import SimulationCore
import Testing

struct CalcInformationTests {
    @Test func yutInBitsAsText() throws {
        let report = try CalcInformation.entropy(p: [0.25, 0.375, 0.25, 0.0625, 0.0625], q: nil, base: .bits, normalize: false)
        #expect(report.text == """
        P = (0.2500, 0.3750, 0.2500, 0.0625, 0.0625)
        H(P) = 2.0306 bits
        self-information -log P: 2.0000, 1.4150, 2.0000, 4.0000, 4.0000 bits

        """)
    }

    @Test func coinAgainstACertainQ() throws {
        let report = try CalcInformation.entropy(p: [0.5, 0.5], q: [1, 0], base: .bits, normalize: false)
        #expect(report.json.text() == """
        {
          "base": 2,
          "unit": "bits",
          "entropy": 1,
          "self_information": [1, 1],
          "entropy_q": 0,
          "cross_entropy": "inf",
          "kl_pq": "inf",
          "kl_qp": 1
        }

        """)
    }

    @Test func fairDieInNats() throws {
        let report = try CalcInformation.entropy(p: Array(repeating: 1.0 / 6, count: 6), q: nil, base: .nats, normalize: false)
        #expect(report.text.contains("H(P) = 1.7918 nats"))  // ln 6
        #expect(report.json.text().contains("\"base\": \"e\""))
    }

    @Test func softmaxOfExtremeLogitsStaysFinite() throws {
        let report = try CalcInformation.softmax(logits: [1000, -1000, 0], temperature: 1, base: .bits)
        #expect(report.json.text() == """
        {
          "temperature": 1,
          "probabilities": [1, 0, 0],
          "log_probabilities": [0, -2000, -1000],
          "jacobian": [
            [0, 0, 0],
            [0, 0, 0],
            [0, 0, 0]
          ],
          "entropy": 0,
          "base": 2,
          "unit": "bits"
        }

        """)
        let equal = try CalcInformation.softmax(logits: [3, 3, 3, 3], temperature: 2, base: .bits)
        #expect(equal.json.text().contains("\"probabilities\": [0.25, 0.25, 0.25, 0.25]"))
        #expect(equal.json.text().contains("\"entropy\": 2,"))
    }

    /// Where z/T itself overflows (huge logits, a temperature near 0) the answer is still the
    /// limit: one-hot on the largest logit, or an even split between equal ones; never NaN.
    /// A class at p = 0.99999973 (T = 0.1): the Jacobian's diagonal, log p and the entropy
    /// against 50-digit values (main: 2.678248728783761e-07, 3e-9 off; H 1.6e-10 off).
    @Test func softmaxNearOneHotKeepsItsDigits() throws {
        let report = try CalcInformation.softmax(logits: [-1.12127232, -1.54498659, 0.62371398, -5.05482594], temperature: 0.1, base: .bits)
        let text = report.json.text()
        #expect(text.contains("2.6782487206024074e-07"), "\(text)")
        #expect(text.contains("-2.678248828197657"), "\(text)")
        #expect(text.contains("\"entropy\": 7.1521541583610"), "\(text)")
    }

    @Test func softmaxWhereZOverTOverflows() throws {
        func probabilities(_ z: [Double], _ t: Double) throws -> String {
            let text = try CalcInformation.softmax(logits: z, temperature: t, base: .bits).json.text()
            let start = try #require(text.range(of: "\"probabilities\": ")), end = try #require(text.range(of: "],", range: start.upperBound..<text.endIndex))
            return String(text[start.upperBound..<end.upperBound].dropLast())
        }
        #expect(try probabilities([1, 2, 3], .leastNonzeroMagnitude) == "[0, 0, 1]")
        #expect(try probabilities([1e306, 0], 0.001) == "[1, 0]")
        #expect(try probabilities([1e308, -1e308], 0.5) == "[1, 0]")
        #expect(try probabilities([-1e308, 1e308], 0.01) == "[0, 1]")
        #expect(try probabilities([1e306, 1e306], 0.001) == "[0.5, 0.5]")
        let report = try CalcInformation.softmax(logits: [1e306, 0], temperature: 0.001, base: .bits).json.text()
        #expect(report.contains("\"log_probabilities\": [0, \"-inf\"]") && report.contains("\"entropy\": 0,"))
    }

    @Test func badInputSaysWhy() {
        func problem(_ body: () throws -> Void) -> String {
            do { try body(); return "accepted" } catch { return "\(error)" }
        }
        #expect(problem { _ = try CalcInformation.entropy(p: [0.5, 0.4], q: nil, base: .bits, normalize: false) }
                == "--p sums to 0.9, not 1 (within 1e-9); add --normalize to rescale it")
        #expect(problem { _ = try CalcInformation.entropy(p: [1.5, -0.5], q: nil, base: .bits, normalize: false) }
                == "--p: entry 2 is -0.5; probabilities cannot be negative")
        #expect(problem { _ = try CalcInformation.entropy(p: [0.5, 0.5], q: [1], base: .bits, normalize: true) }
                == "--q has 1 entries but --p has 2; they must describe the same outcomes")
        #expect(problem { _ = try CalcInformation.softmax(logits: [1, 2], temperature: -1, base: .bits) }
                == "--temperature must be a positive number (got -1.0)")
        #expect(problem { _ = try CalcInformation.base("3") } == "--base must be 2, e or 10 (got '3')")
    }
}
