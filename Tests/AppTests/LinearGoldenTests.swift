@testable import App
import Canvas
import SimulationCore
import TestSupport
import Testing
@testable import Labs

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


    @Test func setosaTransform() throws {
        expectFrame(try render(["spin=false", "probe=0.5"], steps: 30, size: (80, 24)), [
            "┌─ Linear maps ────────────────────────────────────────────────────────────────┐",
            "│   │              ⠈⢆        ⢸        ⡰⠁               A = [   1.000   2.000 ] │",
            "│ 10┤               ⠈⢆       ⢸Ae1 ⢀  ⡰⠁                    [   8.000   1.000 ] │",
            "│   │                ⠈⢆      ⢸⢀⣠⡔⠊⡹ ⡰⠁                 Setosa [[1,2],[8,1]]    │",
            "│   │                 ⠈⢆   Ax⣸⠏⡿⣿⡀⡇⡰⠁                  mode: transform  (m)    │",
            "│   │                  ⠈⢆   ⢠⢻⢸⢀⠏⣧⡳⠁                   det A  -15.000  flips   │",
            "│  5┤                   ⠈⢆  ⡇⢸⢸⡸ ⣿⠁                    tr A   2.000            │",
            "│   │                    ⠈⢆⡸ ⢸⡎⡇⡰⡇                     λ      5.000, -3.000    │",
            "│   │                     ⢈⢇ ⢸⣿⡰⢁⡇                     σ      8.162, 1.838     │",
            "│   │                     ⢸⠈⣦⣼⣷⢥⣼Ae2                   κ      4.44             │",
            "│  0┤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⡮⢼⡭⣿⢿⡷⡽⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤ ‖A‖F 8.367  ‖A‖2 8.162  │",
            "│   │                     ⡇ ⡹⢻⢏x⡇                      ‖A‖1 9.000  ‖A‖∞ 9.000  │",
            "│   │                    ⢸ ⡰⠁⢸⠈⢶⠁                      A⁻¹ [  -0.067   0.133 ] │",
            "│   │                    ⢸⡰⠁ ⢸ ⡎⢆                          [   0.533  -0.067 ] │",
            "│ -5┤                    ⣸⠁  ⢸⢸ ⠈⢆                     x  = (0.878, 0.479)     │",
            "│   │                   ⡰⢹⡀  ⢸⠃  ⠈⢆                    Ax = (1.836, 7.500)     │",
            "│   │                  ⡰⠁ ⣇ ⣠⢻    ⠈⢆                   ‖Ax‖ 7.722 in [σ2, σ1]  │",
            "│   │                 ⡰⠁  ⠈⠉⠁⢸     ⠈⢆                                          │",
            "│-10┤                ⡰⠁      ⢸      ⠈⢆                                         │",
            "│   │               ⡰⠁       ⢸       ⠈⢆                                        │",
            "│   └───────┬────────┬───────┬───────┬────────┬───────                         │",
            "│          -10      -5       0       5       10                                │",
            "│eigenvalues 5 and -3                                                          │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func nearlySingularSVDStretching() throws {
        let midStretch = LinearSimulation.stageSteps + LinearSimulation.holdSteps + LinearSimulation.stageSteps / 2
        expectFrame(try render(["preset=nearly", "mode=svd", "spin=false"], steps: midStretch, size: (80, 24)), [
            "┌─ Linear maps ────────────────────────────────────────────────────────────────┐",
            "│  │                        ⢸                         A = [   1.000   1.000 ]  │",
            "│ 2┤                        ⢸                             [   1.000   1.020 ]  │",
            "│  │                        ⢸                         nearly singular          │",
            "│  │                        ⢸                         mode: SVD playback  (m)  │",
            "│  │                        ⢸                         det A  0.020             │",
            "│ 1┤                     ⣀⡤⠤⢼⠤⢤⣀                      tr A   2.020             │",
            "│  │                  ⢠⠔⠉ v2⢸   ⠉⠢⡄                   λ      2.010, 0.010      │",
            "│  │                ⢀⣰⡥⠤⠤⠤⠒⢒⢾⡖⠒⠤⠤⠤⢌⣆⡀                 σ      2.010, 0.010      │",
            "│  │             ⣠⠖⠋⢱⠃     ⠊⢸⠘  ⣀⡠⠤⠚⡏⠙⡲⣤⢄⡀v1          κ      202.02  ill-cond. │",
            "│ 0┤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⢼⡥⠤⠤⢼⠤⠤⠤⠤⠤⠤⠤⢼⢴⣶⢭⣤⣤⣤⣤⣧⠴⠬⣽⡧⠬⢭⣶⡦⠤⠤⠤⠤⠤⠤⠤⠤ ‖A‖F 2.010  ‖A‖2 2.010   │",
            "│  │             ⠙⠢⣄⣸⡄      ⢸  ⠉⠑⠒⠢⢤⣇⣭⠿⠟⠒⠉⠁           ‖A‖1 2.020  ‖A‖∞ 2.020   │",
            "│  │                ⠈⠹⡑⠒⠒⠒⠤⠤⢼⠤⠤⠒⠒⠒⢚⠏⠁   x             A⁻¹ [  51.000 -50.000 ]  │",
            "│  │                  ⠘⠢⣀   ⢸   ⣀⠔⠃                       [ -50.000  50.000 ]  │",
            "│-1┤                     ⠉⠓⠒⢺⠒⠚⠉                      x  = (0.866, 0.500)      │",
            "│  │                        ⢸                         Ax = (1.366, 1.376)      │",
            "│  │                        ⢸                         ‖Ax‖ 1.939 in [σ2, σ1]   │",
            "│  │                        ⢸                                                  │",
            "│-2┤                        ⢸                                                  │",
            "│  │                        ⢸                                                  │",
            "│  └┬───────┬───────┬───────┬───────┬───────┬───────┬                          │",
            "│  -3      -2      -1       0       1       2       3                          │",
            "│2/3 Σ: stretch x by σ1 = 2.010, y by σ2 = 0.010                               │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func shearEigenInASCII() throws {
        expectFrame(try render(["preset=shear", "mode=eigen", "spin=false"], steps: 60, size: (72, 20), ascii: true), [
            "+- Linear maps --------------------------------------------------------+",
            "|  |                  :                   A = [   1.000   1.000 ]      |",
            "| 2+                  :                       [   0.000   1.000 ]      |",
            "|  |                  :                   shear                        |",
            "|  |                  :                   mode: eigen playback  (m)    |",
            "| 1+                ..:.......            det A  1.000                 |",
            "|  |             .:'..:''':.  :     A^11x tr A   2.000                 |",
            "|  |             :.:' :   x:':''''''''''' lam    1.000, 1.000          |",
            "| 0+............::....:.....:............ sig    1.618, 0.618          |",
            "|  |          .: :    : .:':              kappa  2.62                  |",
            "|  |          :  ':...:''.:'              ||A||F 1.732  ||A||2 1.618   |",
            "|-1+           ''''''':''                 ||A||1 2.000  ||A||inf 2.000 |",
            "|  |                  :                   A^-1 [   1.000  -1.000 ]     |",
            "|  |                  :                       [   0.000   1.000 ]      |",
            "|-2+                  :                   x  = (0.866, 0.500)          |",
            "|  |                  :                   Ax = (1.366, 0.500)          |",
            "|  +-+-----+----+-----+-----+----+-----+- ||Ax|| 1.455 in [sig2, sig1] |",
            "|   -3    -2   -1     0     1    2     3                               |",
            "|defective: a single eigen-direction                                   |",
            "+----------------------------------------------------------------------+",
        ])
    }

    @Test func singularInverseInASCII() throws {
        expectFrame(try render(["preset=projection", "mode=inverse", "spin=false"], steps: 30, size: (64, 18), ascii: true), [
            "+- Linear maps ------------------------------------------------+",
            "|                :                A = [   0.500   0.500 ]      |",
            "|                :                    [   0.500   0.500 ]      |",
            "|                :                projection                   |",
            "|          ..'''':'''..           mode: inverse  (m)           |",
            "|        .:'     :  ..::.Ax       det A  0.000  singular       |",
            "|       .'       :''.': '.        tr A   1.000                 |",
            "|       :        :.:':   :        lam    1.000, 0.000          |",
            "|.......:........::......:....... sig    1.000, 0.000          |",
            "|       :     .' :       :        kappa  inf                   |",
            "|       '.  .'   :      .'        ||A||F 1.000  ||A||2 1.000   |",
            "|        '::     :    .:'         ||A||1 1.000  ||A||inf 1.000 |",
            "|          ''....:...''           A^-1 does not exist (det 0)  |",
            "|                :                x  = (0.866, 0.500)          |",
            "|                :                Ax = (0.683, 0.683)          |",
            "|                :                ||Ax|| 0.966 in [sig2, sig1] |",
            "|singular (det 0): no inverse, the plane collapses onto a line |",
            "+--------------------------------------------------------------+",
        ])
    }

    /// Issue 17: eigen playback at 80x24 framed to the ellipse (axes ±2 in the D stage, not
    /// ±8), with the labels v1, v2, x beside their tips, never on each other or the curves
    /// (`⢀⣰Ae2`, `x⣿⣳Ae1` before); ASCII spells the column in full (`||A||inf 9.000`).
    @Test func eigenPlaybackFramedAndLabelled() throws {
        expectFrame(try render(["mode=eigen", "spin=false"], steps: 70, size: (80, 24)), [
            "┌─ Linear maps ────────────────────────────────────────────────────────────────┐",
            "│  │                        ⡇                        A = [   1.000   2.000 ]   │",
            "│ 2┤                        ⡇                            [   8.000   1.000 ]   │",
            "│  │                        ⡇                        Setosa [[1,2],[8,1]]      │",
            "│  │                        ⡇                        mode: eigen playback  (m) │",
            "│  │               ⢀⣀⣀      ⡇v2                      det A  -15.000  flips     │",
            "│ 1┤            ⣠⠖⠉⠁  ⠉⢉⡵⠖⠲⣒⡗⠒⠢⢤⡀                    tr A   2.000              │",
            "│  │            ⡇    ⣠⠞⠁  ⢀⠎⡟⡕⠢⢄⠈⠳⣄                  λ      5.000, -3.000      │",
            "│  │            ⢇   ⡴⠁      ⡇   ⡱⠢⣈⢦                 σ      8.162, 1.838       │",
            "│  │            ⠈⣆ ⢰⠁       ⡇⢀⠤⠊  ⠈⡛⡦⡀v1             κ      4.44               │",
            "│ 0┤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠬⢦⣼⠤⠤⠤⠤⠤⠤⠤⠤⣷⣥⠤⠤⠤⠤⠤⠬⣿⠯⡶⢤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤ ‖A‖F 8.367  ‖A‖2 8.162    │",
            "│  │               ⠸⡤⡀      ⡇⠉⠫⣑⠢⠤⣀⣉⠇ ⠹⡀⠑⠢⡀          ‖A‖1 9.000  ‖A‖∞ 9.000    │",
            "│  │                ⠳⡉⠢⢄    ⡇   ⠑⠤⣀⠞⠑⠒⢵⣵x ⠈⣑⠄        A⁻¹ [  -0.067   0.133 ]   │",
            "│  │                 ⠙⢦⡀⠑⠢⢄⡀⡇   ⢀⡴⠋⠒⢄⠉⠁⢸⢀⠤⠊              [   0.533  -0.067 ]   │",
            "│-1┤                   ⠈⠓⠢⠤⠬⡯⠦⠴⢞⣁⣀  ⢀⣉⠶⠛⠁            x  = (0.866, 0.500)       │",
            "│  │                        ⡇     ⠉⠉⠁                Ax = (1.866, 7.428)       │",
            "│  │                        ⡇                        ‖Ax‖ 7.659 in [σ2, σ1]    │",
            "│  │                        ⡇                                                  │",
            "│-2┤                        ⡇                                                  │",
            "│  │                        ⡇                                                  │",
            "│  └───────┬───────┬────────┬───────┬───────┬───────                           │",
            "│         -2      -1        0       1       2                                  │",
            "│2/3 D: scale axis 1 by λ1 = 5.000, axis 2 by λ2 = -3.000                      │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
        ])
        expectFrame(try render(["mode=eigen", "spin=false"], steps: 110, size: (80, 24), ascii: true), [
            "+- Linear maps ----------------------------------------------------------------+",
            "|  |                      :                       A = [   1.000   2.000 ]      |",
            "|  |                      :                           [   8.000   1.000 ]      |",
            "|  |                      :                       Setosa [[1,2],[8,1]]         |",
            "|  |                      :                       mode: eigen playback  (m)    |",
            "| 5+                      :                       det A  -15.000  flips        |",
            "|  |                      :    .....              tr A   2.000                 |",
            "|  |                    ..::'''  ...:'..          lam    5.000, -3.000         |",
            "|  |                 .:'' :     ..'''.:x''.       sig    8.162, 1.838          |",
            "|  |              .:'   ..:...':..''::'.''        kappa  4.44                  |",
            "| 0+.............:......:.:::::...:::::.......... ||A||F 8.367  ||A||2 8.162   |",
            "|  |          .:        '':''....:'  v1           ||A||1 9.000  ||A||inf 9.000 |",
            "|  |          :          :::..:'                  A^-1 [  -0.067   0.133 ]     |",
            "|  |          '..     ...::''                         [   0.533  -0.067 ]      |",
            "|  |             '''''    :v2                     x  = (0.866, 0.500)          |",
            "|-5+                      :                       Ax = (1.866, 7.428)          |",
            "|  |                      :                       ||Ax|| 7.659 in [sig2, sig1] |",
            "|  |                      :                                                    |",
            "|  |                      :                                                    |",
            "|  |                      :                                                    |",
            "|  +---+--------+---------+---------+--------+---                              |",
            "|     -10      -5         0         5       10                                 |",
            "|2/3 D: scale axis 1 by lam1 = 5.000, axis 2 by lam2 = -3.000                  |",
            "+------------------------------------------------------------------------------+",
        ])
    }
}
