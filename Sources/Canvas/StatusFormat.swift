/// Number formats shared by the status bar and the doctor screen.
public enum StatusFormat {
    /// "1.2 KB", "34 B", "5.6 MB" (decimal units, as bandwidth is usually quoted).
    public static func bytes(_ count: Double) -> String {
        guard count.isFinite, count >= 0 else { return "-- B" }
        if count < 1000 { return "\(Int(count.rounded())) B" }
        if count < 1_000_000 { return oneDecimal(count / 1000) + " KB" }
        return oneDecimal(count / 1_000_000) + " MB"
    }

    /// A rate without float noise: "30", "7.5", "0.25".
    public static func rate(_ value: Double) -> String {
        guard value.isFinite else { return "--" }
        if value >= 10 || value == value.rounded() { return String(Int(value.rounded())) }
        return trimmed(value, decimals: 2)
    }

    /// A speed multiplier: "1", "2", "0.5", "0.0625".
    public static func speed(_ value: Double) -> String {
        guard value.isFinite else { return "--" }
        return value == value.rounded() ? String(Int(value)) : trimmed(value, decimals: 4)
    }

    static func oneDecimal(_ value: Double) -> String { trimmed(value, decimals: 1, keepZero: true) }

    /// Fixed decimals without Foundation; trailing zeros dropped unless `keepZero`.
    static func trimmed(_ value: Double, decimals: Int, keepZero: Bool = false) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        var fraction = String(Int(scaled) - whole * Int(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        if !keepZero { while fraction.hasSuffix("0") { fraction.removeLast() } }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
