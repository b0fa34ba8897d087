import Testing
@Test func placeholder_CanvasTests() { #expect(Bool(true)) }
