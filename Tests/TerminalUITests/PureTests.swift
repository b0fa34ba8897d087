import Canvas
import Testing
@testable import TerminalUI

@Suite struct ColorMappingTests {
    /// On an 8-colour terminal grey must not become black (invisible on a dark background).
    @Test func greyOnEightColoursIsTheDefaultColour() {
        #expect(ColorMapping.colorNumber(.ansi(8), tier: .ansi16, colors: 8) == -1)
        #expect(ColorMapping.colorNumber(.ansi(9), tier: .ansi16, colors: 8) == 1)
        #expect(ColorMapping.colorNumber(.ansi(8), tier: .ansi16, colors: 16) == 8)
    }

    @Test func exactPaletteColoursMapToThemselves() {
        #expect(ColorMapping.nearestPalette256(255, 0, 0) == 196)
        #expect(ColorMapping.nearestPalette256(0, 0, 0) == 16)
        #expect(ColorMapping.nearestPalette256(255, 255, 255) == 231)
        #expect(ColorMapping.nearestPalette256(95, 135, 175) == 67)
        #expect(ColorMapping.nearestPalette256(128, 128, 128) == 244) // grey ramp 8+10*12
        for i in 16...255 {
            let (r, g, b) = ColorMapping.rgb(ofPalette: UInt8(i))
            let back = ColorMapping.nearestPalette256(r, g, b)
            #expect(ColorMapping.rgb(ofPalette: back) == ColorMapping.rgb(ofPalette: UInt8(i)),
                    "palette \(i) round trip gave \(back)")
        }
    }

    @Test func nearbyColoursSnapToTheCube() {
        #expect(ColorMapping.nearestPalette256(250, 5, 3) == 196)
        #expect(ColorMapping.nearestPalette256(100, 130, 170) == 67)
    }

    @Test func nearestOfSixteen() {
        #expect(ColorMapping.nearestANSI16(0, 0, 0) == 0)
        #expect(ColorMapping.nearestANSI16(250, 10, 10) == 9)
        #expect(ColorMapping.nearestANSI16(190, 0, 0) == 1)
        #expect(ColorMapping.nearestANSI16(0, 0, 230) == 4)
        #expect(ColorMapping.nearestANSI16(240, 240, 240) == 7 || ColorMapping.nearestANSI16(240, 240, 240) == 15)
        #expect(ColorMapping.nearestANSI16(255, 255, 255) == 15)
        #expect(ColorMapping.nearestANSI16(120, 120, 120) == 8)
    }

    @Test func colourNumbersPerTier() {
        let red = TerminalColor.rgb(255, 0, 0)
        #expect(ColorMapping.colorNumber(.default, tier: .palette256, colors: 256) == -1)
        #expect(ColorMapping.colorNumber(red, tier: .none, colors: 256) == -1)
        #expect(ColorMapping.colorNumber(red, tier: .ansi16, colors: 16) == 9)
        #expect(ColorMapping.colorNumber(red, tier: .ansi16, colors: 8) == 1) // bright folds to normal
        #expect(ColorMapping.colorNumber(red, tier: .palette256, colors: 256) == 196)
        #expect(ColorMapping.colorNumber(red, tier: .direct, colors: 1 << 24) == 0xFF0000)
        #expect(ColorMapping.colorNumber(.rgb(0, 0, 0), tier: .direct, colors: 1 << 24) == 8)
        #expect(ColorMapping.colorNumber(.ansi(3), tier: .direct, colors: 1 << 24) == 3)
        #expect(ColorMapping.colorNumber(.ansi(12), tier: .palette256, colors: 256) == 12)
        #expect(ColorMapping.colorNumber(.palette(196), tier: .ansi16, colors: 16) == 9)
        #expect(ColorMapping.colorNumber(.palette(4), tier: .ansi16, colors: 16) == 4)
        #expect(ColorMapping.colorNumber(.palette(196), tier: .direct, colors: 1 << 24) == 0xFF0000)
    }
}

@Suite struct PolicyTests {
    let xterm256 = TerminfoColorFacts(colors: 256, pairs: 65536, hasRGB: false)
    let direct = TerminfoColorFacts(colors: 1 << 24, pairs: 65536, hasRGB: true)
    let mono = TerminfoColorFacts(colors: -1, pairs: -1, hasRGB: false)
    let eight = TerminfoColorFacts(colors: 8, pairs: 64, hasRGB: false)

    @Test func terminfoDecidesByDefault() {
        #expect(TerminalPolicy.colorTier(environment: [:], terminfo: xterm256, request: .auto)
            == (.palette256, "terminfo: 256 colours"))
        #expect(TerminalPolicy.colorTier(environment: [:], terminfo: eight, request: .auto).tier == .ansi16)
        #expect(TerminalPolicy.colorTier(environment: [:], terminfo: mono, request: .auto).tier == .none)
        #expect(TerminalPolicy.colorTier(environment: [:], terminfo: direct, request: .auto).tier == .direct)
    }

    @Test func noColorBeatsTerminfoButNotTheFlag() {
        let env = ["NO_COLOR": "1", "COLORTERM": "truecolor"]
        #expect(TerminalPolicy.colorTier(environment: env, terminfo: direct, request: .auto)
            == (.none, "NO_COLOR is set"))
        #expect(TerminalPolicy.colorTier(environment: env, terminfo: xterm256, request: .palette256)
            == (.palette256, "--color 256"))
        #expect(TerminalPolicy.colorTier(environment: ["NO_COLOR": ""], terminfo: xterm256, request: .auto).tier
            == .palette256)
    }

    @Test func colortermNeedsTerminfoRGB() {
        let env = ["COLORTERM": "truecolor"]
        #expect(TerminalPolicy.colorTier(environment: env, terminfo: direct, request: .auto)
            == (.direct, "COLORTERM=truecolor"))
        let capped = TerminalPolicy.colorTier(environment: ["COLORTERM": "24bit"], terminfo: xterm256, request: .auto)
        #expect(capped.tier == .palette256)
        #expect(capped.reason.contains("COLORTERM=24bit"))
    }

    @Test func flagIsCappedByTerminfo() {
        #expect(TerminalPolicy.colorTier(environment: [:], terminfo: xterm256, request: .direct).tier == .palette256)
        #expect(TerminalPolicy.colorTier(environment: [:], terminfo: eight, request: .palette256).tier == .ansi16)
        #expect(TerminalPolicy.colorTier(environment: [:], terminfo: xterm256, request: .ansi16)
            == (.ansi16, "--color 16"))
        #expect(TerminalPolicy.colorTier(environment: [:], terminfo: direct, request: .none) == (.none, "--color none"))
        #expect(TerminalPolicy.colorTier(environment: [:], terminfo: mono, request: .ansi16).tier == .none)
    }

    @Test func charsetFromCodesetAndFlag() {
        #expect(TerminalPolicy.charset(codeset: "UTF-8", forceASCII: false).charset == .unicode)
        #expect(TerminalPolicy.charset(codeset: "utf8", forceASCII: false).charset == .unicode)
        #expect(TerminalPolicy.charset(codeset: "UTF-8", forceASCII: true) == (.ascii, "--ascii"))
        let c = TerminalPolicy.charset(codeset: "ANSI_X3.4-1968", forceASCII: false)
        #expect(c.charset == .ascii)
        #expect(c.reason.contains("not UTF-8"))
    }

    @Test func codesetFromLocaleVariables() {
        #expect(TerminalPolicy.codeset(environment: ["LANG": "en_US.UTF-8"]) == "UTF-8")
        #expect(TerminalPolicy.codeset(environment: ["LANG": "en_US.UTF-8", "LC_ALL": "C"]) == "ANSI_X3.4-1968")
        #expect(TerminalPolicy.codeset(environment: ["LC_CTYPE": "de_DE.ISO-8859-1@euro", "LANG": "C.UTF-8"])
            == "ISO-8859-1")
        #expect(TerminalPolicy.codeset(environment: [:]) == "ANSI_X3.4-1968")
        #expect(TerminalPolicy.codeset(environment: ["LC_ALL": "", "LANG": "C.utf8"]) == "utf8")
    }

    @Test func unusableTermIsRefusedWithItsName() throws {
        #expect(throws: TerminalError.termUnset) { try TerminalPolicy.validateTERM(nil) }
        #expect(throws: TerminalError.termUnset) { try TerminalPolicy.validateTERM("") }
        #expect(throws: TerminalError.dumbTerminal) { try TerminalPolicy.validateTERM("dumb") }
        #expect(try TerminalPolicy.validateTERM("xterm-256color") == "xterm-256color")
        #expect(TerminalError.termUnset.description.contains("TERM"))
        #expect(TerminalError.dumbTerminal.description.contains("TERM=dumb"))
        let unknown = TerminalError.unknownTerminal(term: "nosuchterm").description
        #expect(unknown.contains("TERM=nosuchterm"))
        #expect(unknown.contains("xterm-256color"))
        #expect(unknown.contains("tic -x"))
    }
}

@Suite struct KeyDecodingTests {
    func key(_ v: UInt32, code: Bool = false) -> KeyDecoding.Decoded {
        KeyDecoding.decode(isKeyCode: code, value: v)
    }

    @Test func characters() {
        #expect(key(0x61) == .key(.character("a")))
        #expect(key(0xE9) == .key(.character("é")))
        #expect(key(0x2847) == .key(.character("\u{2847}")))
        #expect(key(0x20) == .key(.character(" ")))
    }

    @Test func controlCharacters() {
        #expect(key(0x03) == .key(.control("c")))
        #expect(key(0x01) == .key(.control("a")))
        #expect(key(0x1A) == .key(.control("z")))
        #expect(key(0x0D) == .key(.enter))
        #expect(key(0x0A) == .key(.enter))
        #expect(key(0x09) == .key(.tab))
        #expect(key(0x1B) == .key(.escape))
        #expect(key(0x7F) == .key(.backspace))
        #expect(key(0x08) == .key(.backspace))
        #expect(key(0x00) == .key(.control("@")))
        #expect(key(0x1C) == .key(.control("\\")))
        #expect(key(0x85) == .ignored)
    }

    @Test func keyCodes() {
        func code(_ c: Int32) -> KeyDecoding.Decoded { key(UInt32(c), code: true) }
        #expect(code(CursesKey.up) == .key(.up))
        #expect(code(CursesKey.down) == .key(.down))
        #expect(code(CursesKey.left) == .key(.left))
        #expect(code(CursesKey.right) == .key(.right))
        #expect(code(CursesKey.home) == .key(.home))
        #expect(code(CursesKey.end) == .key(.end))
        #expect(code(CursesKey.pageUp) == .key(.pageUp))
        #expect(code(CursesKey.pageDown) == .key(.pageDown))
        #expect(code(CursesKey.backTab) == .key(.backTab))
        #expect(code(CursesKey.delete) == .key(.delete))
        #expect(code(CursesKey.backspace) == .key(.backspace))
        #expect(code(CursesKey.enter) == .key(.enter))
        #expect(code(CursesKey.f0 + 1) == .key(.function(1)))
        #expect(code(CursesKey.f0 + 12) == .key(.function(12)))
        #expect(code(CursesKey.resize) == .resize)
        #expect(code(CursesKey.mouse) == .mouse)
        #expect(code(CursesKey.f0) == .ignored)
    }
}

@Suite struct GlyphTests {
    @Test func sanitisesUntrustedText() {
        #expect(TerminalSession.makeGlyph("a", ascii: false).chars == [0x61, 0])
        #expect(TerminalSession.makeGlyph("\u{1B}", ascii: false).chars == [0x3F, 0])
        #expect(TerminalSession.makeGlyph("\u{202E}", ascii: false).chars == [0x20, 0])
        #expect(TerminalSession.makeGlyph("\u{2800}", ascii: true).chars == [0x3F, 0])
        #expect(TerminalSession.makeGlyph("", ascii: false).chars == [0x20, 0])
    }
}

@Suite struct MouseProtocolTests {
    @Test func sgrReportsDecodeToZeroBasedCellsButtonsAndModifiers() {
        #expect(MouseProtocol.decodeSGR("0;11;6M") == MouseEvent(x: 10, y: 5, kind: .press(button: 1)))
        #expect(MouseProtocol.decodeSGR("2;1;1M") == MouseEvent(x: 0, y: 0, kind: .press(button: 3)))
        #expect(MouseProtocol.decodeSGR("32;12;6M") == MouseEvent(x: 11, y: 5, kind: .drag(button: 1)))
        #expect(MouseProtocol.decodeSGR("0;12;6m") == MouseEvent(x: 11, y: 5, kind: .release(button: 1)))
        #expect(MouseProtocol.decodeSGR("4;3;3M") == MouseEvent(x: 2, y: 2, kind: .press(button: 1), modifiers: .shift))
        #expect(MouseProtocol.decodeSGR("24;3;3M") == MouseEvent(x: 2, y: 2, kind: .press(button: 1), modifiers: [.alt, .control]))
        #expect(MouseProtocol.decodeSGR("64;5;5M") == MouseEvent(x: 4, y: 4, kind: .scrollUp))
        #expect(MouseProtocol.decodeSGR("65;5;5M") == MouseEvent(x: 4, y: 4, kind: .scrollDown))
    }

    /// Columns past 223 (what the X10 encoding cannot say) come through on wide terminals.
    @Test func wideColumnsArePlainNumbers() {
        #expect(MouseProtocol.decodeSGR("0;300;70M") == MouseEvent(x: 299, y: 69, kind: .press(button: 1)))
    }

    /// What a terminal without SGR coordinates sends (32 + each number, 1-based cells).
    @Test func x10ReportsForTerminalsWithoutSGR() {
        #expect(MouseProtocol.decodeX10(code: 32, column: 43, row: 38) == MouseEvent(x: 10, y: 5, kind: .press(button: 1)))
        #expect(MouseProtocol.decodeX10(code: 64, column: 44, row: 38) == MouseEvent(x: 11, y: 5, kind: .drag(button: 1)))
        #expect(MouseProtocol.decodeX10(code: 35, column: 44, row: 38) == MouseEvent(x: 11, y: 5, kind: .release(button: 1)))
        #expect(MouseProtocol.decodeX10(code: 34, column: 33, row: 33) == MouseEvent(x: 0, y: 0, kind: .press(button: 3)))
        #expect(MouseProtocol.decodeX10(code: 31, column: 43, row: 38) == nil)
        #expect(MouseProtocol.decodeX10(code: 32, column: 32, row: 38) == nil)
    }

    @Test func malformedReportsAreRefused() {
        for body in ["", "M", "0;1M", "0;1;1", "0;0;1M", "0;1;0M", "a;1;1M", "0;1;1;1M", "0;;1M", "35;4;4M", "128;1;1M",
                     "0;123456;1M", "64;1;1m", "0;-1;1M"] {
            #expect(MouseProtocol.decodeSGR(body) == nil, "\(body)")
        }
    }

    /// The crash handler's reset string switches off every mode the session switches on.
    @Test func theResetStringUndoesWhatIsEnabled() {
        for mode in ["1002", "1006"] {
            #expect(MouseProtocol.enable.contains("\u{1B}[?\(mode)h"))
            #expect(MouseProtocol.disable.contains("\u{1B}[?\(mode)l"))
            #expect(TerminalSignals.resetSequence.contains("\u{1B}[?\(mode)l"))
        }
    }
}
