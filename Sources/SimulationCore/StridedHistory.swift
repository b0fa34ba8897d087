/// A chart's history sampled at steps 0, s, 2s, ... and kept to a bounded length: once it
/// passes the bound, every other entry goes and s doubles, so the entries stay evenly spaced
/// and each is the value at its own step (the labs' loss and gradient-norm histories).
public enum StridedHistory {
    /// Entries 0, 2, 4, ...: the same history at twice the stride.
    public static func halved<T>(_ entries: [T]) -> [T] {
        Swift.stride(from: 0, to: entries.count, by: 2).map { entries[$0] }
    }

    /// The stride of a history sampled through `step` in at most `capacity` entries: the
    /// smallest power of two s with ⌊step / s⌋ + 1 ≤ `capacity` (what halving arrives at).
    public static func stride(atStep step: Int, capacity: Int) -> Int {
        var stride = 1
        while step / stride + 1 > capacity { stride *= 2 }
        return stride
    }
}
