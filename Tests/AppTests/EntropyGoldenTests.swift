@testable import App
import Canvas
import SimulationCore
import TestSupport
import Testing
@testable import Labs

/// Golden frames of `gradscope render --pane entropy` (the same code path): a few presets and
/// modes, Unicode and ASCII. On a mismatch the frame drawn is printed, to check and paste.
struct EntropyGoldenTests {
    func render(_ settings: [String], steps: Int, size: (Int, Int), ascii: Bool = false) throws -> [String] {
        var configuration = AppConfiguration()
        configuration.forceASCII = ascii
        configuration.settings = try settings.map { try SettingParser.command($0, pane: .entropy) }
        let text = try Launch.render(configuration, target: .pane(.entropy), width: size.0, height: size.1,
                                     steps: steps, format: .text)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }


    @Test func yutAgainstUniform() throws {
        expectFrame(try render([], steps: 30, size: (80, 22)), [
            "┌─ Information ────────────────────────────────────────────────────────────────┐",
            "│0.40                                              view: P and Q  (m)          │",
            "│             ███                                  P: yut  editing P (Q)       │",
            "│             ███                                  H(P)   2.0306 bits          │",
            "│             ███                                  H(Q)   2.3219 bits          │",
            "│             ███                                  H(P,Q) 2.3219 bits          │",
            "│             ███                                  KL(P‖Q) 0.2913 bits         │",
            "│     ▅▅▅     ███     ▅▅▅                          KL(Q‖P) 0.3611 bits         │",
            "│     ███     ███     ███                          H(P)+KL(P‖Q) = 2.3219 bits  │",
            "│     ███▄▄▄  ███▄▄▄  ███▄▄▄     ▄▄▄     ▄▄▄       outcome 1: p=0.250 q=0.200  │",
            "│     ███▓▓▓  ███▓▓▓  ███▓▓▓     ▓▓▓     ▓▓▓         I(1): P 2.000 Q 2.322 bits│",
            "│     ███▓▓▓  ███▓▓▓  ███▓▓▓     ▓▓▓     ▓▓▓                                   │",
            "│     ███▓▓▓  ███▓▓▓  ███▓▓▓     ▓▓▓     ▓▓▓                                   │",
            "│     ███▓▓▓  ███▓▓▓  ███▓▓▓     ▓▓▓     ▓▓▓                                   │",
            "│     ███▓▓▓  ███▓▓▓  ███▓▓▓     ▓▓▓     ▓▓▓                                   │",
            "│     ███▓▓▓  ███▓▓▓  ███▓▓▓  ▅▅▅▓▓▓  ▅▅▅▓▓▓                                   │",
            "│     ███▓▓▓  ███▓▓▓  ███▓▓▓  ███▓▓▓  ███▓▓▓                                   │",
            "│   0 ███▓▓▓  ███▓▓▓  ███▓▓▓  ███▓▓▓  ███▓▓▓                                   │",
            "│     1       2       3       4       5                                        │",
            "│     2.0     1.4     2.0     4.0     4.0                                      │",
            "│█ P  ▓ Q  under: -log2 p                                                      │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func fairCoinOnTheBinaryCurveInASCII() throws {
        expectFrame(try render(["mode=binary", "coin=0.5"], steps: 10, size: (76, 20), ascii: true), [
            "+- Information ------------------------------------------------------------+",
            "|  1+..........................                view: binary entropy  (m)   |",
            "|   |             ..''   :   ''..              p      0.50                 |",
            "|   |           .'       :       '.            H(p)   1.0000 bits          |",
            "|0.8+         .'         :         '.          H'(p)  0.0000               |",
            "|   |        :           :           '.        I(heads) 1.0000 bits        |",
            "|   |      .'            :            '.       I(tails) 1.0000 bits        |",
            "|0.6+     .'             :              :      max 1 bit at p = 1/2        |",
            "|   |    .'              :               :     logit(p) 0.000              |",
            "|   |   .'               :                :                                |",
            "|0.4+  .'                :                '.                               |",
            "|   |  :                 :                 :                               |",
            "|   | :                  :                  :                              |",
            "|0.2+ :                  :                  '.                             |",
            "|   |:                   :                   :                             |",
            "|  0+                    :                                                 |",
            "|   ++-------+-------+-------+-------+-------+                             |",
            "|    0      0.2     0.4     0.6     0.8      1                             |",
            "|H(p) and its tangent, slope H'(p)                                         |",
            "+--------------------------------------------------------------------------+",
        ])
    }

    @Test func softmaxAtTemperatureHalf() throws {
        expectFrame(try render(["mode=softmax", "logits=2,1,0.1,-1", "temperature=0.5"], steps: 10, size: (80, 20)), [
            "┌─ Information ────────────────────────────────────────────────────────────────┐",
            "│1.00                                    ∂s/∂z     view: softmax  (m)          │",
            "│                                        ██  ▒▒▒▒  T      0.500                │",
            "│     ▇▇▇                                  ██▒▒▒▒  H(s)   0.6751 bits          │",
            "│     ███                                ▒▒▒▒▒▒▒▒  max H  2.0000 bits, uniform │",
            "│     ███                                ▒▒▒▒▒▒▒▒  z1   2.00  s = 0.8619       │",
            "│     ███                                          z2   1.00  s = 0.1166       │",
            "│     ███                                          z3   0.10  s = 0.0193       │",
            "│     ███                                          z4  -1.00  s = 0.0021       │",
            "│     ███                                          σ((z1-z2)/T) 0.8808 (K=2)   │",
            "│     ███                                                                      │",
            "│     ███                                                                      │",
            "│     ███▆▆▆     ▆▆▆     ▆▆▆     ▆▆▆                                           │",
            "│     ███▓▓▓     ▓▓▓     ▓▓▓     ▓▓▓                                           │",
            "│     ███▓▓▓  ▆▆▆▓▓▓     ▓▓▓     ▓▓▓                                           │",
            "│   0 ███▓▓▓  ███▓▓▓  ▂▂▂▓▓▓     ▓▓▓                                           │",
            "│     1       2       3       4                                                │",
            "│                                                                              │",
            "│softmax(z/T): T→0 one-hot, T→∞ uniform                                        │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
        ])
    }
}
