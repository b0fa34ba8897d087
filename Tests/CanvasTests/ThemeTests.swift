import Canvas
import Foundation
import Testing

@Suite struct ThemeTests {
    @Test func tierNoneKeepsRolesApartByAttributes() {
        let theme = Theme.builtIn(tier: .none)
        for role in Role.allCases {
            #expect(theme.style(role).foreground == .default && theme.style(role).background == .default, "\(role)")
        }
        #expect(theme.style(.text).attributes == [])
        #expect(theme.style(.title).attributes == .bold)
        #expect(theme.style(.muted).attributes == .dim)
        #expect(theme.style(.frame).attributes == .dim)
        #expect(theme.style(.focusedFrame).attributes == .bold)
        #expect(theme.style(.highlight).attributes == .reverse)
        #expect(theme.style(.error).attributes == [.bold, .reverse])
        #expect(theme.style(.statusBar).attributes == .reverse)
        #expect(theme.style(.statusKey).attributes == [.reverse, .bold])
        #expect(theme.style(.accent).attributes == .underline)
        let pairs: [(Role, Role)] = [(.text, .title), (.text, .muted), (.frame, .focusedFrame), (.warning, .error),
                                     (.statusBar, .statusKey), (.text, .highlight), (.series1, .series2)]
        for (a, b) in pairs { #expect(theme.style(a) != theme.style(b), "\(a) vs \(b)") }
    }

    @Test func colourTiersForOneRole() {
        // title: #5fafff, fg16 12, bold. #5fafff is cube (1, 3, 5) = 16 + 36 + 18 + 5 = 75.
        #expect(Theme.builtIn(tier: .direct).style(.title) == Style(foreground: .rgb(0x5f, 0xaf, 0xff), attributes: .bold))
        #expect(Theme.builtIn(tier: .palette256).style(.title) == Style(foreground: .palette(75), attributes: .bold))
        #expect(Theme.builtIn(tier: .ansi16).style(.title) == Style(foreground: .ansi(12), attributes: .bold))
        #expect(Theme.builtIn(tier: .ansi16).style(.statusBar) == Style(foreground: .ansi(15), background: .ansi(4)))
        #expect(Theme.builtIn(tier: .direct).style(.text) == .plain)
    }

    @Test func levelsPerTier() {
        for ramp in Ramp.allCases {
            #expect(Theme.builtIn(tier: .ansi16).levelCount(ramp) == 5)
            #expect(Theme.builtIn(tier: .palette256).levelCount(ramp) == 12)
            #expect(Theme.builtIn(tier: .direct).levelCount(ramp) == 16)
            #expect(Theme.builtIn(tier: .none).levelCount(ramp) == 1)
        }
    }

    @Test func distinctColoursAcrossTheRamp() {
        let theme = Theme.builtIn(tier: .direct)
        let colours = Set((0...300).map { theme.color(.sequential, at: Double($0) / 300) })
        #expect(colours.count == 16)
        let sixteen = Theme.builtIn(tier: .ansi16)
        #expect((0...100).map { sixteen.color(.diverging, at: Double($0) / 100) }.reduce(into: [TerminalColor]()) {
            if $0.last != $1 { $0.append($1) }
        } == [.ansi(3), .ansi(11), .ansi(7), .ansi(14), .ansi(4)])
    }

    @Test func rampEndpointsAndClamping() {
        let direct = Theme.builtIn(tier: .direct)
        #expect(direct.color(.sequential, at: 0) == .rgb(0x2c, 0x1e, 0x5a))
        #expect(direct.color(.sequential, at: 1) == .rgb(0xfd, 0xe7, 0x25))
        #expect(direct.color(.sequential, at: -3) == .rgb(0x2c, 0x1e, 0x5a))
        #expect(direct.color(.sequential, at: 9) == .rgb(0xfd, 0xe7, 0x25))
        #expect(direct.color(.diverging, at: 0) == .rgb(0xf5, 0x93, 0x22))
        #expect(direct.color(.diverging, at: 1) == .rgb(0x08, 0x77, 0xbd))
        #expect(direct.color(.sequential, at: .infinity) == .rgb(0xfd, 0xe7, 0x25))
        let p256 = Theme.builtIn(tier: .palette256)
        #expect(p256.color(.diverging, at: 0) == .palette(208))
        #expect(p256.color(.diverging, at: 1) == .palette(31))
        let a16 = Theme.builtIn(tier: .ansi16)
        #expect(a16.color(.sequential, at: 0) == .ansi(4))
        #expect(a16.color(.sequential, at: 1) == .ansi(11))
        #expect(a16.color(.diverging, at: 0.5) == .ansi(7))
        #expect(Theme.builtIn(tier: .none).color(.sequential, at: 0.5) == .default)
    }

    @Test func nanIsTheInvalidColour() {
        for tier in [ColorTier.ansi16, .palette256, .direct] {
            #expect(Theme.builtIn(tier: tier).color(.sequential, at: .nan) == Theme.invalidColor)
        }
        #expect(Theme.invalidColor == .ansi(5))
        #expect(Theme.builtIn(tier: .none).color(.diverging, at: .nan) == .default)
        #expect(Theme.builtIn(tier: .none).rampGlyph(at: .nan, charset: .unicode) == "?")
    }

    @Test func rampGlyphs() {
        let theme = Theme.builtIn(tier: .none)
        #expect([0, 0.25, 0.5, 0.75, 1].map { theme.rampGlyph(at: $0, charset: .unicode) } == [" ", "░", "▒", "▓", "█"])
        #expect((0...9).map { theme.rampGlyph(at: Double($0) / 9, charset: .ascii) }.joined() == " .:-=+*#%@")
        #expect(theme.rampGlyph(at: -1, charset: .ascii) == " ")
    }

    static let cube: [(RGB, UInt8)] = [
        (RGB(0, 0, 0), 16), (RGB(255, 0, 0), 196), (RGB(0, 255, 0), 46), (RGB(0, 0, 255), 21),
        (RGB(255, 255, 255), 231), (RGB(95, 135, 175), 67), (RGB(215, 175, 0), 178),
        (RGB(8, 8, 8), 232), (RGB(128, 128, 128), 244), (RGB(238, 238, 238), 255), (RGB(78, 78, 78), 239),
    ]

    @Test(arguments: cube)
    func nearest256(colour: RGB, index: UInt8) {
        #expect(Palette.nearest256(colour) == index)
    }

    @Test func paletteEntries() {
        #expect(Palette.rgb(ofPalette: 67) == RGB(95, 135, 175))
        #expect(Palette.rgb(ofPalette: 244) == RGB(128, 128, 128))
        #expect(Palette.rgb(ofPalette: 9) == RGB(255, 0, 0))
    }

    static let ansi: [(RGB, UInt8)] = [
        (RGB(0, 0, 0), 0), (RGB(205, 0, 0), 1), (RGB(250, 10, 10), 9), (RGB(127, 127, 127), 8),
        (RGB(100, 100, 100), 8), (RGB(255, 255, 255), 15), (RGB(230, 230, 230), 7), (RGB(90, 90, 250), 12),
    ]

    @Test(arguments: ansi)
    func nearest16(colour: RGB, index: UInt8) {
        #expect(Palette.nearest16(colour) == index)
    }

    @Test func hexParsing() {
        #expect(RGB(hex: "#ff8000") == RGB(255, 128, 0))
        #expect(RGB(hex: "#FF8000") == RGB(255, 128, 0))
        #expect(RGB(hex: "#000000") == RGB(0, 0, 0))
        #expect(RGB(1, 171, 255).hex == "#01abff")
        for bad in ["ff8000", "#ff800", "#ff80000", "#gg8000", "", "#", "#+12345", "#-00000", "# 12345", "#0x1234"] {
            #expect(RGB(hex: bad) == nil, "\(bad)")
        }
    }

    @Test func mixing() {
        #expect(RGB(0, 100, 200).mixed(with: RGB(100, 200, 0), 0.5) == RGB(50, 150, 100))
        #expect(RGB(0, 0, 0).mixed(with: RGB(255, 255, 255), 0) == RGB(0, 0, 0))
        #expect(RGB(0, 0, 0).mixed(with: RGB(255, 255, 255), 1) == RGB(255, 255, 255))
    }

    @Test func tierOrder() {
        #expect(ColorTier.none < .ansi16 && .ansi16 < .palette256 && .palette256 < .direct)
    }
}

@Suite struct ThemeLoadingTests {
    func temporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("canvas-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    @Test func validFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var spec = ThemeSpec.builtIn
        spec.name = "mine"
        spec.roles["title"] = RoleSpec(fg: "#ff0000", attributes: ["underline"])
        try JSONEncoder().encode(spec).write(to: URL(fileURLWithPath: folder + "/mine.json"))
        let (theme, origin) = Theme.load(named: "mine", tier: .direct, searchPaths: ["/nonexistent-canvas", folder])
        #expect(origin == .file(folder + "/mine.json"))
        #expect(theme.name == "mine")
        #expect(theme.style(.title) == Style(foreground: .rgb(255, 0, 0), attributes: .underline))
    }

    @Test func malformedFileFallsBackWithAReason() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("{ \"name\": \"broken\", ".utf8).write(to: URL(fileURLWithPath: folder + "/broken.json"))
        let (theme, origin) = Theme.load(named: "broken", tier: .palette256, searchPaths: [folder])
        #expect(theme.name == "default")
        #expect(theme.style(.title) == Theme.builtIn(tier: .palette256).style(.title))
        guard case .builtIn(let reason) = origin else { Issue.record("expected built-in, got \(origin)"); return }
        #expect(reason.hasPrefix("\(folder)/broken.json is not a valid theme: "))
    }

    @Test func missingFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (theme, origin) = Theme.load(named: "absent", tier: .direct, searchPaths: [folder])
        #expect(theme.name == "default")
        #expect(origin == .builtIn(reason: "no absent.json in \(folder)"))
        #expect(Theme.load(named: "absent", tier: .direct, searchPaths: []).1 == .builtIn(reason: "no assets folder"))
    }

    @Test(arguments: ["../default", "..", "a/b", "", "x.json", "dark\u{1b}[2J"])
    func nonPlainNamesAreRefused(name: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try JSONEncoder().encode(ThemeSpec.builtIn).write(to: URL(fileURLWithPath: folder + "/default.json"))
        let (theme, origin) = Theme.load(named: name, tier: .direct, searchPaths: [folder + "/sub"])
        #expect(theme.name == "default")
        #expect(origin == .builtIn(reason: "theme name '\(sanitize(name, removed: .shown))' is not a plain name"))
    }

    @Test func shippedDefaultMatchesBuiltIn() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("assets/themes/default.json"))
        let spec = try JSONDecoder().decode(ThemeSpec.self, from: data)
        #expect(spec == ThemeSpec.builtIn)
    }

    @Test func originDescriptions() {
        #expect(ThemeOrigin.file("/a/b.json").description == "from /a/b.json")
        #expect(ThemeOrigin.builtIn(reason: "why").description == "built-in (why)")
    }
}
