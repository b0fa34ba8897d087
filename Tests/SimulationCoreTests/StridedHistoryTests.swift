import SimulationCore
import Testing

/// A history sampled every s steps and halved when it passes its bound.
@Suite struct StridedHistoryTests {
    @Test func halvingKeepsEveryOtherEntryFromTheFirst() {
        #expect(StridedHistory.halved([0, 1, 2, 3, 4]) == [0, 2, 4])
        #expect(StridedHistory.halved([7]) == [7])
        #expect(StridedHistory.halved([Int]()) == [])
    }

    /// Sampling step by step (append on the stride, halve past the bound) ends at the stride
    /// `stride(atStep:capacity:)` gives, with the entries at steps 0, s, 2s, ...
    @Test func theStrideFollowsFromTheStepAlone() {
        let capacity = 10
        var history: [Int] = [], stride = 1
        for step in 0...1000 {
            if step % stride == 0 {
                history.append(step)
                if history.count > capacity {
                    history = StridedHistory.halved(history)
                    stride *= 2
                }
            }
            #expect(StridedHistory.stride(atStep: step, capacity: capacity) == stride, "step \(step)")
            #expect(history == Array(Swift.stride(from: 0, through: step, by: stride)), "step \(step)")
        }
    }
}
