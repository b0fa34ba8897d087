import Canvas
import Testing

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("hello", 5), ("", 0), ("안녕하세요", 10), ("한국어 text", 11), ("中文字", 6), ("かな", 4),
        ("😀", 2), ("👨‍👩‍👧", 2), ("e\u{301}", 1), ("cafe\u{301}", 4), ("a\u{200B}b", 2),
        ("\u{200D}", 0), ("\u{FEFF}x", 1), ("ＡＢ", 4), ("\u{1112}\u{1161}\u{11AB}", 2),
    ])
    func widths(text: String, width: Int) {
        #expect(text.displayWidth == width)
    }

    @Test func characterWidths() {
        #expect(Character("a").displayWidth == 1)
        #expect(Character("한").displayWidth == 2)
        #expect(Character("\u{0007}").displayWidth == 0)
        #expect(Character("\u{301}").displayWidth == 0)
    }
}

@Suite struct WrapTests {
    @Test func koreanAtWidth5() {
        #expect(wrap("안녕하세요 세계", width: 5) == ["안녕", "하세", "요", "세계"])
    }

    @Test func koreanAtWidth7() {
        #expect(wrap("안녕하세요 세계", width: 7) == ["안녕하", "세요", "세계"])
    }

    @Test func koreanAtWidth9() {
        #expect(wrap("안녕하세요 세계", width: 9) == ["안녕하세", "요 세계"])
    }

    @Test func englishSentence() {
        let text = "The quick brown fox jumps over the lazy dog while gradients descend"
        #expect(wrap(text, width: 16) == [
            "The quick brown", "fox jumps over", "the lazy dog", "while gradients", "descend",
        ])
        for line in wrap(text, width: 16) { #expect(line.displayWidth <= 16) }
    }

    @Test func longWordIsBrokenAfterFillingTheLine() {
        #expect(wrap("ab cdefghijkl", width: 5) == ["ab cd", "efghi", "jkl"])
    }

    @Test func newlinesAndSpaces() {
        #expect(wrap("one\n\ntwo  three", width: 20) == ["one", "", "two three"])
        #expect(wrap("   ", width: 4) == [""])
    }

    @Test func degenerateWidths() {
        #expect(wrap("anything", width: 0) == [])
        #expect(wrap("abc", width: 1) == ["a", "b", "c"])
        #expect(wrap("한a", width: 1) == ["a"])   // a wide character can never fit in one cell
    }
}

@Suite struct TruncateTests {
    @Test(arguments: [
        (1, "…"), (2, "…"), (3, "안…"), (4, "안…"), (5, "안녕…"), (6, "안녕…"), (7, "안녕하…"),
        (9, "안녕하세…"), (10, "안녕하세요"), (11, "안녕하세요"),
    ])
    func koreanAtEachWidth(width: Int, expected: String) {
        let cut = truncate("안녕하세요", width: width)
        #expect(cut == expected)
        #expect(cut.displayWidth <= width)
    }

    @Test func asciiEllipsis() {
        #expect(truncate("안녕하세요", width: 5, charset: .ascii) == "안녕~")
        #expect(truncate("overflowing", width: 5, charset: .ascii) == "over~")
        #expect(truncate("overflowing", width: 5) == "over…")
    }

    @Test func nothingToCut() {
        #expect(truncate("fits", width: 4) == "fits")
        #expect(truncate("fits", width: 0) == "")
        #expect(truncate("fits", width: -3) == "")
        #expect(truncate("e\u{301}e\u{301}x", width: 2) == "e\u{301}…")
    }
}

@Suite struct WriteTests {
    @Test func koreanAtOddClipWidth() {
        var grid = CellGrid(width: 7, height: 2)
        let used = grid.write("안녕하세요", x: 0, y: 0)
        grid.write("안녕하세요", x: 1, y: 1, maxWidth: 5)
        #expect(used == 7)
        #expect(grid.plainLines() == ["안녕하…", " 안녕… "])
        #expect(grid[1, 0].isContinuation && grid[6, 0].grapheme == "…")
        #expect(wideCharacterViolations(grid).isEmpty)
    }

    @Test func koreanFittingExactly() {
        var grid = CellGrid(width: 6, height: 1, fill: Cell("."))
        grid.write("한글", x: 1, y: 0)
        #expect(grid.plainLines() == [".한글."])
        #expect(wideCharacterViolations(grid).isEmpty)
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var grid = CellGrid(width: 5, height: 1)
        grid.write("한글", x: 0, y: 0)
        grid.write("x", x: 1, y: 0)           // right half of 한
        #expect(grid.plainLines() == [" x글 "])
        grid.write("y", x: 2, y: 0)           // left half of 글
        #expect(grid.plainLines() == [" xy  "])
        #expect(wideCharacterViolations(grid).isEmpty)
        var other = CellGrid(width: 5, height: 1)
        other.write("한글", x: 0, y: 0)
        other.write("中", x: 1, y: 0)          // straddles both
        #expect(other.plainLines() == [" 中  "])
        #expect(wideCharacterViolations(other).isEmpty)
    }

    @Test func writingAtNegativeX() {
        var grid = CellGrid(width: 10, height: 3, fill: Cell("."))
        grid.write("abcdef", x: -2, y: 0)
        grid.write("abcdefghijkl", x: -2, y: 1)
        grid.write("abcdefgh", x: -2, y: 2, maxWidth: 5)
        #expect(grid.plainLines() == ["cdef......", "cdefghijkl", "cd…......."])
    }

    @Test func wideCharacterCutByTheLeftEdgeBecomesASpace() {
        var grid = CellGrid(width: 6, height: 1, fill: Cell("x"))
        grid.write("한글ab", x: -1, y: 0)
        #expect(grid.plainLines() == [" 글abx"])
        #expect(wideCharacterViolations(grid).isEmpty)
    }

    @Test func writeIsSanitisedAndStyled() {
        let bold = Style(attributes: .bold)
        var grid = CellGrid(width: 8, height: 1)
        grid.write("a\u{1b}[2Jb\tc", x: 0, y: 0, style: bold)
        #expect(grid.plainLines() == ["a[2Jb c "])
        #expect(grid[0, 0].style == bold && grid[7, 0].style == .plain)
    }

    @Test func asciiCharsetReplacesNonASCII() {
        var grid = CellGrid(width: 6, height: 1)
        grid.write("한a글bcdef", x: 0, y: 0, charset: .ascii)
        #expect(grid.plainLines() == ["?a?bc~"])
    }

    @Test func outsideTheGrid() {
        var grid = CellGrid(width: 3, height: 1)
        #expect(grid.write("abc", x: 3, y: 0) == 0)
        #expect(grid.write("abc", x: 0, y: 1) == 0)
        #expect(grid.write("abc", x: 0, y: -1) == 0)
        #expect(grid.write("abc", x: 0, y: 0, maxWidth: 0) == 0)
        #expect(grid.plainLines() == ["   "])
    }

    @Test func zeroAndOneCellGrids() {
        var empty = CellGrid(width: 0, height: 0)
        #expect(empty.write("abc", x: 0, y: 0) == 0)
        empty.put(Cell("x"), at: 0, 0)
        empty.fill(Rect(width: 5, height: 5), with: Cell("x"))
        #expect(empty.plainLines() == [] && empty.ansiText() == "")
        var one = CellGrid(width: 1, height: 1)
        one.write("한", x: 0, y: 0)
        #expect(one.plainLines() == ["…"])
        one.write("a", x: 0, y: 0)
        #expect(one.plainLines() == ["a"])
        one.write("ab", x: 0, y: 0)
        #expect(one.plainLines() == ["…"])
        #expect(wideCharacterViolations(one).isEmpty)
    }

    @Test func invariantOverAWholeGridOfMixedWrites() {
        var grid = CellGrid(width: 9, height: 4)
        for y in 0..<4 {
            for x in -3...8 { grid.write("가나다라마바", x: x, y: y, maxWidth: 2 * y + 3) }
            grid.write("ab", x: y, y: y)
            #expect(wideCharacterViolations(grid).isEmpty, "after row \(y)")
        }
    }
}

@Suite struct SanitizeTests {
    static let hostile: [(String, String)] = [
        ("\u{1b}]52;c;ZXZpbA==\u{07}", "]52;c;ZXZpbA=="),
        ("\u{1b}[2J", "[2J"),
        ("\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\", "]8;;http://x\\link]8;;\\"),
        ("abc\u{202e}def", "abcdef"),
        ("zero\u{200d}width\u{200b}joiner", "zerowidthjoiner"),
        ("\u{feff}bom", "bom"),
        ("\u{9b}2J", "2J"),
        ("del\u{7f}ete", "delete"),
        ("tab\there", "tab here"),
        ("cr\r\nlf", "crlf"),
        ("nul\u{0}bell\u{7}", "nulbell"),
        ("\u{2066}isolate\u{2069}", "isolate"),
        ("soft\u{ad}hyphen", "softhyphen"),
        ("안녕 e\u{301} 😀", "안녕 e\u{301} 😀"),
    ]

    @Test(arguments: hostile)
    func removesControlsAndFormats(input: String, visible: String) {
        let clean = sanitize(input)
        #expect(clean == visible)
        for scalar in clean.unicodeScalars {
            #expect(scalar.properties.generalCategory != .control, "control \(scalar.value)")
            #expect(scalar.properties.generalCategory != .format, "format \(scalar.value)")
        }
    }

    @Test func newlinesOnlyWhenAsked() {
        #expect(sanitize("a\nb") == "ab")
        #expect(sanitize("a\nb", keepNewlines: true) == "a\nb")
        #expect(sanitize("a\r\nb", keepNewlines: true) == "a\nb")
    }

    /// For diagnostics: what was removed is written as an escape a reader can see.
    static let shown: [(String, String)] = [
        ("\u{1b}]52;c;ZXZpbA==\u{07}", "\\x1b]52;c;ZXZpbA==\\x07"),
        ("\u{9b}2J", "\\x9b2J"),
        ("tab\there", "tab\\there"),
        ("cr\r\nlf", "cr\\r\\nlf"),
        ("del\u{7f}", "del\\x7f"),
        ("abc\u{202e}def", "abc\\u{202e}def"),
        ("line\u{2028}sep\u{2029}", "line\\u{2028}sep\\u{2029}"),
        ("tag\u{e0041}", "tag\\u{e0041}"),
        ("back\\slash and 안녕 e\u{301}", "back\\slash and 안녕 e\u{301}"),
    ]

    @Test(arguments: shown)
    func showsWhatItRemoves(input: String, escaped: String) {
        let clean = sanitize(input, removed: .shown)
        #expect(clean == escaped)
        #expect(sanitize(clean, removed: .shown) == clean, "sanitising twice changes nothing")
        #expect(clean.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) })
    }

    /// U+2028 and U+2029 are line breaks to some terminals and readers: a newline where
    /// newlines are kept, a space where they are not.
    @Test func lineAndParagraphSeparators() {
        #expect(sanitize("a\u{2028}b\u{2029}c") == "a b c")
        #expect(sanitize("a\u{2028}b\u{2029}c", keepNewlines: true) == "a\nb\nc")
        #expect(sanitize("one\ntwo\u{1b}", keepNewlines: true, removed: .shown) == "one\ntwo\\x1b")
    }

    @Test func everyC0AndC1ControlIsRemoved() {
        var text = ""
        for v in Array(0...0x1F) + Array(0x7F...0x9F) where v != 0x09 {
            text.unicodeScalars.append(Unicode.Scalar(UInt32(v))!)
            text += "x"
        }
        #expect(sanitize(text) == String(repeating: "x", count: 32 + 33 - 1))
    }
}

/// `sanitize`'s fast paths keep exactly what its full check keeps: every scalar of the first
/// three planes, alone and between printable text, survives if and only if it is not a
/// control, a format character or a line or paragraph separator.
struct SanitizeFastPathTests {
    @Test func everyScalarIsKeptExactlyWhenItIsPrintable() {
        let removedCategories: Set<Unicode.GeneralCategory> = [.control, .format, .lineSeparator, .paragraphSeparator]
        var checked = 0
        for value in UInt32(0)...0x2FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let alone = String(Character(scalar))
            let kept = !removedCategories.contains(scalar.properties.generalCategory)
            #expect((sanitize(alone) == alone) == kept, "U+\(String(value, radix: 16)) \(scalar.properties.generalCategory)")
            if kept { #expect(sanitize("κ=" + alone + "‖") == "κ=" + alone + "‖") }
            checked += 1
        }
        #expect(checked > 190_000)
    }

    @Test func widthsOfPrintableASCIIAndOfWideText() {
        #expect("loss 0.0072 acc 100.0%".displayWidth == 22)
        #expect("κ(H) 4.4".displayWidth == 8)
        #expect("학습 정확도".displayWidth == 11)
        #expect("".displayWidth == 0)
    }
}
