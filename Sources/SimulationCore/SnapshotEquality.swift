extension SimulationSnapshot {
    /// Whether `other` is a snapshot of the same concrete type and equal to this one.
    ///
    /// Lets code holding `any SimulationSnapshot` values (the engine's mailbox, replay checks)
    /// compare them: snapshots of different types are never equal.
    public func isEqual(to other: any SimulationSnapshot) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }

    /// Whether `other` is a snapshot of the same type equal to this one but for the tick: the
    /// same picture, since panes draw nothing from the tick.
    public func showsSamePicture(as other: any SimulationSnapshot) -> Bool {
        guard var other = other as? Self else { return false }
        other.tick = tick
        return self == other
    }
}
