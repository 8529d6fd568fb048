extension Int {
    /// The number in decimal, padded with zeros on the left to at least `width` digits (`7.zeroPadded(2)` is `"07"`),
    /// as `String(format: "%0Nd")` writes it, without Foundation's formatter: dates and times are written on every
    /// booking, audit entry and calendar line.
    func zeroPadded(_ width: Int) -> String {
        let digits = String(magnitude)
        let padding = String(repeating: "0", count: Swift.max(0, width - digits.count))
        return (self < 0 ? "-" : "") + padding + digits
    }
}
