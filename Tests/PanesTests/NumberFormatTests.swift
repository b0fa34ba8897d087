import Foundation
@testable import Panes
import SimulationCore
import Testing

/// The fast fixed-decimal formatter gives printf's text exactly, ties and signs included.
@Suite struct NumberFormatTests {
    /// Readouts never show a rate of 2.9e-5 as 0.0000 or a loss of 4.25e25 as 26 digits.
    @Test func compactIsFixedWhereReadableElseScientific() {
        #expect(NumberFormat.compact(0.03, 4) == "0.0300")
        #expect(NumberFormat.compact(2.9296875e-5, 4) == "2.93e-05")
        #expect(NumberFormat.compact(4.2508616612243736e25, 4) == "4.25e+25")
        #expect(NumberFormat.compact(-123456, 2) == "-1.23e+05")
        #expect(NumberFormat.compact(99999, 0) == "99999")
        #expect(NumberFormat.compact(0.00005, 4) == "0.0001")  // rounds to a visible digit
        #expect(NumberFormat.compact(0.000049, 4) == "4.90e-05")
        #expect(NumberFormat.compact(0, 4) == "0.0000")
        #expect(NumberFormat.compact(-.infinity, 2) == "-∞" && NumberFormat.compact(.nan) == "nan")
    }

    @Test func theQuickPathAgreesWithPrintf() {
        var random = SeededRandom(seed: 7)
        var checked = 0
        for _ in 0..<200_000 {
            let magnitude = Foundation.pow(10, random.uniform(-8...13))
            let value = (random.nextUnit() < 0.5 ? -1 : 1) * magnitude * random.nextUnit()
            let decimals = Int(random.nextUnit() * 7)
            let expected: String = {
                let text = String(format: "%.\(decimals)f", value)
                return Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text
            }()
            #expect(NumberFormat.fixed(value, decimals) == expected, "\(value) with \(decimals) decimals")
            if NumberFormat.quickFixed(value, decimals) != nil { checked += 1 }
        }
        #expect(checked > 150_000)  // the fast path is the usual one (not for |x| 10^N over 1e15)
        // Ties and near-ties go to printf's exact rounding.
        for (value, decimals, text) in [(2.675, 2, "2.67"), (0.125, 2, "0.12"), (0.375, 2, "0.38"), (-0.0004, 3, "0.000"),
                                        (5.0990195135927845, 3, "5.099"), (7.54983443527075, 3, "7.550"), (-1e-20, 2, "0.00")] {
            #expect(NumberFormat.fixed(value, decimals) == text)
        }
    }
}
