import Canvas
import Panes
import Testing
import TestSupport

/// Golden frames of the doctor screen, headless, from a fixed report (no environment).
/// On a mismatch the test prints the whole frame it drew, to paste here after checking it.
struct DoctorGoldenTests {
    func render(width: Int, height: Int, charset: Charset, tier: ColorTier) -> [String] {
        let report = DoctorFixtures.report(width: width, height: height, charset: charset, tier: tier)
        let context = PaneContext(width: width, height: height, theme: Theme.builtIn(tier: tier), charset: charset)
        return DoctorPane(report: report).render(context).plainLines()
    }


    @Test func unicodeAt100x30() {
        expectFrame(render(width: 100, height: 30, charset: .unicode, tier: .palette256), [
            " Terminal   100x30, TERM=xterm-256color                                                             ",
            " Locale     UTF-8 (UTF-8) -> Unicode glyphs: locale is UTF-8                                        ",
            " Colour     256 colours, 65536 pairs -> tier 256: terminfo: 256 colours                             ",
            " Screen     alternate screen yes, cursor addressing yes                                             ",
            " Braille    ⠁⠃⠇⡇⡏⡟⡿⣿ ⣀⣤⣶⣿ ⢸⡇ should look like dots filling a cell                                   ",
            " Blocks     ▀▄█▌▐ ░▒▓ ┌─┬─┐│┏━┓ should join without gaps                                            ",
            " ASCII      . : ' - = + * # % @ | / \\ < > ^ v                                                       ",
            " Ramps                                                                                              ",
            " Series     ●1 ●2 ●3 ●4 ●5 ●6                                                                       ",
            " Bandwidth  ~18.3 KB/s at 30 fps, budget 50.0 KB/s                                                  ",
            "            estimate: fixture                                                                       ",
            " Assets     assets from /fixture/assets                                                             ",
            " Theme      default: from fixture                                                                   ",
            " Fallbacks  none: full glyphs and colour                                                            ",
            "                                                                                                    ",
            " Preview: braille curves                           Preview: heatmap                                 ",
            "                         ⡇                          ▀▀▀ ▀▀▀▀▀▀▀▀ ▀▀▀▀▀▀▀▀ ▀▀▀    ▀▀▀                ",
            "                         ⡇                         ▀     ▀▀  ▀▀ ▀▀▀▀  ▀▀ ▀▀▀▀  ▀▀     ▀▀            ",
            "                    ⣠⠤⠴⠒⠒⡗⠒⠦⢤⣄⡠⠤⠴⠒⠒⠒⠒⣒⣢⣄              ▀▀     ▀▀  ▀▀ ▀ ▀▀  ▀▀ ▀ ▀▀  ▀▀     ▀▀        ",
            "                  ⡠⠊    ⢀⡧⠖⠒⠉ ⠑⢄    ⣀⠔⢪⢻                  ▀      ▀  ▀▀ ▀ ▀▀   ▀ ▀  ▀  ▀▀     ▀▀     ",
            "                ⣠⠊   ⣠⠴⠚⠁⡇      ⢑⣤⠒⠉  ⢁⠜                    ▀      ▀   ▀ ▀  ▀   ▀ ▀  ▀   ▀      ▀   ",
            "               ⢀⡇⢀⡠⠖⠋    ⡇   ⣀⠤⠊⠁⢸⡀  ⢠⠇                                    ▀        ▀               ",
            "               ⣸⠖⠉       ⣇⡠⠔⠉     ⡇⡠⠖⠁                                   ▀    ▀                     ",
            "      ⠉⠉⠉⠉⠉⠉⢉⠽⠋⢹⠉⠉⠉⠉⠉⠉⠉⠉⠉⡏⠉⠉⠉⠉⠉⠉⣉⠽⡏⠉⠉⠉⠉⠉⠉⠉⠉⠉                             ▀    ▀                     ",
            "           ⢰⠃  ⠈⡇        ⡇   ⣠⠴⠊⠁⢸⠁                                        ▀        ▀               ",
            "          ⡔⠁    ⠙⢄       ⣇⡤⠖⠋   ⡠⠋                          ▀      ▀   ▀ ▀  ▀   ▀ ▀  ▀   ▀      ▀   ",
            "          ⡇       ⠑⢄ ⣀⠤⠴⠚⡇    ⡠⠊                          ▀      ▀  ▀▀ ▀ ▀▀   ▀ ▀  ▀  ▀▀     ▀▀     ",
            "          ⠑⠢⠤⠤⠤⠤⠤⠖⠒⠊⠙⠓⠲⠤⠤⡧⠤⠖⠒⠋                        ▀▀     ▀▀  ▀▀ ▀ ▀▀  ▀▀ ▀ ▀▀  ▀▀     ▀▀        ",
            "                         ⡇                         ▀     ▀▀  ▀▀ ▀▀▀▀  ▀▀ ▀▀▀▀  ▀▀     ▀▀            ",
            "                         ⡇                          ▀▀▀ ▀▀▀▀▀▀▀▀ ▀▀▀▀▀▀▀▀ ▀▀▀    ▀▀▀                ",
        ])
    }

    @Test func asciiAt78x20() {
        expectFrame(render(width: 78, height: 20, charset: .ascii, tier: .none), [
            " Terminal   78x20, TERM=xterm-256color                                        ",
            " Locale     ANSI_X3.4-1968 (not UTF-8) -> ASCII glyphs: --ascii               ",
            " Colour     256 colours, 65536 pairs -> tier none: terminfo: 256 colours      ",
            " Screen     alternate screen yes, cursor addressing yes                       ",
            " Braille    not used: --ascii; ASCII canvas instead                           ",
            " ASCII      . : ' - = + * # % @ | / \\ < > ^ v                                 ",
            " Ramps        ..:::--===+++**###%%@@    ..:::--===+++**###%%@@                ",
            " Series     *1 *2 *3 *4 *5 *6                                                 ",
            " Bandwidth  ~18.3 KB/s at 30 fps, budget 50.0 KB/s                            ",
            "            estimate: fixture                                                 ",
            " Assets     assets from /fixture/assets                                       ",
            " Theme      default: from fixture                                             ",
            " Fallbacks  - ASCII canvas instead of braille and blocks (--ascii)            ",
            "                                                                              ",
            " Preview: ASCII curves                  Preview: heatmap                      ",
            "                  .:.....               ....::::--==++***###%%%%%%@@@@@@@@@@@ ",
            "                .:.:'':::                      ......:::--==++***###%%%%%@@@@ ",
            "            ....::.:::::...                       ......:::--==++**###%%%%%%@ ",
            "              : '..:':'                        ......:::--==++***###%%%%%@@@@ ",
            "              ''''':'                   ....::::--==++***###%%%%%%@@@@@@@@@@@ ",
        ])
    }
}
