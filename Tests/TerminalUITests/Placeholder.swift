import Testing
@Test func placeholder_TerminalUITests() { #expect(Bool(true)) }
