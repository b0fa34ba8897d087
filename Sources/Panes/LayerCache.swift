import Synchronization

/// Remembers values a pane computed for a key, such as a static layer of its picture (the
/// shaded surface behind the moving racers) that depends only on what the key names.
///
/// Invariant: a cached value equals what `make` would compute now, so a pane that uses the
/// cache is still a pure function of its context; the cache only saves the work. Holds at
/// most `capacity` entries (all dropped when full: keys change rarely, on resize or new input).
final class LayerCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: Value]>([:])
    let capacity: Int

    init(capacity: Int = 8) { self.capacity = max(1, capacity) }

    func value(for key: Key, make: () -> Value) -> Value {
        if let hit = entries.withLock({ $0[key] }) { return hit }
        let made = make()
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = made
        }
        return made
    }
}
