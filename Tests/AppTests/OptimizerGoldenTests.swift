@testable import App
import Canvas
import SimulationCore
import Testing

/// Golden frames of `gradscope render --pane optimizer` (the same code path): the race on
/// Rosenbrock, a constrained problem with its KKT check, the saddle in ASCII, divergence and
/// the narrow layout. On a mismatch the frame drawn is printed, to check and paste.
struct OptimizerGoldenTests {
    func render(_ settings: [String], steps: Int, size: (Int, Int), ascii: Bool = false) throws -> [String] {
        var configuration = AppConfiguration()
        configuration.forceASCII = ascii
        configuration.settings = try settings.map { try SettingParser.command($0, pane: .optimizer) }
        let text = try Launch.render(configuration, target: .pane(.optimizer), width: size.0, height: size.1,
                                     steps: steps, format: .text)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    func expectFrame(_ actual: [String], _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual == expected, "frame differs; drawn:\n\(actual.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    /// A formula undefined at the start, or one whose f runs off to -∞, is said in words: no
    /// "nan" and no largest-double stand-in on screen.
    @Test func undefinedValuesAreSaidNotShown() throws {
        let undefined = try render(["surface=sqrt(x) + y"], steps: 5, size: (100, 30)).joined(separator: "\n")
        #expect(undefined.contains("f is undefined at the start"), "\(undefined)")
        #expect(undefined.contains("diverged at step 1:"))
        #expect(!undefined.contains("nan"))
        let unbounded = try render(["surface=log(x) + y^2", "start=0.5,1"], steps: 300, size: (100, 30)).joined(separator: "\n")
        #expect(!unbounded.contains("nan") && !unbounded.contains("1797693") && !unbounded.contains("e+308"), "\(unbounded)")
        #expect(unbounded.contains("diverged"))
    }

    @Test func rosenbrockRace() throws {
        expectFrame(try render([], steps: 400, size: (100, 30)), [
            "┌─ Optimizers ─────────────────────────────────────────────────────────────────────────────────────┐",
            "│  │                                                                 rosenbrock  (s)               │",
            "│  │                                                                 ● SGD      5.6191             │",
            "│ 3┤                                                                 ■ Momentum 0.2138             │",
            "│  │                                                                 ▲ Nesterov 2.7227             │",
            "│  │                                                                 ◆ RMSprop  6.2451             │",
            "│  │                ⢠                                                ★ Adam     5.7804             │",
            "│  │                ⠈◆                                               f - f*; lr x1.000             │",
            "│ 2┤            ◦    ★⡄                                              mom    0.90  β 0.90, 0.999    │",
            "│  │                  ●                                              ● (-1.369, 1.882) #400        │",
            "│  │                   ⢇                                             ∇f     (-0.558, 1.527)        │",
            "│  │                   ⠈⡆⡄                                           λ(H)   1698.9, -0.124         │",
            "│  │                   ⠑⠺⡇                                           H is   indefinite: saddle     │",
            "│ 1┤                                          ×                      rate   1.000 pred 1.000 obs   │",
            "│  │                       ⣆                                         crit.  (1.000, 1.000) Newton  │",
            "│  │                       ⠘⢦                                        FONC   ∇f = 0 ✓ 1st nec.      │",
            "│  │                        ⠈▲                                       SONC   H ⪰ 0 ✓ 2nd nec.       │",
            "│  │                                    ⠔■                           SOSC   H ≻ 0 ✓ 2nd suff.      │",
            "│ 0┤                                                                 verdict strict minimum        │",
            "│  │                                                                                               │",
            "│  │                                                                                               │",
            "│  │                                                                                               │",
            "│  │                                                                 log10(f - f*) vs step         │",
            "│-1┤                                                                 2┤⣧⡀                          │",
            "│  │                                                                  │⣿⣷⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀      │",
            "│  │                                                                 0┤⠉⠉⠙⠫⠭⠭⣍⣉⣉⣉⣉⠉⠉⠉⠉⠉⠉⠙⠛⠛⠛⠛⠛⠛⠛⠛⠛⠛│",
            "│  └──┬─────────┬─────────┬─────────┬─────────┬─────────┬─────────┬─  │          ⠈⠉⠉⠉⠉⠉⠒⠒⠒⠒⠒⠒⠒⠦⠤⠤⠤⠤│",
            "│    -3        -2        -1         0         1         2         3   └┬──────┬──────┬──────┬─────┬│",
            "│rosenbrock: (1-x)² + 100(y-x²)²                                       0     100    200    300  400│",
            "└──────────────────────────────────────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func boothUnderAHalfPlaneMeetsKKT() throws {
        expectFrame(try render(["surface=booth", "constraint=x + y <= 1", "optimizers=sgd,momentum,adam"],
                               steps: 1500, size: (100, 30)), [
            "┌─ Optimizers ─────────────────────────────────────────────────────────────────────────────────────┐",
            "│ 10┤         ⠑⢄ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ booth  (s)                    │",
            "│   │           ⠑⢄╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱  ● SGD      0.0000             │",
            "│   │             ⠑⢄ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ■ Momentum 0.0000             │",
            "│   │               ⠑⢄╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱  ▲ Adam     0.0000             │",
            "│   │                 ⠑⢄ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ gap to X; lr x1.000           │",
            "│   │                   ⠑⢄╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱  mom    0.90  β 0.90, 0.999    │",
            "│  5┤                     ⠑⢄ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ● (-0.500, 1.500) #1500       │",
            "│   │                       ⠣⢄╱ ╱ ╱ ╱ ╱⢀⣀ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱  ∇f     (-27.000, -27.000)     │",
            "│   │                         ⠱⣀ ╱ ╱ ╱⢉×⡝╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ KKT: x + y <= 1               │",
            "│   │                          ⠈⠲⣀╱ ⢀⠔⠁ ⠁ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱  ∇L     0.000 ✓ stationary     │",
            "│   │                             ⠑●⠁╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ feas.  0.000 ✓ primal         │",
            "│   │                               ⠑⡄╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱  μ≥0    27.000 ✓ dual          │",
            "│  0┤                                ⠈⠒⢄ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ μ·g=0  0.000 ✓ slack          │",
            "│   │                                   ⠑⢄╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱  X      (-0.500, 1.500) solved │",
            "│   │                                    ⠈⠒⡄ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ μ*     27.000 (active)        │",
            "│   │                                      ⠈⠑⡄╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱  p*     40.500  d* 40.500      │",
            "│   │                                        ⠈⠒⢄ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ gap    0.000 closed           │",
            "│   │                                           ⠑⡄╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱  2nd    nec ✓ suff ✓           │",
            "│ -5┤                                            ⠈⠑⡄ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ λ(H)   18.000, 2.000          │",
            "│   │                                              ⠈⠱⡀╱ ╱ ╱ ╱ ╱ ╱ ╱  H is   positive definite      │",
            "│   │           ◦                                    ⠈⠣⡀ ╱ ╱ ╱ ╱ ╱ ╱ κ(H)   9.000                  │",
            "│   │                                                  ⠈⠒⢄╱ ╱ ╱ ╱ ╱  log10(gap to X) vs step       │",
            "│   │                                                     ⠑⢄ ╱ ╱ ╱ ╱   0┤⠟⠷⣶⣤⣤⣀⣀                   │",
            "│   │                                                       ⠱⡀╱ ╱ ╱     │   ⠈⠙⠛⠿⢿⣳⣶⣦⣤⣄⣀⡀           │",
            "│-10┤                                                        ⠈⠱⡀ ╱ ╱ -10┤        ⠈⠉⠓⠫⢟⣿⣯⣟⣲⠶⣤⣤⣀⣀    │",
            "│   └──────┬────────────┬───────────┬────────────┬───────────┬──────    │             ⠈⠉⠓⠿⡙⢲⡦⢼⠉⠛⠻⡶⣶│",
            "│         -10          -5           0            5          10          └┬───────┬────────┬───────┬│",
            "│booth: (x+2y-7)² + (2x+y-5)²                                            0      500     1000   1500│",
            "└──────────────────────────────────────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func saddleInASCII() throws {
        expectFrame(try render(["surface=saddle", "optimizers=sgd,adam", "start=-1.5,0.01"], steps: 60, size: (80, 24),
                               ascii: true), [
            "+- Optimizers -----------------------------------------------------------------+",
            "| 2+                      :'                     saddle  (s)                   |",
            "|  |                     :                       o SGD      0.0057             |",
            "|  |                    .'                       # Adam     -55.5912           |",
            "|  |                   :                         f; lr x1.000                  |",
            "| 1+                 .'                          mom    0.90  beta 0.90, 0.999 |",
            "|  |               .'                            o (-0.130, 0.105) #60         |",
            "|  |             .'                              grad f (-0.259, -0.210)       |",
            "|  |           .'         ''::                   lam(H) 2.000, -2.000          |",
            "|  |        ..'          .'':                    H is   indefinite: saddle     |",
            "| 0+       .''''''''''''o                        rate   1.040 pred - obs       |",
            "|  |                                             crit.  (0.000, 0.000) Newton  |",
            "|  |                                             FONC   grad f = 0 ok 1st nec. |",
            "|  |                                             SONC   H >= 0 no 2nd nec.     |",
            "|  |                                             SOSC   H > 0 no 2nd suff.     |",
            "|-1+                                             verdict saddle point          |",
            "|  |                                             f vs step                     |",
            "|  |                                               0+''''''''':::::''''''''''''|",
            "|  |                                             -20+             ''':...      |",
            "|-2+                                             -40+                   ''..   |",
            "|  +---+--------+---------+--------+---------+--    |                      '':.|",
            "|     -2       -1         0        1         2      ++-------+--------+-------+|",
            "|saddle: x^2 - y^2                                   0      20       40      60|",
            "+------------------------------------------------------------------------------+",
        ])
    }

    @Test func divergenceIsShownNotNaN() throws {
        expectFrame(try render(["surface=quadratic", "optimizers=sgd,adam", "lrScale=20"], steps: 200, size: (80, 24)), [
            "┌─ Optimizers ─────────────────────────────────────────────────────────────────┐",
            "│  │    ⠱⡀⠱⡀                                     quadratic  (s)                │",
            "│ 2┤     ⠑⡄⠑⡄                                    ● SGD      diverged           │",
            "│  │      ⠘⡄⠘⡄                                   ■ Adam     8.21e-10           │",
            "│  │       ⠈⢆⠈⢆                                  f - f*; lr x20.000            │",
            "│  │      ◦ ⠈⢢⠈⢢                                 mom    0.90  β 0.90, 0.999    │",
            "│ 1┤       ⢣  ⢣ ⢣                                ● SGD diverged at step 4:     │",
            "│  │        ⠱⡀ ⠱⡀⠱⡀                              the step or f left the finite │",
            "│  │         ⠱⡀ ⠑⡄⠑⡄                             range; lower the lr ([)       │",
            "│  │          ⠘⡄ ⠘⢄⠘⢄                                                          │",
            "│ 0┤           ⠈⢆ ⠈⢆⠈⢆   ■×                                                    │",
            "│  │            ⠈⢢ ⠈⢢⠈⢢                                                        │",
            "│  │              ⠣⡀ ⠣⡀⠣⡀                                                      │",
            "│  │               ⠱⡀ ⠱⡀⠱⡀                                                     │",
            "│-1┤                ⠑⡄ ⠘⡄⠘⡄                                                    │",
            "│  │                 ⠘⢄ ⠘⢄⠘⢄                                                   │",
            "│  │                  ⠈⢆ ⠈⢆⠈⢆                    log10(f - f*) vs step         │",
            "│  │                    ⢣  ⢣ ⢣                   10┤⡇                          │",
            "│-2┤                     ⠣⡀ ⠣⡀⠣⡀                   │⣇⣀⣀⣀                       │",
            "│  │                      ⠱⡀ ⠱⡀⠱⡀                 0┤⠈⠛⠉⠉⠉⠛⠛⠿⠲⠶⠲⠶⢤⣤⣤⣤⣀⣀⣀⣀       │",
            "│  └──────┬───────┬───────┬──────┬───────┬──────   │             ⠁⠈ ⠁⠉⠉⠋⠙⠋⢻⠛⠲⠶⣶│",
            "│        -2      -1       0      1       2         └┬─────┬──────┬──────┬─────┬│",
            "│½(u² + 100 v²), (u, v) = x, y rotated by 30°       0    50     100    150  200│",
            "└──────────────────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func narrowConstrained() throws {
        expectFrame(try render(["surface=booth", "constraint=x + y <= 1"], steps: 3000, size: (40, 12)), [
            "┌─ Optimizers ─────────────────────────┐",
            "│             ⠈⠢⡀╱ ╱ ╱⣀⡀ ╱ ╱ ╱ ╱ ╱ ╱ ╱ │",
            "│               ⠈⠢⡀ ⠈⡩⡺⠁╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱│",
            "│                 ⠈●×╱⠁╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱ │",
            "│                   ⠈⠢⡀ ╱ ╱ ╱ ╱ ╱ ╱ ╱ ╱│",
            "│              ◦      ⠈⠢⡀╱ ╱ ╱ ╱ ╱ ╱ ╱ │",
            "│                       ⠈⠢⡀ ╱ ╱ ╱ ╱ ╱ ╱│",
            "│booth: (x+2y-7)² + (2x+y-5)²          │",
            "│booth · gap to X per racer:           │",
            "│●0.00 ■0.00 ▲0.00 ◆0.98 ★0.00         │",
            "│KKT ✓ |∇L| 0.000 viol 0.000 gap 0.000 │",
            "└──────────────────────────────────────┘",
        ])
    }
}
