@testable import App
import Canvas
import SimulationCore
import TestSupport
import Testing
@testable import Labs

/// Golden frames of `gradscope render --pane boundary` (the same code path): an MLP on XOR,
/// three classes in ASCII, a perceptron with its weight vector, the shattering view and the
/// narrow layout. On a mismatch the frame drawn is printed, to check and paste.
struct BoundaryGoldenTests {
    func render(_ settings: [String], steps: Int, size: (Int, Int), ascii: Bool = false) throws -> [String] {
        var configuration = AppConfiguration()
        configuration.forceASCII = ascii
        configuration.settings = try settings.map { try SettingParser.command($0, pane: .boundary) }
        let text = try Launch.render(configuration, target: .pane(.boundary), width: size.0, height: size.1,
                                     steps: steps, format: .text)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }


    @Test func xorLearnedByAnMLP() throws {
        expectFrame(try render([], steps: 150, size: (100, 30)), [
            "┌─ Decision boundary ──────────────────────────────────────────────────────────────────────────────┐",
            "│ 6┤                                ⠠⠊                               XOR  (d)                      │",
            "│  │          ● ● ○    ○   ●    ●● ·⠨·▲  ▲      ▲    ▲ ▲△            data   250/250 noise 0% (n)   │",
            "│  │            ●  ●  ○● ● ●○  ●○○ ⠠⠊ △△ △△▲ △ △ △ △ △   ▲           2-4-4-1 tanh  (m)             │",
            "│  │            ●○   ○ ● ○ ●●○● ● ●⠨·△▲▲   ▲  ▲△△▲△▲▲ △  △           epoch  150                    │",
            "│ 4┤          ○  ●   ●●●●  ●  ●  ●○⠨·     △ ▲△▲  ▲▲ △  △△▲           train  loss 0.0184 acc 100.0% │",
            "│  │         ●  ●   ● ● ●  ○    ●○·⠨   △    △△ ▲△  △▲                test   loss 0.0880 acc 96.4%  │",
            "│  │·          ●   ○      ○ ○  ●● ⠠⠊  ▲  △▲ △△ △ ▲    △ △▲           P R F1 0.985 0.949 0.967      │",
            "│  │⡀⡀··      ○●  ● ○○    ●●○   ○ ●· ▲    ▲ ▲ ▲  △ ▲   ▲             AP     0.997 (test, class 1)  │",
            "│ 2┤·⠈⠢⡀··     ●● ○ ●○  ○●●      ○○⠢  △△ ▲▲ ▲ ▲  △   ▲  △            true\\pred     0    1          │",
            "│  │   ⠈⠂⠢⡀···○ ○ ●  ●●○ ●   ● ●●●·⠨·▲  △△ ▲ ▲   ▲ ▲  ▲ △△         ⡀         0   110    2          │",
            "│  │      ⠈⠂⠢⡀●○●· ○ ●○○●●● ○   ●○·⠨⡀▲▲△▲ △▲ ▲  △△  △  ▲△▲    ⡀⡠⠂⠂⠊·         1     7  131          │",
            "│  │         ·⠈○⠢○○⡀●··● ○● ○●  ●  ·⠈⠢⡀▲ △▲△ △  △▲△△△▲▲△⡀⡀△⠂⠂⠊······ lr     0.0300                 │",
            "│ 0┤               ⠈⠂⠂⠢⡀⡀⡀···       ··⠈⠂⠂⠢⡀⡀⡀⡀⡀⡀⡀⡀⡀⡠⠂⠂⠂⠊· ·····      batch  10, shuffled           │",
            "│  │            ▲  ▲ ▲  ▲△△⠢⡀⡀·△      ○○····●·●·○····○○···           in     x1 x2                  │",
            "│  │          ▲△▲▲ ▲△△▲      ⠈⠢·     ●●○  ● ● ● ●○ ○●   ○○           loss fn cross-entropy         │",
            "│  │             ▲△▲  △▲▲   ▲ ⠈⠢△△    ●    ● ●●●    ● ●●●●           view   output  (v)            │",
            "│-2┤          △  ▲    ▲ ▲      ⠈⠢·        ●●   ● ○● ● ●●                                           │",
            "│  │           △ ▲ △ △   △ △△▲  △⡀△    ●○   ○  ●●  ●○○●  ●                                         │",
            "│  │          ▲ ▲  ▲▲        ▲ △△▲△·  ○ ●●   ○  ●  ●   ○○○                                         │",
            "│  │            △   △     ▲▲ △    ⠈⠢··      ○ ●     ● ○ ●                                          │",
            "│-4┤           ▲ ▲ ▲ ▲    ▲ ▲△△ ▲ ▲⠈⠢⡀·○ ●    ● ●○○  ○●  ●           log10 loss: train, test ···   │",
            "│  │          △ ▲▲ △△  ▲       ▲ ▲△  ⠈⠢⡀●·●●● ●  ● ○○ ○                │                           │",
            "│  │          ▲▲   △▲ ▲  ▲△▲△ ▲ ▲▲▲    ⠈⠢⡀●· ●     ●    ○○            0┤⠒⠒⠒⠦⠤⣀⡀                    │",
            "│  │·         △△△     ▲△△   △  ▲△▲      ○ ○○⡀··  ○○  ●   ●             │      ⠉⠙⠓⠦⢆⣄⠄⠄⡀⡀⡀⡀⡀⡀⡀⡀     │",
            "│-6┤ ·                                      ⠈⠂⠢·                     -1┤            ⠉⠙⠒⠲⠤⠤⣄⣀⡀ ⠁⠁⠁⠁⠁│",
            "│  └──────┬────────┬───────┬────────┬───────┬───────┬────────┬────── -2┤                    ⠈⠉⠉⠙⠒⠒⠒│",
            "│        -6       -4      -2        0       2       4        6         └┬────────┬────────┬───────┬│",
            "│●=0 ▲=1 (○△ test)  line: P(class 1) = 0.5; ·: 0.25 and 0.75            0       50       100    150│",
            "└──────────────────────────────────────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func threeBlobsInASCII() throws {
        expectFrame(try render(["dataset=blobs3", "layers=4"], steps: 60, size: (80, 24), ascii: true), [
            "+- Decision boundary ----------------------------------------------------------+",
            "| 6+':.                                        . three blobs  (d)              |",
            "|  |  ':.               c                    .'  data   250/250 noise 0% (n)   |",
            "|  |    ':.          C CCc Cc c            .'    2-4-3 tanh  (m)               |",
            "| 4+      ':.         cccccccCc          .'      epoch  60                     |",
            "|  |        ':.      Ccccccccccc       .'        train  loss 0.0166 acc 100.0% |",
            "|  |          ':.     ccccccccC     ..'          test   loss 0.0172 acc 100.0% |",
            "| 2+            ':. Cc c CCCC  c  .'             P R F1 1.000 1.000 1.000 avg  |",
            "|  |              ':.          .''               mAP    1.000 (1.00 1.00 1.00) |",
            "|  |              V ':..    .''                  true\\pred     0    1    2     |",
            "| 0+            v v    ':.''   z Z Zz                    0    79    0    0     |",
            "|  |           vvvvv     :     zzZzzzzzzz                1     0   85    0     |",
            "|  |       V vvvvVvvvV V :  zzzZzzzZzzZ                  2     0    0   86     |",
            "|-2+       Vvvvvvvvvvvv  :  ZZ zzzzzzzzZZ        lr     0.0300                 |",
            "|  |        V  vvV vv V  :    zzzzzZzZZZ         batch  10, shuffled           |",
            "|  |        v  VVvvvV    :.    z  zZ             in     x1 x2                  |",
            "|-4+                      :.                     loss fn cross-entropy         |",
            "|  |           v           :.                    view   output  (v)            |",
            "|  |                        :.                   log10 loss: train, test ...   |",
            "|-6+                         ':                   0+...                        |",
            "|  +--+------+-----+------+-----+-----+------+-- -2+   ''''''':................|",
            "|    -6     -4    -2      0     2     4      6     ++--------+--------+-------+|",
            "|c=0 v=1 z=2 (CVZ test)  lines: the boundaries      0       20       40      60|",
            "+------------------------------------------------------------------------------+",
        ])
    }

    @Test func perceptronWithItsWeightVector() throws {
        expectFrame(try render(["dataset=linear", "model=perceptron", "lr=0.1"], steps: 30, size: (80, 24)), [
            "┌─ Decision boundary ──────────────────────────────────────────────────────────┐",
            "│ 6┤     ⠨⡀                                      linearly separable  (d)       │",
            "│  │      ⠈⠢⡀    △ ▲△ ▲▲  △    △      ▲ ▲        data   250/250 noise 0% (n)   │",
            "│  │        ⠈⠢⡀  △▲▲△▲ ▲△▲▲▲▲▲▲△▲▲ ▲▲▲▲          perceptron  (m)               │",
            "│ 4┤          ⠈⠢⡀ ▲▲▲   ▲▲ ▲ △▲  △△▲△▲▲▲△        epoch  30                     │",
            "│  │            ⠈⠢⡀  ▲▲▲△  ▲▲  ▲ ▲△▲ ▲▲          train  crit 0.0000 acc 100.0% │",
            "│  │      ●○●○    ⠈⠢⡀ △▲▲▲▲▲△ ▲ △▲△ △▲   ▲       test   crit 0.0000 acc 100.0% │",
            "│ 2┤       ●●○●     ⠈⠢⡀ ▲△▲▲△▲△▲△△▲△▲▲▲▲▲        mistakes 0 train, 0 test      │",
            "│  │      ●●● ● ○●    ⠈⠢⡀  ▲▲△▲△  ▲▲▲▲ ▲△▲       P R F1 1.000 1.000 1.000      │",
            "│  │      ○○  ● ● ○     ⠈⠢⡀⡠⠊▲▲  ▲▲  ▲△△ △       AP     1.000 (test, class 1)  │",
            "│ 0┤       ●○●●●● ●  ○    ⠈⠢⡀  ▲△△▲▲▲△△ △▲       true\\pred     0    1          │",
            "│  │      ○●●●○●●○ ●●○●     ⠈⠢⡀ △▲△▲▲▲△▲ △               0   132    0          │",
            "│  │      ●○● ●○●○●○○ ●       ⠈⠢⡀  △△▲△▲▲▲               1     0  118          │",
            "│-2┤      ●●●○ ●○ ●●●●●○ ○●     ⠈⠢⡀   ▲ ▲△       lr     0.1000                 │",
            "│  │      ● ●○ ○ ●●●○ ●●● ●●●     ⠈⠢⡀   △▲       batch  10, shuffled           │",
            "│  │      ●●●  ○   ●● ●●●  ● ●      ⠈⠢⡀          in     x1 x2                  │",
            "│-4┤      ●●●● ○ ● ● ○       ●●○●●    ⠈⠢⡀        loss fn perceptron criterion  │",
            "│  │      ● ●○ ○● ●○●●○○○●●●○●●○ ●○     ⠈⠢⡀      view   output  (v)            │",
            "│  │      ●○○○ ○   ○○○ ●○●○○ ● ●● ●●      ⠈⠢⡀    log10 crit: train, test ···   │",
            "│-6┤                                        ⠈⠢    -5┤⡇                         │",
            "│  └──┬──────┬─────┬──────┬─────┬─────┬──────┬── -10┤⢸                         │",
            "│    -6     -4    -2      0     2     4      6      └┬───────┬────────┬───────┬│",
            "│●=0 ▲=1 (○△ test)  line: w·x+w0 = 0                 0      10       20      30│",
            "└──────────────────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func fourPointsAreNotShattered() throws {
        expectFrame(try render(["view=vc", "vcPreset=2"], steps: 0, size: (100, 30)), [
            "┌─ Decision boundary ──────────────────────────────────────────────────────────────────────────────┐",
            "│4 points: a square (XOR) (c)                                        XOR  (d)                      │",
            "│✓          ✓          ✓          ✓          ✓          ✗            data   250/250 noise 0% (n)   │",
            "│                                                                    2-4-4-1 tanh  (m)             │",
            "│  ●    ●     ●    ●     ●    ●     ●    ●     ●    ▲     ●    ▲     epoch  0                      │",
            "│                                                                    train  loss 0.7327 acc 47.6%  │",
            "│  ●    ●     ▲    ●     ●    ▲     ▲    ▲     ●    ●     ▲    ●     test   loss 0.7319 acc 47.6%  │",
            "│                                                                    P R F1 0.527 0.500 0.513      │",
            "│                                                                    AP     0.474 (test, class 1)  │",
            "│✓          ✓          ✓          ✓          ✗          ✓            true\\pred     0    1          │",
            "│                                                                            0    50   62          │",
            "│  ●    ▲     ●    ▲     ▲    ●     ▲    ●     ▲    ●     ▲    ●             1    69   69          │",
            "│                                                                    lr     0.0300                 │",
            "│  ●    ▲     ▲    ▲     ●    ●     ▲    ●     ●    ▲     ▲    ▲     batch  10, shuffled           │",
            "│                                                                    in     x1 x2                  │",
            "│                                                                    loss fn cross-entropy         │",
            "│✓          ✓          ✓          ✓                                  view   vc  (v)                │",
            "│                                                                                                  │",
            "│  ▲    ▲     ▲    ▲     ▲    ▲     ▲    ▲                                                         │",
            "│                                                                                                  │",
            "│  ●    ●     ▲    ●     ●    ▲     ▲    ▲                                                         │",
            "│                                                                    log10 loss: train, test ···   │",
            "│                                                                      │                           │",
            "│                                                                     0┤                           │",
            "│                                                                      │⠁                          │",
            "│                                                                      │                           │",
            "│                                                                    -1┤                           │",
            "│14 of 16 labellings by a line: not shattered; lines: VC dim 3         └┬────────────┬────────────┬│",
            "│empirical Rademacher complexity 0.9375                                 0           0.5           1│",
            "└──────────────────────────────────────────────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func narrowCircle() throws {
        expectFrame(try render(["dataset=circle"], steps: 100, size: (40, 12)), [
            "┌─ Decision boundary ──────────────────┐",
            "│                ●●●●●●                │",
            "│              ●●●●●▲▲●●○              │",
            "│              ●●▲▲▲▲▲△●●              │",
            "│              ●●▲▲▲▲▲▲●●              │",
            "│               ●●●●▲●●●●              │",
            "│                ○●●●○                 │",
            "│●=0 ▲=1 (○△ test)  line: boundary     │",
            "│epoch 100 · circle · 2-4-4-1 tanh     │",
            "│acc    100.0% train 100.0% test       │",
            "│                                      │",
            "└──────────────────────────────────────┘",
        ])
    }
}
