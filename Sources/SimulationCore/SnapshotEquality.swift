extension SimulationSnapshot {
    /// Whether `other` is a snapshot of the same concrete type and equal to this one.
    ///
    /// Lets code holding `any SimulationSnapshot` values (the engine's mailbox, replay checks)
    /// compare them: snapshots of different types are never equal.
    public func isEqual(to other: any SimulationSnapshot) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}
