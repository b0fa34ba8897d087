import Testing
@Test func placeholder_PanesTests() { #expect(Bool(true)) }
