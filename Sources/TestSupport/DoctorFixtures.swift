import Canvas
import Panes

/// Fixed doctor reports for golden frames and benchmarks: no environment, no measurement.
public enum DoctorFixtures {
    public static func report(width: Int, height: Int, charset: Charset = .unicode,
                              tier: ColorTier = .palette256) -> DoctorReport {
        DoctorReport(
            width: width, height: height, term: "xterm-256color", locale: charset == .unicode ? "UTF-8" : "ANSI_X3.4-1968", isUTF8: charset == .unicode,
            charset: charset, charsetReason: charset == .unicode ? "locale is UTF-8" : "--ascii",
            colorTier: tier, colorTierReason: "terminfo: 256 colours", colors: 256, colorPairs: 65_536,
            hasAlternateScreen: true, canMoveCursor: true,
            estimatedBytesPerSecond: 18_300, estimateBasis: "estimate: fixture", framesPerSecond: 30,
            bandwidthBudget: 50_000, assets: "assets from /fixture/assets", theme: "default: from fixture",
            fallbacks: charset == .unicode ? [] : ["ASCII canvas instead of braille and blocks (--ascii)"])
    }
}
