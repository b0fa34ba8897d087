import Testing
@Test func placeholder_SimulationCoreTests() { #expect(Bool(true)) }
