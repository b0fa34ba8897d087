import Synchronization

/// A `Mutex` whose hand-offs between threads ThreadSanitizer can see.
///
/// On Linux, `Mutex` falls back under contention to priority-inheritance futexes: the kernel
/// hands the lock to the waiting thread, so no user-space atomic orders the two critical sections
/// and ThreadSanitizer reports false races on the protected value. Each critical section here
/// therefore begins with an acquiring load and ends with a releasing increment of `handoff`: the
/// same ordering the mutex already guarantees, made visible to the sanitizer at the cost of two
/// uncontended atomic operations.
///
/// Invariant: the value is only ever touched inside `withLock`, exactly as with `Mutex`.
struct Guarded<Value: ~Copyable>: ~Copyable, Sendable {
    private let mutex: Mutex<Value>
    private let handoff = Atomic<UInt64>(0)

    init(_ value: consuming sending Value) {
        mutex = Mutex(value)
    }

    borrowing func withLock<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        try mutex.withLock { (value: inout sending Value) throws(E) -> sending Result in
            _ = handoff.load(ordering: .acquiring)
            defer { handoff.add(1, ordering: .releasing) }
            return try body(&value)
        }
    }
}
