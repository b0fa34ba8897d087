import Testing
@Test func placeholder_SimulationEngineTests() { #expect(Bool(true)) }
