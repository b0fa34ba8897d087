@testable import App
import Canvas
import SimulationCore
import Testing

/// Golden frames of `gradscope render --pane linear` (the same code path): a few presets and
/// modes, Unicode and ASCII. On a mismatch the frame drawn is printed, to check and paste.
struct LinearGoldenTests {
    func render(_ settings: [String], steps: Int, size: (Int, Int), ascii: Bool = false) throws -> [String] {
        var configuration = AppConfiguration()
        configuration.forceASCII = ascii
        configuration.settings = try settings.map { try SettingParser.command($0, pane: .linear) }
        let text = try Launch.render(configuration, target: .pane(.linear), width: size.0, height: size.1,
                                     steps: steps, format: .text)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    func expectFrame(_ actual: [String], _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual == expected, "frame differs; drawn:\n\(actual.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    @Test func setosaTransform() throws {
        expectFrame(try render(["spin=false", "probe=0.5"], steps: 30, size: (80, 24)), [
            "┌─ Linear maps ────────────────────────────────────────────────────────────────┐",
            "│   │             ⠘⡄        ⡇       ⢀⠎              A = [   1.000   2.000 ]    │",
            "│ 10┤              ⠘⡄       ⡇  Ax⡀ ⢀⠎                   [   8.000   1.000 ]    │",
            "│   │               ⠘⡄      ⡇Ae1⢉⠇⢀⠎                Setosa [[1,2],[8,1]]       │",
            "│   │                ⠘⡄    ⢀⡿⢹⢿⣇⢸⢀⠎                 mode: transform  (m)       │",
            "│   │                 ⠘⡄   ⡜⡇⡇⡸⢹⣜⠎                  det A  -15.000  flips      │",
            "│  5┤                  ⠘⡄ ⢸ ⡇⣇⠇⢸⡏                   tr A   2.000               │",
            "│   │                   ⠘⣄⠇ ⣷⢹⢀⢾                    λ      5.000, -3.000       │",
            "│   │                    ⡸⡄ ⣿⣇⠎⣸                    σ      8.162, 1.838        │",
            "│   │                    ⡇⢘⣤⣿⡮⣤Ae2                  κ      4.44                │",
            "│  0┤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⢴⠥⣯⢼⡿x⢮⠧⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤ ‖A‖F 8.367  ‖A‖2 8.162     │",
            "│   │                   ⢸ ⢈⠟⡟⡅⢸                     ‖A‖1 9.000  ‖A‖∞ 9.000     │",
            "│   │                   ⡇⢀⠎ ⡇⠘⡎                     A⁻¹ [  -0.067   0.133 ]    │",
            "│   │                   ⣇⠎  ⡇⢰⠙⡄                        [   0.533  -0.067 ]    │",
            "│ -5┤                  ⢀⡏   ⡇⡇ ⠘⡄                   x  = (0.878, 0.479)        │",
            "│   │                 ⢀⠎⣇   ⡟   ⠘⡄                  Ax = (1.836, 7.500)        │",
            "│   │                ⢀⠎ ⢸⡀⢀⡜⡇    ⠘⡄                 ‖Ax‖ 7.722 in [σ2, σ1]     │",
            "│   │               ⢀⠎   ⠉⠉ ⡇     ⠘⡄                                           │",
            "│-10┤              ⢀⠎       ⡇      ⠘⡄                                          │",
            "│   │             ⢀⠎        ⡇       ⠘⡄                                         │",
            "│   └──────┬───────┬────────┬───────┬───────┬──────                            │",
            "│         -10     -5        0       5      10                                  │",
            "│eigenvalues 5 and -3                                                          │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func nearlySingularSVDStretching() throws {
        let midStretch = LinearSimulation.stageSteps + LinearSimulation.holdSteps + LinearSimulation.stageSteps / 2
        expectFrame(try render(["preset=nearly", "mode=svd", "spin=false"], steps: midStretch, size: (80, 24)), [
            "┌─ Linear maps ────────────────────────────────────────────────────────────────┐",
            "│  │                       ⢸                        A = [   1.000   1.000 ]    │",
            "│ 3┤                       ⢸                            [   1.000   1.020 ]    │",
            "│  │                       ⢸                        nearly singular            │",
            "│ 2┤                       ⢸                        mode: SVD playback  (m)    │",
            "│  │                       ⢸                        det A  0.020               │",
            "│  │                       ⢸                        tr A   2.020               │",
            "│ 1┤                     ⣀⡠⢼⢄⣀                      λ      2.010, 0.010        │",
            "│  │                  ⢀⡴⠋ v2  ⠙⢦⡀                   σ      2.010, 0.010        │",
            "│  │               ⢀⡤⠔⡞⠋⠉⠉⠩⢻⠏⠉⢉⡹⢷⢲⢤⣀x               κ      202.02  ill-cond.   │",
            "│ 0┤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⣯⠤⢼⠤⠤⠤⠤⠤⢼⢴⣮⠥⢤⣤⣷⣯⣿v1⡦⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤ ‖A‖F 2.010  ‖A‖2 2.010     │",
            "│  │               ⠈⠓⠢⢧⣄⣀⣀⣀⣸⣀⣀⣉⣲⡾⠾⠛⠋⠉               ‖A‖1 2.020  ‖A‖∞ 2.020     │",
            "│  │                  ⠈⠳⣄  ⢸  ⣠⠞⠁                   A⁻¹ [  51.000 -50.000 ]    │",
            "│-1┤                     ⠉⠑⢺⠊⠉                          [ -50.000  50.000 ]    │",
            "│  │                       ⢸                        x  = (0.866, 0.500)        │",
            "│  │                       ⢸                        Ax = (1.366, 1.376)        │",
            "│-2┤                       ⢸                        ‖Ax‖ 1.939 in [σ2, σ1]     │",
            "│  │                       ⢸                                                   │",
            "│-3┤                       ⢸                                                   │",
            "│  │                       ⢸                                                   │",
            "│  └─┬────┬─────┬────┬─────┬─────┬────┬─────┬────┬─                            │",
            "│   -4   -3    -2   -1     0     1    2     3    4                             │",
            "│2/3 Σ: stretch x by σ1 = 2.010, y by σ2 = 0.010                               │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func shearEigenInASCII() throws {
        expectFrame(try render(["preset=shear", "mode=eigen", "spin=false"], steps: 60, size: (72, 20), ascii: true), [
            "+- Linear maps --------------------------------------------------------+",
            "|  |                   :                    A = [   1.000   1.000 ]    |",
            "| 2+                   :                        [   0.000   1.000 ]    |",
            "|  |                   :                    shear                      |",
            "|  |                   :                    mode: eigen playback  (m)  |",
            "| 1+                 ..:.......             det A  1.000               |",
            "|  |              .:'..:''':x  :      A^11x tr A   2.000               |",
            "|  |              :.:' :    :':'''''''''''' lam    1.000, 1.000        |",
            "| 0+.............::....:.....:............. sig    1.618, 0.618        |",
            "|  |           .: :    : .:':               kappa  2.62                |",
            "|  |           :  ':...:''.:'               ||A||F 1.732  ||A||2 1.618 |",
            "|-1+            ''''''':''                  ||A||1 2.000  ||A||inf 2.0~|",
            "|  |                   :                    A^-1 [   1.000  -1.000 ]   |",
            "|  |                   :                        [   0.000   1.000 ]    |",
            "|-2+                   :                    x  = (0.866, 0.500)        |",
            "|  |                   :                    Ax = (1.366, 0.500)        |",
            "|  +--+-----+----+-----+-----+----+-----+-- ||Ax|| 1.455 in [sig2, sig~|",
            "|    -3    -2   -1     0     1    2     3                              |",
            "|defective: a single eigen-direction                                   |",
            "+----------------------------------------------------------------------+",
        ])
    }

    @Test func singularInverseInASCII() throws {
        expectFrame(try render(["preset=projection", "mode=inverse", "spin=false"], steps: 30, size: (64, 18), ascii: true), [
            "+- Linear maps ------------------------------------------------+",
            "|                 :                 A = [   0.500   0.500 ]    |",
            "|                 :                     [   0.500   0.500 ]    |",
            "|                 :                 projection                 |",
            "|           ..'''':'''..            mode: inverse  (m)         |",
            "|         .:'     :  ..:Ax          det A  0.000  singular     |",
            "|        .'       :''.': '.         tr A   1.000               |",
            "|        :        :.:':   :         lam    1.000, 0.000        |",
            "|........:........::......:........ sig    1.000, 0.000        |",
            "|        :     .' :       :         kappa  inf                 |",
            "|        '.  .'   :      .'         ||A||F 1.000  ||A||2 1.000 |",
            "|         '::     :    .:'          ||A||1 1.000  ||A||inf 1.0~|",
            "|           ''....:...''            A^-1 does not exist (det 0)|",
            "|                 :                 x  = (0.866, 0.500)        |",
            "|                 :                 Ax = (0.683, 0.683)        |",
            "|                 :                 ||Ax|| 0.966 in [sig2, sig~|",
            "|singular (det 0): no inverse, the~                            |",
            "+--------------------------------------------------------------+",
        ])
    }
}
