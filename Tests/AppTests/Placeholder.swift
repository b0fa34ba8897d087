import Testing
@Test func placeholder_AppTests() { #expect(Bool(true)) }
